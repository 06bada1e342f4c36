/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { DescriptionList } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Flex } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";

import type { Deployment, HostModel } from "../../backend";
import { canChangeTag, shortDigest } from "../../backend";
import { BuildTime } from "../common/build-time";
import { DescriptionRow } from "../common/description-row";
import { useDialogs } from "../common/dialogs";
import { hostText } from "../common/host-text";
import { ImageReference } from "../common/image-reference";
import { signatureText, transportName } from "../common/image-text";
import { SignatureHelp } from "../common/signature-help";
import { _, format } from "../i18n";
import { usePageValue } from "../state/context";
import { canStart } from "../state/page-store";

/** A deployment named by its version, or its digest when the image has no version label. */
function versionOf(deployment: Deployment): string {
    const image = deployment.image;
    if (!image && deployment.ostree)
        return format(_("ostree commit $0"), deployment.ostree.checksum.slice(0, 12));
    if (!image)
        return _("Unknown");
    return hostText(image.version ?? shortDigest(image.digest));
}

function Version({ deployment }: { deployment: Deployment }) {
    return (
        <>
            <span className="ct-version">{versionOf(deployment)}</span>
            {deployment.image?.builtAt && <>{" · "}<BuildTime image={deployment.image} /></>}
        </>
    );
}

function NextBoot({ host }: { host: HostModel }) {
    const next = host.nextBoot;
    if (!next)
        return <>{_("Unknown")}</>;
    if (next.role === "staged") {
        return (
            <>
                {format(_("$0 (staged; applied when the system reboots)"), versionOf(next))}
                {next.softRebootCapable && <div className="ct-secondary">{_("A soft reboot is possible.")}</div>}
            </>
        );
    }
    if (next.role === "rollback")
        return <>{format(_("$0 (rollback queued)"), versionOf(next))}</>;
    if (host.staged?.downloadOnly)
        return <>{_("The running deployment: the staged update is download only")}</>;
    return <>{_("The running deployment: nothing is staged")}</>;
}

/** The "Operating system image" card: what the system tracks, runs and boots next; switch it or its tag. */
export function HostSummary({ host }: { host: HostModel }) {
    const blocked = usePageValue(state => !canStart(state));
    const dialogs = useDialogs();
    const tracked = host.tracked;
    // a live ISO cannot change; everything else is bootc's to refuse, with its own message
    const disabled = blocked || host.readOnly;
    const actions = (
        <Flex>
            {canChangeTag(host) && (
                <Button
                    id="change-tag"
                    variant="secondary"
                    isDisabled={disabled}
                    onClick={() => dialogs.open({ kind: "tag" })}
                >
                    {_("Change tag…")}
                </Button>
            )}
            <Button
                id="switch-image"
                variant="secondary"
                isDisabled={disabled}
                onClick={() => dialogs.open({ kind: "switch" })}
            >
                {_("Switch image…")}
            </Button>
        </Flex>
    );
    return (
        <Card id="host-summary" className="ct-card">
            <CardHeader actions={{ actions, hasNoOffset: true }}>
                <CardTitle component="h2">{_("Operating system image")}</CardTitle>
            </CardHeader>
            <CardBody>
                <DescriptionList isHorizontal columnModifier={{ lg: "2Col" }}>
                    <DescriptionRow id="tracked" term={_("Tracked image")}>
                        {tracked
                            ? (
                                <>
                                    <ImageReference name={tracked.name} transport={tracked.transport} />
                                    <div className="ct-secondary">{transportName(tracked.transport)}</div>
                                </>
                            )
                            : _("None: the system is not deployed from a container image")}
                    </DescriptionRow>
                    {tracked && (
                        <DescriptionRow id="signature" term={_("Signature verification")}>
                            {signatureText(tracked.signature)}
                            <SignatureHelp policy={tracked.signature} />
                        </DescriptionRow>
                    )}
                    {host.booted && (
                        <DescriptionRow id="running" term={_("Running")}>
                            <Version deployment={host.booted} />
                        </DescriptionRow>
                    )}
                    <DescriptionRow id="next-boot" term={_("Next boot")}><NextBoot host={host} /></DescriptionRow>
                    <DescriptionRow id="backend" term={_("Storage backend")}>
                        {host.composefsBackend ? _("composefs (native)") : _("ostree")}
                    </DescriptionRow>
                </DescriptionList>
            </CardBody>
        </Card>
    );
}
