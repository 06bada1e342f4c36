/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Logically bound images (CONTRACT.md §6): what a deployment declares in /usr/lib/bootc/bound-images.d,
 * whether bootc would accept each declaration, whether the image is in bootc's storage, and what a
 * staged deployment changes. Pure: no I/O.
 */

import * as z from "zod";

import { splitImageName } from "./references";

z.config({ jitless: true });

/** `bootc image list --format json`: snake_case keys, pretty-printed, no trailing newline. */
const ImageListSchema = z.array(z.object({ image_type: z.string(), image: z.string() }));

export interface ListedImage {
    /** "host", "logical" or "unified" (newer values pass through) */
    type: string;
    image: string;
}

export function parseImageList(stdout: string): ListedImage[] | null {
    try {
        const parsed = ImageListSchema.safeParse(JSON.parse(stdout));
        return parsed.success ? parsed.data.map(entry => ({ type: entry.image_type, image: entry.image })) : null;
    } catch {
        return null;
    }
}

/** `podman image list --format json` over bootc's storage (`bootc image cmd list`). */
const StoredImageSchema = z.array(z.object({
    Id: z.string(),
    Names: z.array(z.string()).nullish(),
    RepoDigests: z.array(z.string()).nullish(),
    Digest: z.string().nullish(),
    Size: z.number().nullish(),
    Created: z.number().nullish(),
}));

export interface StoredImage {
    id: string;
    /** repository:tag names */
    names: string[];
    /** repository@digest names */
    repoDigests: string[];
    size: number | null;
    created: Date | null;
}

export function parseStoredImages(stdout: string): StoredImage[] | null {
    try {
        // podman prints "null" rather than [] for an empty store in some versions
        const json: unknown = JSON.parse(stdout.trim() === "" ? "[]" : stdout);
        const parsed = StoredImageSchema.safeParse(json ?? []);
        if (!parsed.success)
            return null;
        return parsed.data.map(image => ({
            id: image.Id,
            names: image.Names ?? [],
            repoDigests: image.RepoDigests ?? [],
            size: image.Size ?? null,
            created: typeof image.Created === "number" ? new Date(image.Created * 1000) : null,
        }));
    } catch {
        return null;
    }
}

/** Why bootc would refuse a declaration (its words are in `message`). */
export type DeclarationProblem =
    /** bootc refuses a name that is not UTF-8 ("Invalid non-UTF8 filename") */
    | "non-utf8"
    | "not-symlink"
    | "extension"
    | "auth-file"
    | "specifier"
    | "missing-image"
    /** a dangling link, a file that could not be read, or more than 40 links (resolved inside the root) */
    | "unreadable"
    /** over 64 KiB: not read by the page */
    | "too-big";

export interface Declaration {
    /** the entry in bound-images.d, e.g. "curl.container" */
    name: string;
    /** where the link points, as written (null for a plain file) */
    target: string | null;
    /** the Image= value, when the quadlet has one */
    image: string | null;
    problem: DeclarationProblem | null;
    /** bootc's message for the problem */
    message: string | null;
}

export type DeclarationsResult =
    | { kind: "read"; declarations: Declaration[] }
    /** the deployment root is not there (composefs, or a deployment being cleaned up) */
    | { kind: "no-root" };

/** Reads a quadlet the way boundimage.rs does: only Image= of [Image] or [Container] counts. */
export function parseQuadlet(
    name: string, content: string,
): { image: string | null; problem: DeclarationProblem | null; message: string | null } {
    const section = name.endsWith(".image") ? "Image" : name.endsWith(".container") ? "Container" : null;
    if (!section)
        return { image: null, problem: "extension", message: `Invalid file extension: ${name}` };
    let current = "";
    let image: string | null = null;
    let authFile = false;
    for (const raw of content.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#") || line.startsWith(";"))
            continue;
        const header = /^\[(.+)\]$/.exec(line);
        if (header) {
            current = header[1] ?? "";
            continue;
        }
        const eq = line.indexOf("=");
        if (current !== section || eq < 0)
            continue;
        const key = line.slice(0, eq).trim();
        const value = line.slice(eq + 1).trim();
        if (key === "Image")
            image = value;
        else if (key === "AuthFile" && section === "Image")
            authFile = true;
    }
    if (authFile)
        return { image, problem: "auth-file", message: "AuthFile is not supported by bound bootc images" };
    if (image === null)
        return { image: null, problem: "missing-image", message: "Missing Image field" };
    if (/%[^%]|%$/.test(image.replace(/%%/g, "")))
        return { image, problem: "specifier", message: `Systemd specifiers are not supported by bound bootc images: ${image}` };
    return { image: image.replace(/%%/g, "%"), problem: null, message: null };
}

function bytesOf(field: string): Uint8Array {
    return Uint8Array.from(atob(field), c => c.charCodeAt(0));
}

/** Whether BYTES are valid UTF-8 (bootc reads names with to_str(), which refuses anything else). */
function isUtf8(bytes: Uint8Array): boolean {
    try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        return true;
    } catch {
        return false;
    }
}

interface Entry {
    kind: string;
    state: string;
    name: Uint8Array;
    target: string;
    content: string;
}

/** The entry lines and the data line of scripts/bound-images.sh, split into entries; null when they do not add up. */
function entriesOf(lines: string[]): Entry[] | null {
    const data = lines[lines.length - 1] ?? "";
    if (!data.startsWith("data "))
        return null;
    const heads = lines.slice(0, -1).map(line => line.split(" "));
    const number = (field: string | undefined) => (field && /^\d+$/.test(field) ? Number(field) : NaN);
    let bytes: Uint8Array;
    try {
        bytes = bytesOf(data.slice(5));
    } catch {
        return null;
    }
    const text = (from: number, length: number) => new TextDecoder().decode(bytes.subarray(from, from + length));
    const entries: Entry[] = [];
    let at = 0;
    for (const [word, kind, state, nameLength, targetLength] of heads) {
        const [n, t] = [number(nameLength), number(targetLength)];
        if (word !== "entry" || !kind || !state || Number.isNaN(n) || Number.isNaN(t))
            return null;
        entries.push({ kind, state, name: bytes.subarray(at, at + n), target: text(at + n, t), content: "" });
        at += n + t;
    }
    for (const [index, head] of heads.entries()) {
        const entry = entries[index];
        const size = number(head[5]);
        if (!entry || Number.isNaN(size))
            return null;
        if (entry.state === "read") {
            entry.content = text(at, size);
            at += size;
        }
    }
    // a file that changed between its size and its reading: the bytes do not add up
    return at === bytes.length ? entries : null;
}

/** Reads the output of scripts/bound-images.sh; null when it is not that. */
export function parseDeclarations(output: string): DeclarationsResult | null {
    const lines = output.split("\n").filter(line => line !== "");
    if (lines[0] === "no-root")
        return { kind: "no-root" };
    if (lines[0] === "none")
        return { kind: "read", declarations: [] };
    const entries = entriesOf(lines);
    if (!entries)
        return null;
    const declarations: Declaration[] = [];
    for (const { kind, state, name: nameBytes, target, content } of entries) {
        const name = new TextDecoder().decode(nameBytes);
        const base = { name, target: kind === "link" ? target : null };
        if (!isUtf8(nameBytes)) {
            declarations.push({
                ...base, image: null, problem: "non-utf8",
                message: `Invalid non-UTF8 filename: ${JSON.stringify(name)} in usr/lib/bootc/bound-images.d`,
            });
        } else if (kind !== "link") {
            declarations.push({ ...base, image: null, problem: "not-symlink", message: `Not a symlink: ${name}` });
        } else if (state === "big") {
            declarations.push({ ...base, image: null, problem: "too-big", message: null });
        } else if (state === "loop") {
            const message = `${target}: Too many levels of symbolic links`;
            declarations.push({ ...base, image: null, problem: "unreadable", message });
        } else if (state !== "read") {
            declarations.push(
                { ...base, image: null, problem: "unreadable", message: `${target}: No such file or directory` },
            );
        } else {
            declarations.push({ ...base, ...parseQuadlet(name, content) });
        }
    }
    return {
        kind: "read", declarations: declarations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
}

/**
 * bootc pulls a bound image only if it is missing (IfNotExists): a floating tag such as :latest is never
 * refreshed on upgrade, and a reference without a tag may even be pruned (CONTRACT.md §6).
 */
export function floatingTag(image: string): "latest" | "untagged" | null {
    const { tag, digest } = splitImageName(image);
    if (digest)
        return null;
    if (tag === null)
        return "untagged";
    return tag === "latest" ? "latest" : null;
}

/** How podman names an image: a registry host, and :latest when there is no tag. */
export function storageName(image: string): string {
    const { repository, tag, digest } = splitImageName(image);
    const [first = "", ...rest] = repository.split("/");
    const qualified = rest.length > 0 && (/[.:]/.test(first) || first === "localhost")
        ? repository
        : `docker.io/${rest.length > 0 ? repository : `library/${repository}`}`;
    if (digest)
        return `${qualified}@${digest}`;
    return `${qualified}:${tag ?? "latest"}`;
}

/** Whether bootc's storage holds `image` (null when the storage could not be read). */
export function isStored(image: string, stored: StoredImage[] | null): boolean | null {
    if (!stored)
        return null;
    const name = storageName(image);
    return stored.some(entry => entry.names.includes(name) || entry.repoDigests.includes(name));
}

export interface BoundImageChange {
    from: string;
    to: string;
}

export interface BoundImagesDiff {
    added: string[];
    removed: string[];
    /** the same repository with another tag or digest */
    changed: BoundImageChange[];
    unchanged: string[];
}

/** What staging a deployment that declares `next` changes, compared with `current`. */
export function diffBoundImages(current: readonly string[], next: readonly string[]): BoundImagesDiff {
    const repository = (image: string) => splitImageName(storageName(image)).repository;
    const unchanged = next.filter(image => current.includes(image));
    const changed: BoundImageChange[] = [];
    const added: string[] = [];
    for (const image of next.filter(i => !current.includes(i))) {
        const before = current.find(old => !next.includes(old) && repository(old) === repository(image));
        if (before)
            changed.push({ from: before, to: image });
        else
            added.push(image);
    }
    const removed = current.filter(image => !next.includes(image) && !changed.some(change => change.from === image));
    return { added, removed, changed, unchanged };
}
