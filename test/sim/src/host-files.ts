// SPDX-License-Identifier: LGPL-2.1-or-later
// The files bootc and ostree keep on the host that a UI may read or watch (CONTRACT.md §7.3).
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { deploymentRoot, installBoundImages } from "./bound-images";
import { hostPath } from "./state";
import type { Paths, SimState } from "./state";

export const OSTREE_BOOTED = "/run/ostree-booted";
export const STATUS_STAMP = "/ostree/bootc";
export const REBOOT_REQUIRED = "/run/reboot-required";
export const NEXTROOT = "/run/nextroot";
export const STAGED_DEPLOYMENT = "/run/ostree/staged-deployment";
export const STAGED_LOCKED = "/run/ostree/staged-deployment-locked";

export function isOstreeBooted(paths: Paths): boolean {
    return existsSync(hostPath(paths, OSTREE_BOOTED));
}

/** bootc's Storage::update_mtime: what bootc-status-updated.path (and the page) watches. */
export function bumpStatusStamp(paths: Paths): void {
    const path = hostPath(paths, STATUS_STAMP);
    mkdirSync(path, { recursive: true });
    const now = new Date();
    utimesSync(path, now, now);
}

export function writeRebootRequired(paths: Paths, digest: string): void {
    writeFileSync(hostPath(paths, REBOOT_REQUIRED), `bootc: Reboot required for image: ${digest}\n`);
}

export function prepareSoftReboot(paths: Paths): void {
    mkdirSync(hostPath(paths, NEXTROOT), { recursive: true });
}

function setFile(paths: Paths, path: string, present: boolean): void {
    const full = hostPath(paths, path);
    if (present) {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, "");
    } else {
        rmSync(full, { force: true });
    }
}

/** libostree's markers for a staged deployment and its finalization lock (download-only). */
export function syncStagedMarkers(paths: Paths, state: SimState): void {
    setFile(paths, STAGED_DEPLOYMENT, state.staged !== null);
    setFile(paths, STAGED_LOCKED, state.staged?.downloadOnly === true);
    // the staged deployment's root exists from staging on, with its bound image declarations
    const staged = state.staged;
    const manifest = staged?.digest ? state.manifests[staged.digest] : undefined;
    if (staged && manifest && state.backend === "ostree")
        installBoundImages(paths, manifest.boundImages, deploymentRoot(staged));
}

/** What a reboot clears: /run is a tmpfs. */
export function clearRunFiles(paths: Paths): void {
    for (const path of [REBOOT_REQUIRED, STAGED_DEPLOYMENT, STAGED_LOCKED])
        rmSync(hostPath(paths, path), { force: true });
    rmSync(hostPath(paths, NEXTROOT), { recursive: true, force: true });
}
