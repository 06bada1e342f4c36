/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The operations the page runs, as a closed list, and what each kind of operation means: one row per
 * kind, so a new kind that is not described here is a type error. The ui keeps the words for each
 * kind in a table of the same shape (src/ui/operations/operation-texts.ts). Pure: no I/O.
 */

import { parseCheckOutput, parseQueuedOutput, parseUpgradeNoop, switchWasUnchanged } from "./bootc-output";
import type { CheckOutput, QueuedOutput, UpgradeNoop } from "./bootc-output";
import { parseCopyOutput } from "./host-images";
import type { CopyResult } from "./host-images";

export const OPERATION_KINDS = [
    /** bootc upgrade --check */
    "check",
    /** bootc upgrade [--apply|--download-only] */
    "update",
    /** bootc upgrade --from-downloaded [--apply] */
    "apply-downloaded",
    /** bootc switch */
    "switch",
    /** bootc upgrade --tag, or a switch to the same repository with another tag */
    "change-tag",
    /** bootc rollback */
    "rollback",
    /** bootc rollback while a rollback is queued: reverts it */
    "rollback-undo",
    /** bootc image copy-to-storage: a host image into podman's storage; the deployments stay as they are */
    "copy-to-storage",
] as const;

export type OperationKind = (typeof OPERATION_KINDS)[number];

/** What bootc printed that it did, read once when the operation succeeded. */
export type OperationResult =
    /** `upgrade --check`: what it found */
    | { kind: "checked"; output: CheckOutput }
    /**
     * upgrade, switch or tag change: "Queued for next boot: …" with its version and digest, null when
     * bootc printed none
     */
    | { kind: "staged"; queued: QueuedOutput | null }
    /** upgrade (or a switch to what is staged): bootc staged nothing new, and said why */
    | { kind: "not-staged"; why: UpgradeNoop }
    /** a switch to the tracked image: bootc printed "Image specification is unchanged." and did nothing */
    | { kind: "unchanged" }
    /** copy-to-storage: "Pushed: <target> <digest>", null when bootc printed none */
    | { kind: "copied"; pushed: CopyResult | null }
    /** rollback, its undo, apply-downloaded: bootc prints nothing the page reads */
    | { kind: "done" };

export interface OperationKindTraits {
    /**
     * bootc can report progress events (`--progress-fd`, bootc ≥ 1.1.4) for it; whether a given run
     * does is recorded in its meta (`progress`).
     */
    progress: boolean;
    /** it may end in a reboot, when the admin chose so (`--apply`); whether a run does is in its meta (`reboots`) */
    mayReboot: boolean;
    /**
     * Cancelling it is safe until bootc writes the new deployment (while it waits for the lock or
     * downloads). Not for a copy: its skopeo child would outlive bootc.
     */
    cancellable: boolean;
    /** It only changes what boots next: nothing is downloaded, it usually takes a moment. */
    bootOrderOnly: boolean;
    /** What its stdout says it did. */
    result: (stdout: string) => OperationResult;
}

/** What an upgrade or switch did: the deployment it queued, or bootc's word that it queued none. */
function staged(stdout: string): OperationResult {
    const queued = parseQueuedOutput(stdout);
    const noop = queued ? null : parseUpgradeNoop(stdout);
    return noop ? { kind: "not-staged", why: noop } : { kind: "staged", queued };
}


function switched(stdout: string): OperationResult {
    return switchWasUnchanged(stdout) ? { kind: "unchanged" } : staged(stdout);
}

const done = (): OperationResult => ({ kind: "done" });

export const OPERATION_TRAITS: Record<OperationKind, OperationKindTraits> = {
    check: {
        progress: false,
        mayReboot: false,
        cancellable: true,
        bootOrderOnly: false,
        result: stdout => ({ kind: "checked", output: parseCheckOutput(stdout) }),
    },
    update: { progress: true, mayReboot: true, cancellable: true, bootOrderOnly: false, result: staged },
    "apply-downloaded": { progress: false, mayReboot: true, cancellable: false, bootOrderOnly: true, result: done },
    switch: { progress: true, mayReboot: true, cancellable: true, bootOrderOnly: false, result: switched },
    "change-tag": { progress: true, mayReboot: true, cancellable: true, bootOrderOnly: false, result: switched },
    rollback: { progress: false, mayReboot: true, cancellable: false, bootOrderOnly: true, result: done },
    "rollback-undo": { progress: false, mayReboot: false, cancellable: false, bootOrderOnly: true, result: done },
    "copy-to-storage": {
        progress: false,
        mayReboot: false,
        cancellable: false,
        bootOrderOnly: false,
        result: stdout => ({ kind: "copied", pushed: parseCopyOutput(stdout) }),
    },
};

export function isOperationKind(value: string): value is OperationKind {
    return (OPERATION_KINDS as readonly string[]).includes(value);
}

/** The last line bootc printed: what an operation without progress events is doing. */
export function lastPrintedLine(stdout: string | null): string | null {
    const lines = (stdout ?? "").split("\n").map(line => line.trim()).filter(line => line !== "");
    return lines[lines.length - 1] ?? null;
}
