/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The host's update state, derived in one place from everything bootc said: the tracked image
 * (spec.image), the booted and staged images, the cachedUpdate of each (CONTRACT.md §2.6) and the last
 * check on record. Nothing here claims more than bootc said: no check on record is "not checked", not
 * "up to date"; a cache or a check for another image than the tracked one is no update for it. Pure: no
 * I/O.
 */

import { parsePrintedReference } from "./bootc-output";
import type { CheckOutput, LayerDiff } from "./bootc-output";
import type { BootcProblem } from "./errors";
import type { Deployment, HostModel, ImageInfo, ImageRef } from "./model";
import { canonicalImage } from "./references";

/** Why bootc cannot update this host, if it cannot. */
export type UpdateBlocker =
    /** rpm-ostree layered packages or overrides on the booted deployment: only rpm-ostree can update it */
    | "incompatible"
    /** /sysroot is on read-only media (a live ISO) */
    | "read-only"
    /** the booted deployment is not container-based, so there is no image to update from */
    | "no-image";

/** The outcome of a `bootc upgrade --check` run through the page, as its record keeps it. */
export interface CheckRecord {
    endedAt: Date | null;
    /** the image the host tracked when it ran; null for a record that did not say */
    image: { name: string; transport: string } | null;
    output: CheckOutput;
    /** null when it succeeded */
    problem: BootcProblem | null;
}

/** What the last check on record says about the image the host tracks now. */
export type CheckFinding =
    /** no check on record since the system started, or only one for another image */
    | { kind: "none" }
    /** STAGED: the staged image is the newest */
    | { kind: "up-to-date"; at: Date | null; staged: boolean }
    /** it found a newer build (see UpdateState.available: it may have been staged since) */
    | { kind: "update"; at: Date | null }
    | { kind: "failed"; at: Date | null; problem: BootcProblem }
    /** bootc's answer was not one the page knows */
    | { kind: "unknown"; at: Date | null };

/** A newer build of the tracked image, as far as bootc described it. */
export interface AvailableUpdate {
    /** bootc's metadata of it (a cachedUpdate); null when only a check's text told of it (composefs) */
    image: ImageInfo | null;
    version: string | null;
    digest: string | null;
    /** what the last check counted of its layers, when the check was about this very build */
    layers: LayerDiff | null;
}

export interface UpdateState {
    blocker: UpdateBlocker | null;
    /** the staged deployment, download-only or not */
    staged: Deployment | null;
    /** a newer build than what is booted and staged */
    available: AvailableUpdate | null;
    lastCheck: CheckFinding;
}

function sameImage(a: { name: string; transport: string }, b: ImageRef): boolean {
    return a.transport === b.transport && canonicalImage(a.name) === canonicalImage(b.name);
}

/**
 * A cachedUpdate of the booted or staged deployment for the image the host tracks now, whose digest
 * differs from both the booted and the staged image. After a switch or a tag change the booted entry
 * keeps the cache of the image it was booted from: that is no update of the tracked one.
 */
export function cachedUpdate(host: HostModel): ImageInfo | null {
    const tracked = host.tracked;
    if (!tracked)
        return null;
    const current = new Set([host.booted?.image?.digest, host.staged?.image?.digest].filter(d => d !== undefined));
    // a check after staging caches on the staged deployment, so it is the newer of the two
    for (const entry of [host.staged, host.booted]) {
        const cached = entry?.cachedUpdate;
        if (cached && sameImage(cached.ref, tracked) && !current.has(cached.digest))
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

/** Whether a check was about the image TRACKED: the reference bootc printed, else what its record says. */
function checkIsFor(check: CheckRecord, tracked: ImageRef): boolean {
    const output = check.output;
    const reference = output.kind === "unknown" ? null : output.reference;
    const printed = reference === null ? null : parsePrintedReference(reference);
    if (printed)
        return sameImage(printed, tracked);
    return check.image === null || sameImage(check.image, tracked);
}

function findingOf(check: CheckRecord | null, tracked: ImageRef | null): CheckFinding {
    if (!check || !tracked || !checkIsFor(check, tracked))
        return { kind: "none" };
    const at = check.endedAt;
    if (check.problem)
        return { kind: "failed", at, problem: check.problem };
    switch (check.output.kind) {
    case "no-update": return { kind: "up-to-date", at, staged: check.output.staged };
    case "update": return { kind: "update", at };
    case "unknown": return { kind: "unknown", at };
    }
}

function layersOf(output: CheckOutput): LayerDiff | null {
    return output.kind === "update" ? { total: output.total, removed: output.removed, added: output.added } : null;
}

function availableUpdate(host: HostModel, check: CheckRecord | null, finding: CheckFinding): AvailableUpdate | null {
    // a check that found nothing newer is the latest word: a cache bootc kept from an earlier fetch
    // (of a tag that has since moved back) is no update
    if (finding.kind === "up-to-date")
        return null;
    const cached = cachedUpdate(host);
    const output = finding.kind === "update" && check ? check.output : null;
    if (cached) {
        const sameBuild = output?.kind === "update" && output.digest === cached.digest;
        return {
            image: cached, version: cached.version, digest: cached.digest,
            layers: sameBuild && output ? layersOf(output) : null,
        };
    }
    if (output?.kind !== "update")
        return null;
    const current = [host.booted?.image?.digest, host.staged?.image?.digest];
    const found = { image: null, version: output.version, digest: output.digest, layers: layersOf(output) };
    if (output.digest)
        return current.includes(output.digest) ? null : found;
    // composefs names no digest: once something is staged it may be this very build, so say nothing
    return host.staged ? null : found;
}

/** The update state: what the page says about updates, and nothing bootc did not say. */
export function updateState(host: HostModel, check: CheckRecord | null): UpdateState {
    const lastCheck = findingOf(check, host.tracked);
    return {
        blocker: updateBlocker(host),
        staged: host.staged,
        available: availableUpdate(host, check, lastCheck),
        lastCheck,
    };
}
