/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whether there is an update, from bootc's status (never from text alone), and what `bootc upgrade
 * --check` said about its size. Pure: no I/O.
 */

import type { Deployment, HostModel, ImageInfo } from "./model";

/** Why bootc cannot update this host, if it cannot. */
export type UpdateBlocker =
    /** rpm-ostree layered packages or overrides on the booted deployment: only rpm-ostree can update it */
    | "incompatible"
    /** /sysroot is on read-only media (a live ISO) */
    | "read-only"
    /** the booted deployment is not container-based, so there is no image to update from */
    | "no-image";

export interface UpdateState {
    /**
     * A newer image seen by the last fetch: a `cachedUpdate` of the booted or staged deployment whose
     * digest differs from both the booted and the staged image (CONTRACT.md §2.6).
     */
    available: ImageInfo | null;
    /** the staged deployment, if any (download-only or not) */
    staged: Deployment | null;
    blocker: UpdateBlocker | null;
}

/** The update-available rule: a cached digest that differs from both the booted and the staged digest. */
export function availableUpdate(host: HostModel): ImageInfo | null {
    const current = new Set([host.booted?.image?.digest, host.staged?.image?.digest].filter(d => d !== undefined));
    // a check after staging caches on the staged deployment, so it is the newer of the two
    for (const entry of [host.staged, host.booted]) {
        const cached = entry?.cachedUpdate;
        if (cached && !current.has(cached.digest))
            return cached;
    }
    return null;
}

export function updateBlocker(host: HostModel): UpdateBlocker | null {
    if (host.booted?.incompatible)
        return "incompatible";
    if (host.readOnly)
        return "read-only";
    if (!host.booted?.image || !host.tracked)
        return "no-image";
    return null;
}

export function updateState(host: HostModel): UpdateState {
    return { available: availableUpdate(host), staged: host.staged, blocker: updateBlocker(host) };
}

export interface LayerCount {
    layers: number;
    /** bootc's own rendering of the size, e.g. "1.2 GB" */
    size: string;
}

export type CheckOutput =
    | { kind: "no-update"; reference: string }
    | {
        kind: "update";
        reference: string;
        version: string | null;
        digest: string | null;
        /** all layers of the new image */
        total: LayerCount | null;
        removed: LayerCount | null;
        /** layers the booted image lacks: roughly what an update downloads */
        added: LayerCount | null;
    }
    /** neither of bootc's answers (e.g. the composefs backend, which prints only the layer diff) */
    | { kind: "unknown" };

function layerCount(stdout: string, label: string): LayerCount | null {
    const match = new RegExp(`^${label}:\\s*(\\d+)\\s+Size:\\s*(.+?)\\s*$`, "m").exec(stdout);
    return match ? { layers: Number(match[1]), size: match[2] ?? "" } : null;
}

/** Reads what `bootc upgrade --check` printed (CONTRACT.md §3.3). */
export function parseCheckOutput(stdout: string): CheckOutput {
    const none = /^No changes in:\s*(.+?)\s*$/m.exec(stdout);
    if (none)
        return { kind: "no-update", reference: none[1] ?? "" };
    const found = /^Update available for:\s*(.+?)\s*$/m.exec(stdout);
    if (!found)
        return { kind: "unknown" };
    return {
        kind: "update",
        reference: found[1] ?? "",
        version: /^\s+Version:\s*(.+?)\s*$/m.exec(stdout)?.[1] ?? null,
        digest: /^\s+Digest:\s*(\S+)\s*$/m.exec(stdout)?.[1] ?? null,
        total: layerCount(stdout, "Total new layers"),
        removed: layerCount(stdout, "Removed layers"),
        added: layerCount(stdout, "Added layers"),
    };
}

/** What `bootc upgrade` or `bootc switch` said it staged (CONTRACT.md §3.3). */
export interface QueuedOutput {
    /** the bare name for a registry image, else the ostree-ext form */
    image: string;
    version: string | null;
    digest: string | null;
}

/**
 * Reads "Queued for next boot: <image>" and the version and digest lines under it; null when nothing
 * was queued (e.g. "Image specification is unchanged.").
 */
export function parseQueuedOutput(stdout: string): QueuedOutput | null {
    const lines = stdout.split("\n");
    const index = lines.findIndex(line => line.startsWith("Queued for next boot: "));
    if (index < 0)
        return null;
    const image = (lines[index] ?? "").slice("Queued for next boot: ".length).trim();
    const after = lines.slice(index + 1, index + 3);
    const field = (name: string) => after.map(line => new RegExp(`^\\s+${name}:\\s*(\\S+)\\s*$`).exec(line)?.[1])
        .find(v => v !== undefined) ?? null;
    return { image, version: field("Version"), digest: field("Digest") };
}

/** A switch to the tracked spec printed this and did nothing. */
export function switchWasUnchanged(stdout: string): boolean {
    return /^Image specification is unchanged\.$/m.test(stdout);
}
