/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */


import type { HostModel } from "../../backend";
import { Alert } from "../common/alert";
import { _, format } from "../i18n";

interface Notice {
    id: string;
    variant: "info" | "warning";
    title: string;
    body: string;
}

/** Host-wide facts an admin must know before changing anything. */
export function hostNotices(host: HostModel): Notice[] {
    const notices: Notice[] = [];
    if (host.readOnly) {
        notices.push({
            id: "read-only",
            variant: "info",
            title: _("Running from read-only media"),
            body: _("The system root is on a read-only device, such as a live ISO. bootc cannot update, switch or roll back this system."),
        });
    }
    if (host.booted?.incompatible) {
        notices.push({
            id: "incompatible",
            variant: "warning",
            title: _("The running deployment has local rpm-ostree changes"),
            body: _("Packages were layered or overridden with rpm-ostree, so bootc cannot update this system. Manage it with rpm-ostree, or undo the changes with “rpm-ostree reset”."),
        });
    } else if (host.booted && !host.booted.image) {
        notices.push({
            id: "not-container",
            variant: "info",
            title: _("The running deployment is not container-based"),
            body: _("It was deployed from an ostree commit. bootc manages the system from a container image once one is staged."),
        });
    }
    const overlay = host.usrOverlay;
    if (overlay)
        notices.push(overlayNotice(overlay.accessMode, overlay.persistence));
    return notices;
}

/**
 * bootc knows readOnly/readWrite and transient/persistent; a value a newer bootc added is said to be
 * unknown, never taken for one of them.
 */
function overlayNotice(accessMode: string, persistence: string): Notice {
    const access = accessMode === "readWrite" || accessMode === "readOnly" ? accessMode : null;
    const lasting = persistence === "persistent" || persistence === "transient" ? persistence : null;
    if (!access || !lasting)
        return {
            id: "usr-overlay",
            variant: "warning",
            title: _("/usr has an overlay of a kind this page does not know"),
            body: format(
                _("bootc reports an overlay on /usr with access “$0” and persistence “$1”. Changes made there are not part of any image."),
                accessMode, persistence,
            ),
        };
    const readWrite = access === "readWrite";
    let body: string;
    if (lasting === "persistent")
        body = readWrite
            ? _("A persistent overlay is mounted on /usr (an ostree hotfix). Changes made there survive reboots but are not part of any image.")
            : _("A persistent read-only overlay is mounted on /usr. It survives reboots but is not part of any image.");
    else
        body = readWrite
            ? _("A transient overlay is mounted on /usr (“bootc usr-overlay”). Changes made there are lost when the system reboots.")
            : _("A transient read-only overlay is mounted on /usr. It goes away when the system reboots.");
    return {
        id: "usr-overlay",
        variant: readWrite ? "warning" : "info",
        title: readWrite ? _("/usr is writable") : _("/usr has a read-only overlay"),
        body,
    };
}

export function HostNotices({ host }: { host: HostModel }) {
    return (
        <>
            {hostNotices(host).map(notice => (
                <Alert
                    key={notice.id}
                    id={`notice-${notice.id}`}
                    isInline
                    variant={notice.variant}
                    title={notice.title}
                >
                    {notice.body}
                </Alert>
            ))}
        </>
    );
}
