/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";

import type { Deployment } from "../../backend";
import { ExactBuildTime } from "../common/build-time";
import { ImageReference } from "../common/image-reference";
import { signatureHelp, signatureText, transportName } from "../common/image-text";
import { _ } from "../i18n";

function Row({ term, children, id }: { term: string; children: React.ReactNode; id: string }) {
    return (
        <DescriptionListGroup data-field={id}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}

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
                    <Row id="image" term={_("Image")}><ImageReference name={image.ref.name} transport="registry" /></Row>
                    <Row id="transport" term={_("Transport")}>{transportName(image.ref.transport)}</Row>
                    <Row id="signature" term={_("Signature verification")}>
                        {signatureText(image.ref.signature)}
                        {signatureHelp(image.ref.signature) && <div className="ct-secondary">{signatureHelp(image.ref.signature)}</div>}
                    </Row>
                    <Row id="version" term={_("Version")}>{image.version ?? _("None")}</Row>
                    <Row id="built" term={_("Built")}><ExactBuildTime image={image} /></Row>
                    <Row id="digest" term={_("Digest")}><code className="ct-digest-full">{image.digest}</code></Row>
                    <Row id="architecture" term={_("Architecture")}>{image.architecture ?? _("Unknown")}</Row>
                </>
            )}
            <Row id="store" term={_("Storage")}>{storeName(deployment)}</Row>
            {ostree && (
                <>
                    <Row id="checksum" term={_("ostree commit")}><code>{ostree.checksum}</code></Row>
                    <Row id="deploy-serial" term={_("Deploy serial")}>{String(ostree.deploySerial)}</Row>
                    <Row id="stateroot" term={_("Stateroot")}>{ostree.stateroot}</Row>
                </>
            )}
            {composefs && (
                <>
                    <Row id="verity" term={_("fs-verity digest")}><code>{composefs.verity}</code></Row>
                    {composefs.bootType && <Row id="boot-type" term={_("Boot entry type")}>{composefs.bootType === "Uki" ? _("Unified kernel image") : _("Boot loader specification entry")}</Row>}
                    {composefs.bootloader && <Row id="bootloader" term={_("Boot loader")}>{composefs.bootloader}</Row>}
                    {composefs.bootDigest && <Row id="boot-digest" term={_("Kernel and initrd digest")}><code>{composefs.bootDigest}</code></Row>}
                    {composefs.missingVerityAllowed !== null &&
                        <Row id="missing-verity" term={_("Missing fs-verity allowed")}>{composefs.missingVerityAllowed ? yes : no}</Row>}
                </>
            )}
            <Row id="pinned" term={_("Pinned")}>{deployment.pinned ? yes : no}</Row>
            {deployment.role !== "booted" && (
                // relative to the running deployment: meaningless for the running one itself
                <Row id="soft-reboot" term={_("Soft reboot into it")}>{deployment.softRebootCapable ? _("Possible") : _("Not possible")}</Row>
            )}
        </DescriptionList>
    );
}
