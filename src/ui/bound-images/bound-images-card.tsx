/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Bound images": the app images the booted OS declares in /usr/lib/bootc/bound-images.d (pulled with
 * every update), whether each is in bootc's storage, what bootc would refuse, and what the staged
 * deployment changes.
 */

import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { ExclamationTriangleIcon } from "@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon.js";

import { diffBoundImages, floatingTag, isStored } from "../../backend";
import type { Declaration, DeclarationsResult, HostModel, ImageReport, Outcome, StoredImage } from "../../backend";
import { Alert, InCard } from "../common/alert";
import { HostText, hostText } from "../common/host-text";
import { imageVersion } from "../common/image-text";
import { ImagesPending } from "../common/images-pending";
import { Label } from "../common/label";
import { problemText } from "../common/problem-text";
import { Table, Tbody, Td, Th, Thead, Tr } from "../common/table";
import { _, format, ngettext } from "../i18n";
import { usePageValue } from "../state/context";

/** The images a root declares, from its files; what bootc lists when the files could not be read. */
function declaredImages(
    declarations: Outcome<DeclarationsResult>,
    logical: ImageReport["logical"] | null,
): Declaration[] | null {
    if (declarations.ok)
        return declarations.value.kind === "read" ? declarations.value.declarations : null;
    if (logical?.ok)
        return logical.value.map(
            entry => ({ name: "", target: null, image: entry.image, problem: null, message: null }),
        );
    return null;
}

function StorageLabel({ image, stored }: { image: string; stored: StoredImage[] | null }) {
    const present = isStored(image, stored);
    if (present === null)
        return <Label className="ct-bound-storage" data-stored="unknown" isCompact>{_("Unknown")}</Label>;
    return present
        ? <Label className="ct-bound-storage" data-stored="yes" color="green" isCompact>{_("Stored")}</Label>
        : <Label className="ct-bound-storage" data-stored="no" color="red" isCompact>{_("Missing")}</Label>;
}

function Notes({ declaration }: { declaration: Declaration }) {
    if (declaration.problem) {
        const text = declaration.problem === "too-big"
            ? _("The file is larger than 64 KiB; the page did not read it.")
            : format(_("bootc refuses this declaration: $0"), declaration.message ?? declaration.problem);
        return <div className="ct-bound-problem ct-icon-danger">{text}</div>;
    }
    const floating = declaration.image ? floatingTag(declaration.image) : null;
    if (floating === "latest")
        return <FloatingNote text={_("Floating tag: updates do not refresh it")} />;
    if (floating === "untagged")
        return <FloatingNote text={_("No tag: updates do not refresh it, and bootc may prune it")} />;
    return null;
}

/** A warning in words: the icon carries the colour (status yellow is too light for text, WCAG 1.4.3). */
function FloatingNote({ text }: { text: string }) {
    return (
        <div className="ct-bound-floating">
            <ExclamationTriangleIcon className="ct-icon-warning" aria-hidden="true" /> {text}
        </div>
    );
}

function DeclarationsTable({ declarations, stored }: { declarations: Declaration[]; stored: StoredImage[] | null }) {
    return (
        <Table id="bound-images-table" aria-label={_("Bound images")} variant="compact" gridBreakPoint="grid-md">
            <Thead>
                <Tr>
                    <Th width={30}>{_("Image")}</Th>
                    <Th>{_("Declared in")}</Th>
                    <Th modifier="fitContent">{_("In bootc's storage")}</Th>
                    <Th width={25}>{_("Notes")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {declarations.map((declaration, index) => (
                    <Tr
                        key={`${declaration.name}/${index}`}
                        className="ct-bound-row"
                        data-image={declaration.image ?? ""}
                        data-problem={declaration.problem ?? ""}
                    >
                        <Td dataLabel={_("Image")}>
                            <span className="ct-image-name">
                                {declaration.image ? <HostText value={declaration.image} /> : _("None")}
                            </span>
                        </Td>
                        <Td dataLabel={_("Declared in")}>
                            {declaration.name && <div><code><HostText value={declaration.name} /></code></div>}
                            {declaration.target && (
                                <div className="ct-secondary ct-path">
                                    {format(_("links to $0"), hostText(declaration.target))}
                                </div>
                            )}
                        </Td>
                        <Td dataLabel={_("In bootc's storage")}>
                            {declaration.image && !declaration.problem && (
                                <StorageLabel image={declaration.image} stored={stored} />
                            )}
                        </Td>
                        <Td dataLabel={_("Notes")}><Notes declaration={declaration} /></Td>
                    </Tr>
                ))}
            </Tbody>
        </Table>
    );
}

function imagesOf(declarations: Declaration[]): string[] {
    return declarations.filter(d => d.image !== null && d.problem === null).map(d => d.image as string);
}

/** What the staged deployment brings along, compared with the booted one. */
interface StagedChangesProps {
    host: HostModel;
    report: ImageReport;
    /** the booted deployment's declarations, null when they could not be read */
    booted: Declaration[] | null;
}

function StagedChanges({ host, report, booted }: StagedChangesProps) {
    const staged = report.staged;
    if (!host.staged || staged === null)
        return null;
    const version = imageVersion(host.staged.image);
    const title = format(_("What the staged $0 changes"), version);
    let body: React.ReactNode;
    if (staged === "composefs") {
        body = _("Its declarations cannot be read: on the composefs backend its root is not an ostree deployment directory.");
    } else if (!staged.ok) {
        body = format(_("Its declarations cannot be read: $0"), problemText(staged.problem));
    } else if (staged.value.kind === "no-root") {
        body = _("Its declarations cannot be read: its deployment directory is not there.");
    } else if (!booted) {
        body = _("The booted deployment's declarations cannot be read, so there is nothing to compare with.");
    } else {
        const diff = diffBoundImages(imagesOf(booted), imagesOf(staged.value.declarations));
        const bad = staged.value.declarations.filter(d => d.problem !== null);
        const none = diff.added.length + diff.removed.length + diff.changed.length === 0;
        body = (
            <ul className="ct-bound-diff">
                {none && <li data-change="none">{_("It declares the same bound images.")}</li>}
                {diff.added.map(image => <li key={`+${image}`} data-change="added">{format(_("Adds $0"), image)}</li>)}
                {diff.changed.map(change => (
                    <li key={`~${change.to}`} data-change="changed">
                        {format(_("Changes $0 to $1"), change.from, change.to)}
                    </li>
                ))}
                {diff.removed.map(image => <li key={`-${image}`} data-change="removed">{format(_("Removes $0 (bootc prunes it from its storage once no deployment declares it)"), image)}</li>)}
                {bad.map(d => (
                    <li key={`!${d.name}`} data-change="refused">
                        {format(_("$0: $1"), d.name, d.message ?? d.problem ?? "")}
                    </li>
                ))}
            </ul>
        );
    }
    return (
        <div id="bound-images-staged" className="ct-bound-staged">
            <h3 className="ct-bound-staged-title">{title}</h3>
            {body}
        </div>
    );
}

export function BoundImagesCard({ host }: { host: HostModel }) {
    const report = usePageValue(state => state.images);
    let body: React.ReactNode;
    if (!report) {
        body = <ImagesPending id="bound-images-pending" />;
    } else {
        const booted = declaredImages(report.booted, report.logical);
        const stored = report.stored.ok ? report.stored.value : null;
        const missing = booted ? booted.filter(d => d.image && !d.problem && isStored(d.image, stored) === false) : [];
        body = (
            <>
                {!report.logical.ok && (
                    <Alert
                        id="bound-images-list-error"
                        className="ct-card-alert"
                        isInline
                        variant="warning"
                        title={_("bootc cannot list the bound images")}
                    >
                        <div className="ct-bootc-message">{problemText(report.logical.problem)}</div>
                    </Alert>
                )}
                {!report.stored.ok && (
                    <Alert id="bound-images-storage-error" className="ct-card-alert" isInline isPlain variant="info" title={_("bootc's image storage could not be read; whether the images are there is unknown.")}>
                        <div className="ct-bootc-message">{problemText(report.stored.problem)}</div>
                    </Alert>
                )}
                {missing.length > 0 && (
                    <Alert
                        id="bound-images-missing"
                        className="ct-card-alert"
                        isInline
                        variant="warning"
                        title={format(
                            ngettext(
                                "$0 of them is not in bootc's storage", "$0 of them are not in bootc's storage",
                                missing.length,
                            ),
                            missing.length,
                        )}
                    >
                        {_("Services that use them cannot start. bootc pulls missing bound images when it next stages an update or a switch.")}
                    </Alert>
                )}
                {booted === null && !report.booted.ok && (
                    <Alert
                        className="ct-card-alert"
                        isInline
                        variant="warning"
                        title={_("The declarations could not be read")}
                    >
                        <div className="ct-bootc-message">{problemText(report.booted.problem)}</div>
                    </Alert>
                )}
                {booted && booted.length === 0 && (
                    <p id="bound-images-none">{_("The running OS image declares no bound images.")}</p>
                )}
                {booted && booted.length > 0 && <DeclarationsTable declarations={booted} stored={stored} />}
                {booted?.some(d => d.image && !d.problem && floatingTag(d.image)) && (
                    <p id="bound-images-floating-help" className="ct-secondary">
                        {_("bootc pulls a bound image only when it is missing from its storage, so a floating tag such as :latest keeps the copy that was pulled first. Declare a fixed tag or a digest in the OS image to update it with the OS.")}
                    </p>
                )}
                <StagedChanges host={host} report={report} booted={booted} />
            </>
        );
    }
    return (
        <InCard>
            <Card id="bound-images" className="ct-card">
                <CardHeader>
                    <CardTitle component="h2">{_("Bound images")}</CardTitle>
                    <div className="ct-secondary">{_("App images the running OS image declares in /usr/lib/bootc/bound-images.d. bootc pulls them into its own storage with every update.")}</div>
                </CardHeader>
                <CardBody>{body}</CardBody>
            </Card>
        </InCard>
    );
}
