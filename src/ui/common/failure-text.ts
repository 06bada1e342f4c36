/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The words for why bootc failed (the backend's FailureCause), for an operation's result and for a
 * failed check alike. bootc's own message is always shown beside them.
 */

import type { FailureCause } from "../../backend";
import { _ } from "../i18n";

/** A heading for a failure of CAUSE; null when the cause says nothing the operation's own words do not. */
export function causeTitle(cause: FailureCause): string | null {
    switch (cause) {
    case "network": return _("Downloading the image failed: network error");
    case "auth": return _("The registry refused access to the image");
    case "disk-space": return _("Not enough disk space for the update");
    case "incompatible": return _("bootc cannot update a system with local rpm-ostree changes");
    case "not-found": return _("The image was not found");
    case "soft-reboot": return _("A soft reboot is not possible");
    case "read-only": return _("The system is on read-only media");
    case "signature-policy": return _("The container signature policy cannot be enforced");
    case "bound-images": return _("The bound images could not be pulled");
    case "boot-entries": return _("bootc cannot read the boot loader entries");
    case "other": return null;
    }
}

/** What the admin can do about a failure of CAUSE. */
export function causeHelp(cause: FailureCause): string | null {
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
    case "soft-reboot":
        return _("The update is staged; reboot normally to apply it.");
    case "signature-policy":
        return _("bootc refuses to enforce /etc/containers/policy.json while its default is “insecureAcceptAnything”. Make “reject” the default and add a rule that trusts the image's signing key (see containers-policy.json(5)), or switch without enforcing the policy.");
    case "bound-images":
        return _("bootc stages the new deployment first and pulls the bound images it declares last. Their registries are reached with the credentials in /etc/ostree/auth.json. Once the cause is fixed, updating again pulls what is missing.");
    case "boot-entries":
        return _("bootc's composefs backend found boot loader entries it cannot match to its deployments, for example entries it did not write itself. No image or download is at fault; bootc's message above names the entry.");
    case "read-only":
    case "other":
        return null;
    }
}
