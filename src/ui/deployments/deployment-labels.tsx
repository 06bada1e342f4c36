/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";
import { ThumbtackIcon } from "@patternfly/react-icons/dist/esm/icons/thumbtack-icon.js";

import type { Deployment } from "../../backend";
import { Label, LabelList } from "../common/label";
import { _ } from "../i18n";

interface Flag {
    key: string;
    text: string;
    help: string;
    color: "green" | "orange" | "grey" | "teal" | "blue";
    icon?: React.ReactNode;
}

/** Everything notable about a deployment, as short labels with an explanation on hover. */
export function deploymentFlags(deployment: Deployment, composefsBackend: boolean): Flag[] {
    const flags: Flag[] = [];
    if (deployment.bootsNext) {
        const help = _("The system starts this deployment at the next boot.");
        flags.push({ key: "boots-next", text: _("Boots next"), help, color: "green" });
    }
    if (deployment.downloadOnly)
        flags.push({ key: "download-only", text: _("Download only"), help: _("Downloaded but not applied on reboot: it is discarded at the next boot unless it is applied first."), color: "orange" });
    if (deployment.incompatible)
        flags.push({ key: "incompatible", text: _("Local rpm-ostree changes"), help: _("This deployment has layered packages or overrides made with rpm-ostree. bootc cannot update it; use rpm-ostree, or undo the changes with “rpm-ostree reset”."), color: "orange" });
    if (deployment.pinned)
        flags.push({
            key: "pinned",
            text: _("Pinned"),
            help: _("Pinned deployments are kept: cleanup never removes them."),
            color: "grey",
            icon: <ThumbtackIcon />,
        });
    if (deployment.softRebootCapable)
        flags.push({ key: "soft-reboot", text: _("Soft reboot possible"), help: _("It uses the same kernel, initrd and kernel arguments as the running system, so it can be started with a soft reboot, without restarting the kernel."), color: "teal" });
    if (deployment.composefs && !composefsBackend) {
        const help = _("Deployed with bootc's native composefs backend.");
        flags.push({ key: "composefs", text: _("composefs"), help, color: "blue" });
    }
    if (!deployment.image && !deployment.incompatible)
        flags.push({ key: "not-container", text: _("Not container-based"), help: _("This deployment was made from an ostree commit, not from a container image."), color: "grey" });
    return flags;
}

interface DeploymentFlagsProps {
    deployment: Deployment;
    /** the booted system is on composefs: then a composefs deployment is not worth a label */
    composefsBackend: boolean;
}

export function DeploymentFlags({ deployment, composefsBackend }: DeploymentFlagsProps) {
    const flags = deploymentFlags(deployment, composefsBackend);
    if (flags.length === 0)
        return null;
    return (
        <LabelList className="ct-deployment-flags">
            {flags.map(flag => (
                <Tooltip key={flag.key} content={flag.help}>
                    <Label isCompact color={flag.color} icon={flag.icon} tabIndex={0} className={`ct-flag-${flag.key}`}>
                        {flag.text}
                    </Label>
                </Tooltip>
            ))}
        </LabelList>
    );
}
