/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The words for updates and operations, in one place.
 */

import type { FailureCause, ImageInfo, OperationMeta, OperationTarget } from "../../backend";
import { copyArguments, parseCopyOutput, parseQueuedOutput, shortDigest, switchWasUnchanged } from "../../backend";
import { _, format } from "../i18n";

/** "42.20261120.0", or the short digest of an image without a version label. */
export function imageVersion(image: ImageInfo | null | undefined): string {
    if (!image)
        return _("unknown version");
    return image.version ?? shortDigest(image.digest);
}

export function targetVersion(target: OperationTarget | null): string {
    if (!target)
        return _("the tracked image");
    return target.version ?? (target.digest ? shortDigest(target.digest) : target.image);
}

/** The image a copy-to-storage exports: its name, with the version when a deployment was made from it. */
function copiedImage(meta: OperationMeta): string {
    const name = meta.target?.image ?? copyArguments(meta.argv).source ?? _("the booted image");
    return meta.target?.version ? format(_("$0 ($1)"), name, meta.target.version) : name;
}

/** What an operation without progress events is doing, under its spinner. */
export function spinnerText(kind: string): string {
    switch (kind) {
    case "rollback":
    case "rollback-undo":
    case "apply-downloaded":
        return _("bootc is changing what the system boots next.");
    case "copy-to-storage":
        return _("bootc is exporting the image from the ostree repository into podman's storage. This takes a while for a large image.");
    default:
        return _("bootc is working. This bootc version does not report progress.");
    }
}

/** What a running operation is doing, as a heading. */
export function operationTitle(meta: OperationMeta): string {
    switch (meta.kind) {
    case "check":
        return _("Checking for updates");
    case "apply-downloaded":
        return meta.reboots
            ? format(_("Applying $0 and rebooting"), targetVersion(meta.target))
            : format(_("Applying $0 on the next reboot"), targetVersion(meta.target));
    case "switch":
    case "change-tag":
        return meta.reboots
            ? format(_("Switching to $0, then rebooting"), targetVersion(meta.target))
            : format(_("Switching to $0"), targetVersion(meta.target));
    case "rollback":
        return meta.reboots
            ? format(_("Rolling back to $0, then rebooting"), targetVersion(meta.target))
            : format(_("Rolling back to $0"), targetVersion(meta.target));
    case "rollback-undo":
        return _("Undoing the queued rollback");
    case "copy-to-storage":
        return format(_("Copying $0 to container storage as $1"), copiedImage(meta), copyArguments(meta.argv).target);
    case "update":
        if (meta.downloadOnly)
            return format(_("Downloading $0"), targetVersion(meta.target));
        return meta.reboots
            ? format(_("Updating to $0, then rebooting"), targetVersion(meta.target))
            : format(_("Downloading and staging $0"), targetVersion(meta.target));
    default:
        return format(_("Running $0"), meta.argv.join(" "));
    }
}

export function failureTitle(meta: OperationMeta, cause: FailureCause): string {
    switch (cause) {
    case "network":
        return _("Downloading the image failed: network error");
    case "auth":
        return _("The registry refused access to the image");
    case "disk-space":
        return _("Not enough disk space for the update");
    case "incompatible":
        return _("bootc cannot update a system with local rpm-ostree changes");
    case "not-found":
        return _("The image was not found");
    case "another-operation":
        return _("Another operation is running");
    case "soft-reboot":
        return _("A soft reboot is not possible");
    case "read-only":
        return _("The system is on read-only media");
    case "signature-policy":
        return _("The container signature policy cannot be enforced");
    case "other":
        switch (meta.kind) {
        case "check": return _("Checking for updates failed");
        case "switch":
        case "change-tag": return _("Switching the image failed");
        case "rollback": return _("The rollback failed");
        case "rollback-undo": return _("Undoing the rollback failed");
        case "copy-to-storage": return _("Copying the image to container storage failed");
        default: return _("The update failed");
        }
    }
}

/** What the admin can do about a failure. */
export function failureHelp(cause: FailureCause, meta?: OperationMeta): string | null {
    if (meta?.kind === "copy-to-storage") {
        if (cause === "not-found")
            return _("The image is no longer in the ostree repository: bootc prunes images that no deployment uses. The list of host images shows what is there now.");
        if (cause === "disk-space")
            return _("Free up space on the file system that holds /var/lib/containers, for example with “podman image prune”, and try again.");
    }
    switch (cause) {
    case "network":
        return _("Check the connection to the registry and try again. Layers downloaded completely are kept, so the next attempt continues from there.");
    case "auth":
        return _("bootc reads registry credentials from /etc/ostree/auth.json (or /run/ostree/auth.json). Add a login for this registry there, for example with “podman login --authfile /etc/ostree/auth.json REGISTRY”.");
    case "disk-space":
        return _("Free up space on the file system that holds /sysroot, for example by removing unneeded pinned deployments, and try again.");
    case "incompatible":
        return _("Packages were layered or overridden with rpm-ostree. Undo that with “rpm-ostree reset”, or keep managing this system with rpm-ostree.");
    case "not-found":
        return _("Check the image reference: its registry, name and tag, or its path.");
    case "another-operation":
        return _("Wait for it to finish, then try again.");
    case "soft-reboot":
        return _("The update is staged; reboot normally to apply it.");
    case "signature-policy":
        return _("bootc refuses to enforce /etc/containers/policy.json while its default is “insecureAcceptAnything”. Make “reject” the default and add a rule that trusts the image's signing key (see containers-policy.json(5)), or switch without enforcing the policy.");
    case "read-only":
        return null;
    case "other":
        return null;
    }
}

/** The heading of an operation that succeeded. */
export function successTitle(meta: OperationMeta, stdout: string): string {
    const version = targetVersion(meta.target);
    switch (meta.kind) {
    case "apply-downloaded":
        return format(_("$0 will be applied on the next reboot"), version);
    case "switch":
    case "change-tag": {
        if (switchWasUnchanged(stdout))
            return format(_("Nothing changed: the system already tracks $0"), version);
        const queued = parseQueuedOutput(stdout);
        return queued?.version
            ? format(_("$0 ($1) is staged; the system now tracks it"), version, queued.version)
            : format(_("$0 is staged; the system now tracks it"), version);
    }
    case "rollback":
        return format(_("Rollback queued: the system boots $0 next"), version);
    case "rollback-undo":
        return _("The rollback was undone: the system boots the current deployment next");
    case "copy-to-storage": {
        const pushed = parseCopyOutput(stdout);
        const target = copyArguments(meta.argv).target;
        return pushed
            ? format(_("Copied $0 to container storage as $1 ($2)"), copiedImage(meta), target, shortDigest(pushed.digest))
            : format(_("Copied $0 to container storage as $1"), copiedImage(meta), target);
    }
    default:
        return meta.downloadOnly
            ? format(_("$0 is downloaded; it is not applied on reboot"), version)
            : format(_("$0 is staged"), version);
    }
}

/** What stays as it was after a failed or cancelled operation. */
export function unchangedText(meta: OperationMeta): string {
    switch (meta.kind) {
    case "rollback":
    case "rollback-undo":
        return _("The boot order is as it was.");
    case "copy-to-storage":
        return _("The deployments are not affected.");
    default:
        return _("Nothing was staged; the system is as it was.");
    }
}

/** What the admin can do with an image copied into podman's storage. */
export function copyUsage(meta: OperationMeta): string {
    const target = copyArguments(meta.argv).target;
    return format(_("podman can use it now as “$0”: for example, inspect it with “podman run --rm -it $0 /bin/bash”, or build a derived image FROM it."), target);
}

/** The heading of an operation something on the host stopped (systemctl stop, kill). */
export function stoppedTitle(meta: OperationMeta): string {
    return format(_("Stopped on the host: $0"), operationTitle(meta));
}

/** The heading of a cancelled operation. */
export function cancelledTitle(meta: OperationMeta): string {
    return meta.kind === "switch" || meta.kind === "change-tag" ? _("The switch was cancelled") : _("The update was cancelled");
}
