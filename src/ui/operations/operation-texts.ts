/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The words for every kind of operation, one row per kind (the backend's OPERATION_TRAITS has the same
 * shape): a kind without its words is a type error. What bootc did comes from the backend's typed
 * result, never from reading its output here.
 */

import type {
    DeploymentChange, FailureCause, HostModel, OperationKind, OperationMeta, OperationResult, OperationSnapshot,
} from "../../backend";
import { DEFAULT_STORAGE_TARGET, shortDigest } from "../../backend";
import { causeHelp, causeTitle } from "../common/failure-text";
import { imageVersion, targetVersion } from "../common/image-text";
import { _, format } from "../i18n";

/** What the result banner says about an operation that ended. */
export interface ResultTexts {
    /** from what bootc printed that it did (RESULT) and status read after it (HOST) */
    succeeded: (meta: OperationMeta, result: OperationResult, host: HostModel) => string;
    /** under the heading of a success, when there is more to say */
    usage?: (meta: OperationMeta) => string;
    /** the heading of a failure that none of the known causes explains */
    failed: () => string;
    cancelled: () => string;
    /**
     * For a kind that never changes the deployments: what to say after it failed. Any other kind's
     * banner says what status shows changed since it started.
     */
    unaffected?: () => string;
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

/** The version bootc said it queued, else the one the page asked for. */
function queuedVersion(meta: OperationMeta, result: OperationResult): string {
    const queued = result.kind === "staged" ? result.queued : null;
    if (queued?.version)
        return queued.version;
    return queued?.digest ? shortDigest(queued.digest) : targetVersion(meta.target);
}

/** bootc staged nothing new: why, in the admin's words, with the deployment status shows staged. */
function notStaged(result: OperationResult, host: HostModel): string | null {
    if (result.kind !== "not-staged")
        return null;
    const staged = imageVersion(host.staged?.image);
    switch (result.why) {
    case "no-update": return _("No update: the registry has the build that is running");
    case "already-staged": return format(_("No changes: $0 was already staged"), staged);
    case "now-download-only": return format(_("$0 is downloaded; it is not applied on reboot"), staged);
    case "now-applied": return format(_("$0 will be applied on the next reboot"), staged);
    }
}

/** The image a copy-to-storage exports: its name, with the version when a deployment was made from it. */
function copiedImage(meta: OperationMeta): string {
    const name = meta.target?.image ?? _("the booted image");
    return meta.target?.version ? format(_("$0 ($1)"), name, meta.target.version) : name;
}

const copyDestination = (meta: OperationMeta) => meta.destination ?? DEFAULT_STORAGE_TARGET;

/** A switch or tag change: the system tracks the new image once bootc staged it. */
const switchResult: ResultTexts = {
    succeeded: (meta, result, host) => {
        const version = targetVersion(meta.target);
        if (result.kind === "unchanged")
            return format(_("Nothing changed: the system already tracks $0"), version);
        const noop = notStaged(result, host);
        if (noop)
            return noop;
        const queued = result.kind === "staged" ? result.queued : null;
        return queued?.version
            ? format(_("$0 ($1) is staged; the system now tracks it"), version, queued.version)
            : format(_("$0 is staged; the system now tracks it"), version);
    },
    failed: () => _("Switching the image failed"),
    cancelled: () => _("The switch was cancelled"),
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
            succeeded: (meta, result, host) => notStaged(result, host) ?? (meta.downloadOnly
                ? format(_("$0 is downloaded; it is not applied on reboot"), queuedVersion(meta, result))
                : format(_("$0 is staged"), queuedVersion(meta, result))),
            failed: () => _("The update failed"),
            cancelled: () => _("The update was cancelled"),
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
            unaffected: () => _("The deployments are not affected."),
            help: {
                "not-found": () => _("The image is no longer in the ostree repository: bootc prunes images that no deployment uses. The list of host images shows what is there now."),
                "disk-space": () => _("Free up space on the file system that holds /var/lib/containers, for example with “podman image prune”, and try again."),
            },
        },
    },
};

/**
 * After an operation failed or was cancelled: what status shows it changed (CHANGE), never assumed.
 * BOUNDIMAGE: the bound image bootc was pulling when it failed, if it named one.
 */
export function changeText(change: DeploymentChange, host: HostModel, boundImage: string | null): string {
    switch (change.kind) {
    case "unchanged":
        return _("The deployments are as they were before it started.");
    case "staged": {
        const version = imageVersion(host.staged?.image);
        if (boundImage)
            return format(_("$0 is staged, but its bound image $1 could not be pulled."), version, boundImage);
        return host.staged?.downloadOnly
            ? format(_("bootc staged $0 before it stopped: it is downloaded, but not applied on reboot."), version)
            : format(_("bootc staged $0 before it stopped: the system boots into it at the next reboot."), version);
    }
    case "unstaged":
        return _("The update that was staged before is no longer staged.");
    case "other":
        return _("The deployments changed since it started; the list below shows them as they are now.");
    case "unknown":
        return _("The deployments below show the system as it is now.");
    }
}

/** The heading of a failure: its cause when it is known, else the kind's own words. */
export function failureTitle(texts: ResultTexts, cause: FailureCause): string {
    return causeTitle(cause) ?? texts.failed();
}

/** What the admin can do about a failure: the kind's own advice for CAUSE, else the general one. */
export function failureHelp(texts: ResultTexts, cause: FailureCause): string | null {
    return texts.help?.[cause]?.() ?? causeHelp(cause);
}

/** The heading of an operation something on the host stopped (systemctl stop, kill). */
export function stoppedTitle(meta: OperationMeta): string {
    return format(_("Stopped on the host: $0"), OPERATION_TEXTS[meta.kind].running(meta));
}
