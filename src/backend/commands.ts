/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * argv builders, one per bootc verb, exactly as CONTRACT.md describes them, and the host paths the
 * page reads or watches. Pure: no I/O. Every command is an argv array; nothing is ever a shell string.
 */

import { hostReference } from "./host-images";
import type { ImageTag, ImageTarget } from "./references";
import { BOOTC } from "./status-command";

export { BOOTC, STATUS_CHANGED_PATH, legacyStatusCommand, statusCommand } from "./status-command";

/** clap refusing one of statusCommand()'s flags (exit status 2): this bootc is older than 0.1.14. */
export function refusesStatusFormat(exitStatus: number | null | undefined, stderr: string): boolean {
    return exitStatus === 2 && /unexpected argument '--format(?:-version)?(?:=[^']*)?' found/.test(stderr);
}

export function versionCommand(): string[] {
    return [BOOTC, "--version"];
}

/**
 * The fd bootc writes JSON Lines progress to (`--progress-fd`, since 1.1.4). It must be ≥ 3 and a pipe;
 * the operation runner (scripts/run-operation.sh) connects it to a FIFO.
 */
export const PROGRESS_FD = 3;

/** `bootc upgrade --check`: fetches the manifest, records `cachedUpdate`, stages nothing. */
export function upgradeCheckCommand(): string[] {
    return [BOOTC, "upgrade", "--check"];
}

/** What to do with an update once it is downloaded. */
export type UpdateMode =
    /** stage it; it is applied when the machine next reboots (bootc's default) */
    | "stage"
    /** stage it and reboot right away (`--apply`) */
    | "apply"
    /** download and stage it locked: not applied on reboot until unlocked (`--download-only`) */
    | "download-only";

export interface UpdateOptions {
    mode: UpdateMode;
    /** `--soft-reboot=auto`: prepare a soft reboot when the new deployment allows one (bootc ≥ 1.7) */
    softReboot: boolean;
    /** write progress to PROGRESS_FD (bootc ≥ 1.1.4) */
    progress: boolean;
}

/** `bootc upgrade` that pulls and stages the tracked image. */
export function upgradeCommand(options: UpdateOptions): string[] {
    const argv = [BOOTC, "upgrade"];
    if (options.mode === "apply")
        argv.push("--apply");
    else if (options.mode === "download-only")
        argv.push("--download-only");
    // a soft reboot of a download-only deployment would never happen: bootc discards it on reboot
    if (options.softReboot && options.mode !== "download-only")
        argv.push("--soft-reboot=auto");
    if (options.progress)
        argv.push(`--progress-fd=${PROGRESS_FD}`);
    return argv;
}

/**
 * `bootc upgrade --from-downloaded`: unlocks the staged download-only deployment without fetching
 * anything, so it applies on the next reboot; with `apply` it reboots now.
 */
export function applyDownloadedCommand(options: { apply: boolean }): string[] {
    const argv = [BOOTC, "upgrade", "--from-downloaded"];
    if (options.apply)
        argv.push("--apply");
    return argv;
}

/**
 * Reboots the machine. When bootc prepared a soft reboot (/run/nextroot), systemd makes this reboot a
 * soft one by itself (CONTRACT.md §7.3, §9.9).
 */
export function rebootCommand(): string[] {
    return ["systemctl", "reboot"];
}

/** The timer bootc ships: `bootc upgrade --apply --quiet` 1 h after boot, then every 8 h (CONTRACT.md §7.1). */
export const UPDATE_TIMER = "bootc-fetch-apply-updates.timer";
/** The service that timer starts: `bootc upgrade --apply --quiet`. */
export const UPDATE_SERVICE = "bootc-fetch-apply-updates.service";

/** A soft reboot has been prepared: the next reboot only restarts userspace. */
export const NEXTROOT_PATH = "/run/nextroot";

/** When a switch, tag change or rollback takes effect. */
export type ApplyMode =
    /** on the next reboot (bootc's default) */
    | "stage"
    /** reboot as soon as it is done (`--apply`) */
    | "apply";

export interface RollbackOptions {
    mode: ApplyMode;
    /** `--soft-reboot=auto`: prepare a soft reboot into the rollback deployment when it can (bootc ≥ 1.7) */
    softReboot: boolean;
}

/**
 * `bootc rollback`: the rollback deployment boots next (a staged deployment is discarded, CONTRACT.md §9).
 * Run again while a rollback is queued, it reverts that. It reports no progress.
 */
export function rollbackCommand(options: RollbackOptions): string[] {
    const argv = [BOOTC, "rollback"];
    if (options.mode === "apply")
        argv.push("--apply");
    if (options.softReboot)
        argv.push("--soft-reboot=auto");
    return argv;
}

export interface SwitchOptions {
    mode: ApplyMode;
    softReboot: boolean;
    /** `--enforce-container-sigpolicy`: verify with containers-policy.json, refusing an insecure default */
    enforceSignaturePolicy: boolean;
    /** `--retain`: keep the previous image's ref so it is not pruned */
    retain: boolean;
    progress: boolean;
}

/**
 * `bootc switch`: track another image, pull and stage it. The reference is one argv element after
 * "--", and only a validated ImageTarget is accepted.
 */
export function switchCommand(target: ImageTarget, options: SwitchOptions): string[] {
    const argv = [BOOTC, "switch"];
    if (target.transport !== "registry")
        argv.push(`--transport=${target.transport}`);
    if (options.enforceSignaturePolicy)
        argv.push("--enforce-container-sigpolicy");
    if (options.retain)
        argv.push("--retain");
    if (options.mode === "apply")
        argv.push("--apply");
    if (options.softReboot)
        argv.push("--soft-reboot=auto");
    if (options.progress)
        argv.push(`--progress-fd=${PROGRESS_FD}`);
    argv.push("--", target.image);
    return argv;
}

export interface TagOptions {
    mode: ApplyMode;
    softReboot: boolean;
    progress: boolean;
}

/** `bootc upgrade --tag=T` (bootc ≥ 1.15): the tracked image's repository with another tag, pulled and staged. */
export function upgradeTagCommand(tag: ImageTag, options: TagOptions): string[] {
    const argv = upgradeCommand({ mode: options.mode, softReboot: options.softReboot, progress: options.progress });
    argv.splice(2, 0, `--tag=${tag}`);
    return argv;
}

/** `bootc image list --type=T --format=json` (hidden; bootc ≥ 1.1.3): needs root, takes the sysroot lock. */
export function imageListCommand(type: "logical" | "host"): string[] {
    return [BOOTC, "image", "list", `--type=${type}`, "--format=json"];
}

/**
 * What bootc's own container storage holds: `bootc image cmd list` runs `podman image list` with bootc's
 * storage options (CONTRACT.md §3.2), read-only.
 */
export function storedImagesCommand(): string[] {
    return [BOOTC, "image", "cmd", "list", "--format=json"];
}

/**
 * `bootc image copy-to-storage` (hidden; bootc ≥ 0.1.13): exports a host image from the ostree repository
 * into podman's storage (/var/lib/containers) under a bare containers-storage name. Both values are
 * validated ImageTargets and each is one `--flag=value` argv element.
 */
export function copyToStorageCommand(source: ImageTarget, target: ImageTarget): string[] {
    if (target.transport !== "containers-storage")
        throw new Error(`copy-to-storage writes to containers-storage, not ${target.transport}`);
    return [BOOTC, "image", "copy-to-storage", `--source=${hostReference(source)}`, `--target=${target.image}`];
}

/** Where an ostree deployment's root lives (the staged one included). */
export function deploymentRoot(stateroot: string, checksum: string, serial: number): string {
    return `/ostree/deploy/${stateroot}/deploy/${checksum}.${serial}`;
}
