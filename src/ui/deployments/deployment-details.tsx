/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { DescriptionList } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";

import type { Deployment } from "../../backend";
import { ExactBuildTime } from "../common/build-time";
import { DescriptionRow } from "../common/description-row";
import { HostText } from "../common/host-text";
import { ImageReference } from "../common/image-reference";
import { signatureText, transportName } from "../common/image-text";
import { SignatureHelp } from "../common/signature-help";
import { _ } from "../i18n";

function storeName(deployment: Deployment): string {
    if (deployment.composefs)
        return _("composefs (native)");
    if (deployment.store === "ostreeContainer")
        return _("ostree container");
    return deployment.store ?? _("Unknown");
}

/** Everything bootc reports about one deployment. */
export function DeploymentDetails({ deployment }: { deployment: Deployment }) {
    const { image, ostree, composefs } = deployment;
    const yes = _("Yes");
    const no = _("No");
    return (
        <DescriptionList isCompact isHorizontal columnModifier={{ lg: "2Col" }} className="ct-deployment-details">
            {image && (
                <>
                    <DescriptionRow id="image" term={_("Image")}>
                        <ImageReference name={image.ref.name} transport="registry" />
                    </DescriptionRow>
                    <DescriptionRow id="transport" term={_("Transport")}>
                        {transportName(image.ref.transport)}
                    </DescriptionRow>
                    <DescriptionRow id="signature" term={_("Signature verification")}>
                        {signatureText(image.ref.signature)}
                        <SignatureHelp policy={image.ref.signature} />
                    </DescriptionRow>
                    <DescriptionRow id="version" term={_("Version")}>
                        {image.version ? <HostText value={image.version} /> : _("None")}
                    </DescriptionRow>
                    <DescriptionRow id="built" term={_("Built")}><ExactBuildTime image={image} /></DescriptionRow>
                    <DescriptionRow id="digest" term={_("Digest")}>
                        <code className="ct-digest-full"><HostText value={image.digest} /></code>
                    </DescriptionRow>
                    <DescriptionRow id="architecture" term={_("Architecture")}>
                        {image.architecture ? <HostText value={image.architecture} /> : _("Unknown")}
                    </DescriptionRow>
                </>
            )}
            <DescriptionRow id="store" term={_("Storage")}>{storeName(deployment)}</DescriptionRow>
            {ostree && (
                <>
                    <DescriptionRow id="checksum" term={_("ostree commit")}>
                        <code><HostText value={ostree.checksum} /></code>
                    </DescriptionRow>
                    <DescriptionRow id="deploy-serial" term={_("Deploy serial")}>
                        {String(ostree.deploySerial)}
                    </DescriptionRow>
                    {ostree.stateroot !== null && (
                        <DescriptionRow id="stateroot" term={_("Stateroot")}>
                            <HostText value={ostree.stateroot} />
                        </DescriptionRow>
                    )}
                </>
            )}
            {composefs && (
                <>
                    <DescriptionRow id="verity" term={_("fs-verity digest")}>
                        <code><HostText value={composefs.verity} /></code>
                    </DescriptionRow>
                    {composefs.bootType && (
                        <DescriptionRow id="boot-type" term={_("Boot entry type")}>
                            {composefs.bootType === "Uki"
                                ? _("Unified kernel image")
                                : _("Boot loader specification entry")}
                        </DescriptionRow>
                    )}
                    {composefs.bootloader && (
                        <DescriptionRow id="bootloader" term={_("Boot loader")}>
                            <HostText value={composefs.bootloader} />
                        </DescriptionRow>
                    )}
                    {composefs.bootDigest && (
                        <DescriptionRow id="boot-digest" term={_("Kernel and initrd digest")}>
                            <code><HostText value={composefs.bootDigest} /></code>
                        </DescriptionRow>
                    )}
                    {composefs.missingVerityAllowed !== null &&
                        <DescriptionRow id="missing-verity" term={_("Missing fs-verity allowed")}>
                            {composefs.missingVerityAllowed ? yes : no}
                        </DescriptionRow>}
                </>
            )}
            <DescriptionRow id="pinned" term={_("Pinned")}>{deployment.pinned ? yes : no}</DescriptionRow>
            {deployment.role !== "booted" && (
                // relative to the running deployment: meaningless for the running one itself
                <DescriptionRow id="soft-reboot" term={_("Soft reboot into it")}>
                    {deployment.softRebootCapable ? _("Possible") : _("Not possible")}
                </DescriptionRow>
            )}
        </DescriptionList>
    );
}
