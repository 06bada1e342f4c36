/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a switch or a tag change would do, decided before anything runs: whether it changes anything at
 * all (bootc's "Image specification is unchanged."), and which command a tag change takes on this bootc.
 * Pure: no I/O.
 */

import type { HostModel, ImageRef } from "./model";
import { canonicalImage, imageWithTag, splitImageName, validateImageTarget } from "./references";
import type { ImageTag, ImageTarget } from "./references";
import { versionAtLeast } from "./version";
import type { BootcVersion } from "./version";

/**
 * bootc's idempotence rule (CONTRACT.md §3.2): a switch whose image, transport and signature equal the
 * tracked spec does nothing — not even fetch a newer build.
 */
export function switchIsUnchanged(
    tracked: ImageRef | null, target: ImageTarget, enforceSignaturePolicy: boolean,
): boolean {
    if (!tracked || tracked.transport !== target.transport)
        return false;
    if (canonicalImage(tracked.name) !== canonicalImage(target.image))
        return false;
    return tracked.signature.kind === (enforceSignaturePolicy ? "container-policy" : "default");
}

/** Whether the page can offer a tag change: the tracked image comes from a registry. */
export function canChangeTag(host: HostModel): boolean {
    return host.tracked?.transport === "registry";
}

/** The tag the tracked image follows, or null when it is pinned to a digest (or has no tag). */
export function trackedTag(tracked: ImageRef | null): string | null {
    if (!tracked)
        return null;
    const { tag, digest } = splitImageName(tracked.name);
    return digest ? null : tag;
}

export type TagPlan =
    /** `bootc upgrade --tag=T` (bootc ≥ 1.15): keeps the signature setting of the tracked image */
    | { kind: "upgrade-tag"; tag: ImageTag; image: string }
    /** `bootc switch` to the repository with the new tag, keeping `--enforce-container-sigpolicy` if it was on */
    | { kind: "switch"; tag: ImageTag; image: string; target: ImageTarget; enforceSignaturePolicy: boolean; reason: "old-bootc" | "pinned" }
    /** the tracked image already follows this tag */
    | { kind: "unchanged"; tag: ImageTag; image: string }
    /** only registry images have tags to change */
    | { kind: "impossible"; reason: "not-registry" | "reference" };

/**
 * How to move the tracked image to `tag`. bootc before 1.15 has no `--tag`, and a digest-pinned image
 * has no tag to replace, so both switch to "repository:tag" instead. An unknown version is taken as
 * current: a bootc too old for --tag refuses it at once with a usage error.
 */
export function tagChangePlan(tracked: ImageRef | null, tag: ImageTag, version: BootcVersion | null): TagPlan {
    if (!tracked || tracked.transport !== "registry")
        return { kind: "impossible", reason: "not-registry" };
    const image = imageWithTag(tracked.name, tag);
    const { digest } = splitImageName(tracked.name);
    if (!digest && trackedTag(tracked) === tag)
        return { kind: "unchanged", tag, image };
    const pinned = digest !== null;
    if (!pinned && (version === null || versionAtLeast(version, 1, 15)))
        return { kind: "upgrade-tag", tag, image };
    const target = validateImageTarget("registry", image);
    if (!target.ok)
        return { kind: "impossible", reason: "reference" };
    return {
        kind: "switch",
        tag,
        image,
        target: target.value,
        enforceSignaturePolicy: tracked.signature.kind === "container-policy",
        reason: pinned ? "pinned" : "old-bootc",
    };
}
