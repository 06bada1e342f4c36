/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The words for every kind of operation, one row per kind (the backend's OPERATION_TRAITS has the same
 * shape): a kind without its words is a type error. What bootc did comes from the backend's typed
 * result, never from reading its output here.
 */

import type { FailureCause, OperationKind, OperationMeta, OperationResult, OperationSnapshot } from "../../backend";
import { DEFAULT_STORAGE_TARGET, shortDigest } from "../../backend";
import { targetVersion } from "../common/image-text";
import { _, format } from "../i18n";

/** What the result banner says about an operation that ended. */
export interface ResultTexts {
    succeeded: (meta: OperationMeta, result: OperationResult) => string;
    /** under the heading of a success, when there is more to say */
    usage?: (meta: OperationMeta) => string;
    /** the heading of a failure that none of the known causes explains */
    failed: () => string;
    cancelled: () => string;
    /** what stays as it was after it failed or was cancelled */
    unchanged: () => string;
    /** advice for a failure of this kind that differs from the general advice for CAUSE */
    help?: Partial<Record<FailureCause, () => string>>;
}

export interface OperationTexts {
    /** what it is doing, as the heading of its progress */
    running: (meta: OperationMeta) => string;
    /** under the spinner of a run without progress events */
    working: () => string;
    /** after a quiet start, why bootc may still be waiting; null: nothing to say */
    slowStart: (snapshot: OperationSnapshot) => string | null;
    /** null: its result is not a banner (a check's shows in the Updates card) */
    result: ResultTexts | null;
}

const waitingForDownload = (snapshot: OperationSnapshot) => (snapshot.meta.progress
    ? _("bootc has not started downloading yet. It may be fetching the image manifest, or waiting for another bootc operation (such as the automatic update timer) to finish.")
    : null);
const waitingAMoment = () => _("This usually takes a moment. bootc may be waiting for another bootc operation (such as the automatic update timer) to finish.");
const noProgress = () => _("bootc is working. This bootc version does not report progress.");
const changingBootOrder = () => _("bootc is changing what the system boots next.");
const nothingStaged = () => _("Nothing was staged; the system is as it was.");
const bootOrderKept = () => _("The boot order is as it was.");

/** The image a copy-to-storage exports: its name, with the version when a deployment was made from it. */
function copiedImage(meta: OperationMeta): string {
    const name = meta.target?.image ?? _("the booted image");
    return meta.target?.version ? format(_("$0 ($1)"), name, meta.target.version) : name;
}

const copyDestination = (meta: OperationMeta) => meta.destination ?? DEFAULT_STORAGE_TARGET;

/** A switch or tag change: the system tracks the new image once bootc staged it. */
const switchResult: ResultTexts = {
    succeeded: (meta, result) => {
        const version = targetVersion(meta.target);
        if (result.kind === "unchanged")
            return format(_("Nothing changed: the system already tracks $0"), version);
        const queued = result.kind === "staged" ? result.queued : null;
        return queued?.version
            ? format(_("$0 ($1) is staged; the system now tracks it"), version, queued.version)
            : format(_("$0 is staged; the system now tracks it"), version);
    },
    failed: () => _("Switching the image failed"),
    cancelled: () => _("The switch was cancelled"),
    unchanged: nothingStaged,
};

const switchTexts: OperationTexts = {
    running: meta => (meta.reboots
        ? format(_("Switching to $0, then rebooting"), targetVersion(meta.target))
        : format(_("Switching to $0"), targetVersion(meta.target))),
    working: noProgress,
    slowStart: waitingForDownload,
    result: switchResult,
};

export const OPERATION_TEXTS: Record<OperationKind, OperationTexts> = {
    check: {
        running: () => _("Checking for updates"),
        working: noProgress,
        slowStart: () => null,
        result: null,
    },
    update: {
        running: meta => {
            const version = targetVersion(meta.target);
            if (meta.downloadOnly)
                return format(_("Downloading $0"), version);
            return meta.reboots
                ? format(_("Updating to $0, then rebooting"), version)
                : format(_("Downloading and staging $0"), version);
        },
        working: noProgress,
        slowStart: waitingForDownload,
        result: {
            succeeded: meta => (meta.downloadOnly
                ? format(_("$0 is downloaded; it is not applied on reboot"), targetVersion(meta.target))
                : format(_("$0 is staged"), targetVersion(meta.target))),
            failed: () => _("The update failed"),
            cancelled: () => _("The update was cancelled"),
            unchanged: nothingStaged,
        },
    },
    "apply-downloaded": {
        running: meta => (meta.reboots
            ? format(_("Applying $0 and rebooting"), targetVersion(meta.target))
            : format(_("Applying $0 on the next reboot"), targetVersion(meta.target))),
        working: changingBootOrder,
        slowStart: waitingAMoment,
        result: {
            succeeded: meta => format(_("$0 will be applied on the next reboot"), targetVersion(meta.target)),
            failed: () => _("The update failed"),
            cancelled: () => _("The update was cancelled"),
            unchanged: nothingStaged,
        },
    },
    switch: switchTexts,
    "change-tag": switchTexts,
    rollback: {
        running: meta => (meta.reboots
            ? format(_("Rolling back to $0, then rebooting"), targetVersion(meta.target))
            : format(_("Rolling back to $0"), targetVersion(meta.target))),
        working: changingBootOrder,
        slowStart: waitingAMoment,
        result: {
            succeeded: meta => format(_("Rollback queued: the system boots $0 next"), targetVersion(meta.target)),
            failed: () => _("The rollback failed"),
            cancelled: () => _("The rollback was cancelled"),
            unchanged: bootOrderKept,
        },
    },
    "rollback-undo": {
        running: () => _("Undoing the queued rollback"),
        working: changingBootOrder,
        slowStart: waitingAMoment,
        result: {
            succeeded: () => _("The rollback was undone: the system boots the current deployment next"),
            failed: () => _("Undoing the rollback failed"),
            cancelled: () => _("Undoing the rollback was cancelled"),
            unchanged: bootOrderKept,
        },
    },
    "copy-to-storage": {
        running: meta => format(_("Copying $0 to container storage as $1"), copiedImage(meta), copyDestination(meta)),
        working: () => _("bootc is exporting the image from the ostree repository into podman's storage. This takes a while for a large image."),
        slowStart: snapshot => (snapshot.printed ? null : waitingAMoment()),
        result: {
            succeeded: (meta, result) => {
                const pushed = result.kind === "copied" ? result.pushed : null;
                return pushed
                    ? format(
                        _("Copied $0 to container storage as $1 ($2)"), copiedImage(meta), copyDestination(meta),
                        shortDigest(pushed.digest),
                    )
                    : format(_("Copied $0 to container storage as $1"), copiedImage(meta), copyDestination(meta));
            },
            usage: meta => format(_("podman can use it now as “$0”: for example, inspect it with “podman run --rm -it $0 /bin/bash”, or build a derived image FROM it."), copyDestination(meta)),
            failed: () => _("Copying the image to container storage failed"),
            cancelled: () => _("The copy was cancelled"),
            unchanged: () => _("The deployments are not affected."),
            help: {
                "not-found": () => _("The image is no longer in the ostree repository: bootc prunes images that no deployment uses. The list of host images shows what is there now."),
                "disk-space": () => _("Free up space on the file system that holds /var/lib/containers, for example with “podman image prune”, and try again."),
            },
        },
    },
};

/** The heading of a failure: its cause when it is known, else the kind's own words. */
export function failureTitle(texts: ResultTexts, cause: FailureCause): string {
    switch (cause) {
    case "network": return _("Downloading the image failed: network error");
    case "auth": return _("The registry refused access to the image");
    case "disk-space": return _("Not enough disk space for the update");
    case "incompatible": return _("bootc cannot update a system with local rpm-ostree changes");
    case "not-found": return _("The image was not found");
    case "another-operation": return _("Another operation is running");
    case "soft-reboot": return _("A soft reboot is not possible");
    case "read-only": return _("The system is on read-only media");
    case "signature-policy": return _("The container signature policy cannot be enforced");
    case "other": return texts.failed();
    }
}

/** What the admin can do about a failure. */
export function failureHelp(texts: ResultTexts, cause: FailureCause): string | null {
    const own = texts.help?.[cause];
    if (own)
        return own();
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
    case "other":
        return null;
    }
}

/** The heading of an operation something on the host stopped (systemctl stop, kill). */
export function stoppedTitle(meta: OperationMeta): string {
    return format(_("Stopped on the host: $0"), OPERATION_TEXTS[meta.kind].running(meta));
}
