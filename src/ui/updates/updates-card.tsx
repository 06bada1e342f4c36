/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The update state as the backend derives it from what bootc said (updateState), with "Check for
 * updates" and "Update…". It says "up to date" only after a check on record said so, with its time.
 */

import { useState } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardFooter, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Flex, FlexItem } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";
import { CheckCircleIcon } from "@patternfly/react-icons/dist/esm/icons/check-circle-icon.js";
import { DownloadIcon } from "@patternfly/react-icons/dist/esm/icons/download-icon.js";
import { ExclamationCircleIcon } from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon.js";
import { PendingIcon } from "@patternfly/react-icons/dist/esm/icons/pending-icon.js";
import { QuestionCircleIcon } from "@patternfly/react-icons/dist/esm/icons/question-circle-icon.js";
import { RedoIcon } from "@patternfly/react-icons/dist/esm/icons/redo-icon.js";

import { problemCause, problemOf, updateState } from "../../backend";
import type { AvailableUpdate, BootcProblem, CheckFinding, HostModel, UpdateBlocker, UpdateState } from "../../backend";
import { Alert, InCard } from "../common/alert";
import { BuildTime } from "../common/build-time";
import { useDialogs } from "../common/dialogs";
import { Digest } from "../common/digest";
import { causeHelp, causeTitle } from "../common/failure-text";
import { FullOutput } from "../common/full-output";
import { imageVersion, updateVersion } from "../common/image-text";
import { problemText } from "../common/problem-text";
import { relativeTime, shortDate } from "../format";
import { _, format } from "../i18n";
import { useBackend, usePageStore, usePageValue } from "../state/context";
import { canStart, operationActive } from "../state/page-store";

function blockerText(blocker: UpdateBlocker): string {
    switch (blocker) {
    case "incompatible":
        return _("bootc cannot update this system: the running deployment has local rpm-ostree changes (layered or overridden packages). Use rpm-ostree, or undo them with “rpm-ostree reset”.");
    case "read-only":
        return _("bootc cannot update this system: it runs from read-only media.");
    case "no-image":
        return _("bootc cannot update this system: it does not track a container image.");
    }
}

/** "About 420.1 MB to download (3 new of 65 layers)", when the last check counted this update's layers. */
export function expectedDownload(update: AvailableUpdate): string | null {
    const layers = update.layers;
    if (!layers?.added)
        return null;
    return format(_("About $0 to download ($1 new of $2 layers)"), layers.added.size, layers.added.layers, layers.total?.layers ?? "?");
}

interface StatusProps {
    icon: React.ReactNode;
    /** the state's name, for tests (`data-state`) */
    id: string;
    title: string;
    children?: React.ReactNode;
}

function Status({ icon, id, title, children }: StatusProps) {
    return (
        <Flex
            id="update-status"
            data-state={id}
            flexWrap={{ default: "nowrap" }}
            alignItems={{ default: "alignItemsFlexStart" }}
        >
            <FlexItem className="ct-update-icon">{icon}</FlexItem>
            <FlexItem>
                <div id="update-status-title" className="ct-update-title">{title}</div>
                {children}
            </FlexItem>
        </Flex>
    );
}

/** Why a check failed: bootc's words, the advice for its cause, and the full error on demand. */
function CheckFailure({ problem }: { problem: BootcProblem }) {
    const cause = problemCause(problem);
    const title = cause && causeTitle(cause);
    const help = cause && causeHelp(cause);
    return (
        <>
            {title && <div className="ct-check-cause" data-cause={cause}>{title}</div>}
            <div className="ct-bootc-message">{problemText(problem)}</div>
            {help && <p className="ct-secondary ct-check-help">{help}</p>}
            {problem.kind === "failed" && <FullOutput text={problem.stderr} toggle={_("Show the full error")} />}
        </>
    );
}

/** Under a known update: the newest check did not get through, so there may be a newer one. */
function LastCheckFailed({ problem }: { problem: BootcProblem }) {
    return (
        <div id="update-check-failed" className="ct-card-alert">
            <Alert isInline isPlain variant="warning" title={_("The last check for updates failed")}>
                <CheckFailure problem={problem} />
            </Alert>
        </div>
    );
}

/** When the last check on record ran. */
function checkedAt(at: Date | null): string {
    return at ? format(_("Last checked $0."), relativeTime(at)) : _("Checked since the system started.");
}

/** Where the page knows an update from, under its heading. */
function foundWhen(state: UpdateState): string {
    const finding = state.lastCheck;
    if (finding.kind === "update" || finding.kind === "failed")
        return checkedAt(finding.at);
    return _("bootc found it when it last fetched the image: not from this page, perhaps by the automatic update timer or a command on the host.");
}

function AvailableStatus({ state, available }: { state: UpdateState; available: AvailableUpdate }) {
    const image = available.image;
    const download = expectedDownload(available);
    const title = image?.builtAt
        ? format(_("Update available: $0 ($1)"), updateVersion(available), shortDate(image.builtAt))
        : format(_("Update available: $0"), updateVersion(available));
    return (
        <Status id="available" icon={<DownloadIcon className="ct-icon-info" />} title={title}>
            {(image || available.digest) && (
                <div className="ct-secondary">
                    {image?.builtAt && <><BuildTime image={image} />{" · "}</>}
                    {available.digest && <Digest digest={available.digest} id="update-digest" />}
                </div>
            )}
            {!available.version && !available.digest && (
                <div id="update-unnamed" className="ct-secondary">
                    {_("bootc found a newer build of the tracked image, but does not name it before it is downloaded.")}
                </div>
            )}
            {download && <div id="update-download-size" className="ct-secondary">{download}</div>}
            {state.staged && (
                <div className="ct-secondary">
                    {format(_("Newer than the staged $0."), imageVersion(state.staged.image))}
                </div>
            )}
            <div id="update-found" className="ct-secondary">{foundWhen(state)}</div>
            {state.lastCheck.kind === "failed" && <LastCheckFailed problem={state.lastCheck.problem} />}
        </Status>
    );
}

/** Under a staged update: what the last check said since, if anything. */
function StagedCheckNote({ finding }: { finding: CheckFinding }) {
    switch (finding.kind) {
    case "failed":
        return <LastCheckFailed problem={finding.problem} />;
    case "up-to-date":
        return <div className="ct-secondary">{format(_("$0 Nothing newer was found."), checkedAt(finding.at))}</div>;
    case "update":
        // only a check that named no build (composefs) leaves an update unplaced next to a staged one
        return (
            <div id="update-found-unnamed" className="ct-secondary">
                {format(_("$0 bootc found a newer build than the booted one, but did not name it: it may be the staged one."), checkedAt(finding.at))}
            </div>
        );
    default:
        return null;
    }
}

/** The heading and details for the update state; CHECKING wins over everything but a blocker. */
function StateStatus({ state, checking }: { state: UpdateState; checking: boolean }) {
    const { available, staged, lastCheck } = state;
    if (state.blocker) {
        return (
            <Status
                id="blocked"
                icon={<ExclamationCircleIcon className="ct-icon-warning" />}
                title={_("Updates are not possible")}
            >
                <div className="ct-secondary">{blockerText(state.blocker)}</div>
            </Status>
        );
    }
    if (checking) {
        return (
            <Status
                id="checking"
                icon={<Spinner size="md" aria-label={_("Checking")} />}
                title={_("Checking for updates…")}
            />
        );
    }
    if (available)
        return <AvailableStatus state={state} available={available} />;
    if (staged?.downloadOnly) {
        return (
            <Status
                id="download-only"
                icon={<PendingIcon />}
                title={_("Download only: staged but not applied on reboot")}
            >
                <div className="ct-secondary">
                    {format(_("$0 is downloaded. Apply it to boot into it."), imageVersion(staged.image))}
                </div>
                <StagedCheckNote finding={lastCheck} />
            </Status>
        );
    }
    if (staged) {
        return (
            <Status
                id="staged"
                icon={<RedoIcon className="ct-icon-info" />}
                title={format(_("Update staged: reboots into $0"), imageVersion(staged.image))}
            >
                <StagedCheckNote finding={lastCheck} />
            </Status>
        );
    }
    switch (lastCheck.kind) {
    case "failed":
        // never "up to date" after a failed check
        return (
            <Status
                id="check-failed"
                icon={<ExclamationCircleIcon className="ct-icon-danger" />}
                title={_("Checking for updates failed")}
            >
                <CheckFailure problem={lastCheck.problem} />
            </Status>
        );
    case "up-to-date":
        return (
            <Status id="up-to-date" icon={<CheckCircleIcon className="ct-icon-success" />} title={_("Up to date")}>
                <div className="ct-secondary">{checkedAt(lastCheck.at)}</div>
            </Status>
        );
    case "unknown":
        return (
            <Status
                id="check-unknown"
                icon={<QuestionCircleIcon />}
                title={_("The last check's answer was not understood")}
            >
                <div className="ct-secondary">
                    {format(_("$0 Whether there is an update is not known."), checkedAt(lastCheck.at))}
                </div>
            </Status>
        );
    case "update":
    case "none":
        return (
            <Status id="not-checked" icon={<QuestionCircleIcon />} title={_("Not checked yet")}>
                <div className="ct-secondary">
                    {_("No check for updates is on record since the system started. Check to find out whether a newer build of the tracked image is available.")}
                </div>
            </Status>
        );
    }
}

/** The update state, with "Check for updates" and "Update…"; a running check shows here too. */
export function UpdatesCard({ host }: { host: HostModel }) {
    const client = useBackend();
    const store = usePageStore();
    const dialogs = useDialogs();
    const lastCheck = usePageValue(state => state.lastCheck);
    const idle = usePageValue(canStart);
    const followedCheck = usePageValue(state => operationActive(state)
        && state.operation.kind === "current" && state.operation.snapshot.meta.kind === "check");
    // the operation the page follows: its id, or "lost" when the record cannot be followed at all
    const followedId = usePageValue(state => {
        const operation = state.operation;
        if (operation.kind === "current")
            return operation.snapshot.meta.id;
        return operation.kind === "damaged" || operation.kind === "unavailable" ? "lost" : null;
    });
    // A check this card asked for, with the operation followed when it did: until the page follows
    // another one (the check), it is shown as checking, so what arrives meanwhile (a status read that
    // already carries bootc's cached update) does not flash by before "Checking".
    const [asked, setAsked] = useState<{ before: string | null } | null>(null);
    const [starting, setStarting] = useState(false);
    const [startError, setStartError] = useState<BootcProblem | null>(null);
    const state = updateState(host, lastCheck);
    const available = state.available;
    // from here on the store says what runs (a later operation must not bring "Checking" back)
    if (asked && asked.before !== followedId)
        setAsked(null);
    const checking = followedCheck || (asked !== null && asked.before === followedId && followedId !== "lost");

    const check = () => {
        setAsked({ before: followedId });
        setStarting(true);
        setStartError(null);
        client.checkForUpdates().then(
            () => setStarting(false),
            (error: unknown) => {
                setAsked(null);
                setStarting(false);
                setStartError(problemOf(error));
                store.refresh();
            },
        );
    };

    const canAct = !state.blocker && idle && !starting;
    return (
        <InCard>
            <Card id="updates" className="ct-card">
                <CardTitle component="h2">{_("Updates")}</CardTitle>
                <CardBody>
                    <StateStatus state={state} checking={checking} />
                    {startError && (
                        <Alert
                            id="updates-error"
                            className="ct-card-alert"
                            isInline
                            variant="danger"
                            title={_("Could not check for updates")}
                        >
                            <div className="ct-bootc-message">{problemText(startError)}</div>
                        </Alert>
                    )}
                </CardBody>
                {!state.blocker && (
                    <CardFooter>
                        <Flex>
                            {available && !checking && (
                                <Button
                                    id="update-start"
                                    variant="primary"
                                    isDisabled={!canAct}
                                    onClick={() => dialogs.open({ kind: "update", update: available })}
                                >
                                    {_("Update…")}
                                </Button>
                            )}
                            <Button
                                id="update-check"
                                variant={available ? "secondary" : "primary"}
                                isDisabled={!canAct}
                                isLoading={starting || checking}
                                onClick={check}
                            >
                                {_("Check for updates")}
                            </Button>
                        </Flex>
                    </CardFooter>
                )}
            </Card>
        </InCard>
    );
}
