/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Host images (CONTRACT.md §3.2 `image list --type host`, `image copy-to-storage`): the OS images in the
 * ostree repository, named the way ostree-ext writes an image reference ("docker://quay.io/x:tag",
 * "oci:/path", "containers-storage:localhost/x"), which deployments use each, and what a copy into
 * podman's storage printed. Pure: no I/O.
 */

import type { Deployment, HostModel } from "./model";
import { canonicalImage, isSwitchTransport, validateImageTarget } from "./references";
import type { ImageTarget, SwitchTransport, Validated } from "./references";

/** Where `bootc image copy-to-storage` puts the image when no --target is given. */
export const DEFAULT_STORAGE_TARGET = "localhost/bootc";

/**
 * Reads an ostree-ext image reference: "docker://NAME" or "registry:NAME" for a registry, otherwise
 * "TRANSPORT:NAME". The name is validated like a switch target, so a listing that is not understood
 * (or is hostile) never becomes an argument.
 */
export function parseHostReference(text: string): Validated<ImageTarget> {
    let transport: SwitchTransport;
    let name: string;
    if (text.startsWith("docker://")) {
        transport = "registry";
        name = text.slice("docker://".length);
    } else {
        const colon = text.indexOf(":");
        const prefix = colon > 0 ? text.slice(0, colon) : "";
        if (!isSwitchTransport(prefix))
            return { ok: false, issue: { problem: "scheme", detail: colon > 0 ? prefix : null } };
        transport = prefix;
        name = text.slice(colon + 1);
    }
    return validateImageTarget(transport, name);
}

/** The ostree-ext form of an image reference, as `--source` takes it. */
export function hostReference(target: ImageTarget): string {
    return target.transport === "registry" ? `docker://${target.image}` : `${target.transport}:${target.image}`;
}

/** One image in the ostree repository. */
export interface HostImage {
    /** as bootc listed it */
    listed: string;
    /** the parsed reference, or why it is not understood (then nothing is offered for it) */
    source: Validated<ImageTarget>;
    /** the deployments that were made from it, staged first */
    deployments: Deployment[];
}

/** Whether a deployment was made from this image (same transport, same name; a tag@digest as bootc stores it). */
function madeFrom(deployment: Deployment, target: ImageTarget): boolean {
    const ref = deployment.image?.ref;
    return ref !== undefined && ref.transport === target.transport
        && canonicalImage(ref.name) === canonicalImage(target.image);
}

/** An entry of `bootc image list`: its type ("host", "unified", "logical", or a newer one) and name. */
interface Listed {
    type?: string;
    image: string;
}

/** Each name once, in the order bootc listed them. */
function distinct(names: readonly string[]): string[] {
    return [...new Set(names)];
}

/**
 * The OS images in the ostree repository: the listing's "host" entries (and any of a type this page
 * does not know), each once. "unified" entries (bootc ≥ 1.16.0) are bootc's own container storage,
 * not the ostree repository: see bootcStorageImages().
 */
export function hostImages(listed: readonly Listed[], host: HostModel): HostImage[] {
    const names = distinct(listed.filter(entry => entry.type !== "unified").map(entry => entry.image));
    return names.map(image => {
        const source = parseHostReference(image);
        const deployments = source.ok ? host.deployments.filter(d => madeFrom(d, source.value)) : [];
        return { listed: image, source, deployments };
    });
}

/** An image in bootc's own container storage (/usr/lib/bootc/storage), as `image list` names it. */
export interface StorageImage {
    name: string;
    /** a logically bound image of the booted deployment */
    bound: boolean;
}

/**
 * The "unified" entries of `bootc image list --type host` (bootc ≥ 1.16.0): the images in bootc's
 * own container storage, each once: the bound images, and OS images set up with `bootc image
 * set-unified`. BOUND are the names the booted deployment declares.
 */
export function bootcStorageImages(listed: readonly Listed[], bound: readonly string[]): StorageImage[] {
    const declared = new Set(bound);
    return distinct(listed.filter(entry => entry.type === "unified").map(entry => entry.image))
        .map(name => ({ name, bound: declared.has(name) }));
}

export interface CopyResult {
    /** the target as bootc printed it, e.g. "containers-storage:localhost/bootc" */
    target: string;
    /** the digest of the copied manifest (not the registry's: the copy is exported anew) */
    digest: string;
}

/** The last line of `bootc image copy-to-storage`: "Pushed: <target> <digest>". */
export function parseCopyOutput(stdout: string): CopyResult | null {
    const lines = stdout.split("\n").reverse();
    for (const line of lines) {
        const match = /^Pushed: (\S+) (\S+:[0-9a-f]+)\s*$/.exec(line);
        if (match)
            return { target: match[1] ?? "", digest: match[2] ?? "" };
    }
    return null;
}

/** The --source and --target a copy-to-storage argv names (for a record that does not say them otherwise). */
export function copyArguments(argv: readonly string[]): { source: string | null; target: string } {
    const value = (flag: string) => argv.find(arg => arg.startsWith(`--${flag}=`))?.slice(flag.length + 3) ?? null;
    return { source: value("source"), target: value("target") ?? DEFAULT_STORAGE_TARGET };
}
