// SPDX-License-Identifier: LGPL-2.1-or-later
// `bootc status` and the hidden `bootc image` verbs (CONTRACT.md §2, §3.2).
import { createHash } from "node:crypto";

import { parseArgs } from "../args";
import { readBoundImages } from "../bound-images";
import type { Context } from "../deploy";
import { isOstreeBooted } from "../host-files";
import { BootcFailure, withContext } from "../io";
import { acquireLock } from "../lock";
import { requireRoot } from "../preflight";
import { displayReference, parseRegistryName } from "../registry";
import { loadState, saveState, since } from "../state";
import { renderStatus } from "../status";

export async function status(ctx: Context, args: string[]): Promise<number> {
    const { state, io, paths } = ctx;
    const parsed = parseArgs({
        usage: "bootc status [OPTIONS]",
        flags: [
            { name: "format", value: "FORMAT", possible: ["humanreadable", "yaml", "json"] },
            { name: "format-version", value: "FORMAT_VERSION" },
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

function hostImages(ctx: Context): ListEntry[] {
    const { state } = ctx;
    const seen = new Set<string>();
    for (const d of [state.staged, state.booted, state.rollback, ...state.others]) {
        if (d?.spec)
            seen.add(displayReference(d.spec).replace(/^ostree-unverified-image:/, ""));
    }
    return [...seen].map(image => ({ image_type: "host", image }));
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
    if (sub === "copy-to-storage") {
        const parsed = parseArgs({
            usage: "bootc image copy-to-storage [OPTIONS]",
            flags: [{ name: "source", value: "SOURCE" }, { name: "target", value: "TARGET" }],
        }, rest);
        requireRoot(state);
        if (!isOstreeBooted(paths) || !state.booted?.spec)
            throw new BootcFailure("Initializing storage: System not booted via bootc");
        await acquireLock(paths);
        const source = parsed.flags.get("source") ?? state.booted.spec.image;
        const target = parsed.flags.get("target") ?? "localhost/bootc";
        const deployment = [state.staged, state.booted, state.rollback, ...state.others].find(d => d?.spec?.image === source);
        if (!deployment?.digest)
            throw new BootcFailure(`Copying to container storage: No image found in the ostree repository for ${source}`);
        io.out(`Copying local image ${source} to ${target} ...\n`);
        if (!state.containersStorage.includes(target))
            state.containersStorage.push(target);
        saveState(paths, state);
        io.out(`Pushed: ${target} ${deployment.digest}\n`);
        return 0;
    }
    if (sub === "cmd")
        return imageCmd(ctx, rest);
    throw new BootcFailure(`unsupported image verb in the simulator: ${sub ?? "(none)"}`);
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
    const format = rest.find(a => a.startsWith("--format="))?.slice("--format=".length) ?? (rest.includes("--format") ? rest[rest.indexOf("--format") + 1] : undefined);
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
