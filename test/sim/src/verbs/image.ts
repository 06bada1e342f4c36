// SPDX-License-Identifier: LGPL-2.1-or-later
// `bootc status` and the hidden `bootc image` verbs (CONTRACT.md §2, §3.2).
import { createHash } from "node:crypto";

import { parseArgs } from "../args";
import { readBoundImages } from "../bound-images";
import type { Context } from "../deploy";
import { isOstreeBooted } from "../host-files";
import { BootcFailure, sleep, withContext } from "../io";
import { acquireLock } from "../lock";
import { requireRoot } from "../preflight";
import { displayReference, parseRegistryName } from "../registry";
import { loadState, saveState, since } from "../state";
import { renderStatus } from "../status";

export async function status(ctx: Context, args: string[]): Promise<number> {
    const { state, io, paths } = ctx;
    const parsed = parseArgs({
        usage: "bootc status [OPTIONS]",
        // --format since 0.1.13 (humanreadable since 1.1.0), --format-version since 0.1.14; before them only --json
        flags: [
            ...(since(state, "0.1.13")
                ? [{ name: "format", value: "FORMAT", possible: ["humanreadable", "yaml", "json"] }]
                : []),
            ...(since(state, "0.1.14") ? [{ name: "format-version", value: "FORMAT_VERSION" }] : []),
            { name: "json" },
            { name: "booted" },
            { name: "verbose" },
        ],
    }, args);
    const booted = isOstreeBooted(paths);
    const formatVersion = parsed.flags.get("format-version");
    if (formatVersion !== undefined && formatVersion !== "0" && formatVersion !== "1")
        throw new BootcFailure(`Unsupported format version: ${formatVersion}`);
    const json = parsed.flags.get("format") === "json" || parsed.flags.has("json");
    if (!json)
        throw new BootcFailure("this simulator prints status as JSON only (pass --format=json)");

    return withContext("Status", async () => {
        // on a booted host, status prepares for write (root) and takes the sysroot lock
        if (booted) {
            requireRoot(state);
            await acquireLock(paths);
        }
        const fresh = loadState(paths);
        if (fresh.faults.statusError)
            throw new BootcFailure(fresh.faults.statusError);
        if (parsed.flags.has("booted")) {
            // --booted clears staged and rollback but not otherDeployments (a bootc quirk)
            fresh.staged = null;
            fresh.rollback = null;
        }
        io.out(renderStatus(fresh, booted));
        return 0;
    });
}

interface ListEntry {
    image_type: string;
    image: string;
}

/**
 * `--type host`: the images in the ostree repository (none on the composefs backend), then, since
 * 1.16.0, every name in bootc's own container storage as "unified" (image.rs list_host_images).
 */
function hostImages(ctx: Context): ListEntry[] {
    const { state } = ctx;
    const seen = new Set<string>();
    if (state.backend === "ostree") {
        for (const d of [state.staged, state.booted, state.rollback, ...state.others]) {
            if (d?.spec)
                seen.add(displayReference(d.spec).replace(/^ostree-unverified-image:/, ""));
        }
    }
    const unified = since(state, "1.16.0") ? state.boundStorage : [];
    return [
        ...[...seen].map(image => ({ image_type: "host", image })),
        ...unified.map(image => ({ image_type: "unified", image })),
    ];
}

export async function imageVerb(ctx: Context, args: string[]): Promise<number> {
    const { state, io, paths } = ctx;
    const [sub, ...rest] = args;
    if (sub === "list") {
        if (!since(state, "1.1.3"))
            throw new BootcFailure("image list is not supported by this bootc version");
        const parsed = parseArgs({
            usage: "bootc image list [OPTIONS]",
            flags: [
                { name: "type", value: "TYPE", possible: ["all", "logical", "host"] },
                { name: "format", value: "FORMAT", possible: ["table", "json"] },
            ],
        }, rest);
        requireRoot(state);
        const type = parsed.flags.get("type") ?? "all";
        if (!isOstreeBooted(paths) || !state.booted)
            throw new BootcFailure("Listing host images requires a booted bootc system");
        await acquireLock(paths);
        const entries: ListEntry[] = [
            ...(type === "logical" ? [] : hostImages(ctx)),
            ...(type === "host" ? [] : readBoundImages(paths).map(image => ({ image_type: "logical", image }))),
        ];
        if (parsed.flags.get("format") === "json") {
            io.out(JSON.stringify(entries, null, 2));
        } else {
            const width = Math.max("REPOSITORY".length, ...entries.map(e => e.image.length)) + 2;
            io.out(`${"REPOSITORY".padEnd(width)}TYPE\n`);
            for (const entry of entries)
                io.out(`${entry.image.padEnd(width)}${entry.image_type}\n`);
        }
        return 0;
    }
    if (sub === "copy-to-storage")
        return copyToStorage(ctx, rest);
    if (sub === "cmd")
        return imageCmd(ctx, rest);
    throw new BootcFailure(`unsupported image verb in the simulator: ${sub ?? "(none)"}`);
}

/**
 * ostree-ext's ImageReference::try_from: "TRANSPORT:NAME", where the registry is "registry:NAME" or
 * "docker://NAME". Returns bootc's spec transport names.
 */
function parseImageReference(text: string): { transport: string; image: string } {
    const colon = text.indexOf(":");
    if (colon < 0)
        throw new BootcFailure(`Parsing source image: Missing ':' in ${text}`);
    const prefix = text.slice(0, colon);
    let image = text.slice(colon + 1);
    const transports: Record<string, string> = {
        registry: "registry",
        docker: "registry",
        oci: "oci",
        "oci-archive": "oci-archive",
        "containers-storage": "containers-storage",
        dir: "dir",
    };
    const transport = transports[prefix];
    if (!transport)
        throw new BootcFailure(`Parsing source image: Unknown transport '${prefix}'`);
    if (image === "")
        throw new BootcFailure(`Parsing source image: Invalid empty name in ${text}`);
    if (prefix === "docker") {
        if (!image.startsWith("//"))
            throw new BootcFailure(`Parsing source image: Missing // in docker:// in ${text}`);
        image = image.slice(2);
    }
    return { transport, image };
}

function referenceText(ref: { transport: string; image: string }): string {
    return ref.transport === "registry" ? `docker://${ref.image}` : `${ref.transport}:${ref.image}`;
}

/**
 * `bootc image copy-to-storage [--source S] [--target T]`: exports a host image (one a deployment was
 * made from) into podman's storage, printing what skopeo prints on a pipe. The copy is exported anew,
 * so its digest is not the registry's.
 */
async function copyToStorage(ctx: Context, args: string[]): Promise<number> {
    const { state, io, paths } = ctx;
    const parsed = parseArgs({
        usage: "bootc image copy-to-storage [OPTIONS]",
        flags: [{ name: "source", value: "SOURCE" }, { name: "target", value: "TARGET" }],
    }, args);
    requireRoot(state);
    if (!isOstreeBooted(paths) || !state.booted?.spec)
        throw new BootcFailure("Initializing storage: System not booted via bootc");
    await acquireLock(paths);
    const sourceText = parsed.flags.get("source");
    const source = sourceText === undefined
        ? { transport: state.booted.spec.transport, image: state.booted.spec.image }
        : parseImageReference(sourceText);
    const target = `containers-storage:${parsed.flags.get("target") ?? "localhost/bootc"}`;
    const deployment = [state.staged, state.booted, state.rollback, ...state.others]
        .find(d => d?.spec?.transport === source.transport && d.spec.image === source.image);
    const manifest = deployment?.digest ? state.manifests[deployment.digest] : undefined;
    io.out(`Copying local image ${referenceText(source)} to ${target} ...\n`);
    if (!deployment?.digest || !manifest)
        throw new BootcFailure("No such image");
    io.out("Getting image source signatures\n");
    for (const layer of manifest.layers) {
        if (state.faults.copyError)
            throw new BootcFailure(state.faults.copyError);
        // a local export runs at about twice the download speed
        await sleep(Math.max(state.timing.tickMs, layer.size / (2 * state.timing.bytesPerSecond) * 1000));
        io.out(`Copying blob ${layer.digest.slice("sha256:".length, "sha256:".length + 12)} done\n`);
    }
    const config = digestFor(`config/${deployment.digest}`).slice("sha256:".length, "sha256:".length + 12);
    io.out(`Copying config ${config} done\n`);
    io.out("Writing manifest to image destination\n");
    const name = target.slice("containers-storage:".length);
    const fresh = loadState(paths);
    if (!fresh.containersStorage.includes(name))
        fresh.containersStorage.push(name);
    saveState(paths, fresh);
    io.out(`Pushed: ${target} ${digestFor(`export/${deployment.digest}`)}\n`);
    return 0;
}

/** `bootc image cmd list [podman args]`: `podman image list` over bootc's storage (its bound images). */
async function imageCmd(ctx: Context, args: string[]): Promise<number> {
    const { state, io, paths } = ctx;
    const [op, ...rest] = args;
    if (op !== "list")
        throw new BootcFailure(`the simulator's image cmd supports only list, not ${op ?? "(none)"}`);
    requireRoot(state);
    if (!isOstreeBooted(paths) || !state.booted)
        throw new BootcFailure("Initializing storage: System not booted via bootc");
    await acquireLock(paths);
    const format = rest.find(a => a.startsWith("--format="))?.slice("--format=".length)
        ?? (rest.includes("--format") ? rest[rest.indexOf("--format") + 1] : undefined);
    const images = state.boundStorage.map(ref => {
        const name = parseRegistryName(ref);
        const digest = (name.tag ? state.registry[name.repository]?.[name.tag] : name.digest) ?? digestFor(ref);
        const id = digestFor(`image-id/${ref}`).slice("sha256:".length);
        return {
            Id: id,
            ParentId: "",
            RepoTags: null,
            RepoDigests: [`${name.repository}@${digest}`],
            Size: 50_000_000 + (parseInt(id.slice(0, 6), 16) % 200_000_000),
            SharedSize: 0,
            VirtualSize: 0,
            Labels: null,
            Containers: 0,
            Names: name.tag ? [`${name.repository}:${name.tag}`] : [],
            Digest: digest,
            History: [],
            Created: 1_762_000_000,
            CreatedAt: "2025-11-01T12:26:40Z",
        };
    });
    if (format === "json") {
        io.out(`${JSON.stringify(images, null, 4)}\n`);
    } else {
        io.out("REPOSITORY  TAG  IMAGE ID  CREATED  SIZE\n");
        for (const image of images)
            io.out(`${image.Names[0] ?? "<none>"}  ${image.Id.slice(0, 12)}\n`);
    }
    return 0;
}

function digestFor(seed: string): string {
    return `sha256:${createHash("sha256").update(seed).digest("hex")}`;
}
