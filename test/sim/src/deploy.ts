// SPDX-License-Identifier: LGPL-2.1-or-later
// What upgrade and switch share (deploy.rs): pull the layers that are missing, import, stage a new
// deployment with its bound images, prune; and what a reboot does to the deployment list.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";

import { boundImagesOf, installBoundImages } from "./bound-images";
import {
    bumpStatusStamp, clearRunFiles, NEXTROOT, prepareSoftReboot, syncStagedMarkers, writeRebootRequired,
} from "./host-files";
import { BootcFailure, formatSize, sleep } from "./io";
import type { Io } from "./io";
import { importingEvents, stagingEvents } from "./progress";
import type { ProgressWriter } from "./progress";
import { parseRegistryName, queuedName } from "./registry";
import { hostPath, saveState, since } from "./state";
import type { ComposefsState, ImageSpec, Layer, Manifest, Paths, SimDeployment, SimState } from "./state";
import { softRebootCapable } from "./status";

export interface Context {
    paths: Paths;
    state: SimState;
    io: Io;
    progress: ProgressWriter | null;
}

function sum(layers: Layer[]): number {
    return layers.reduce((total, layer) => total + layer.size, 0);
}

function layerKind(manifest: Manifest, layer: Layer): string {
    // chunked base layers, then the derived layers of the image built on top
    return manifest.layers.indexOf(layer) < manifest.layers.length - 1 ? "ostree chunk" : "layer";
}

function subtask(manifest: Manifest, layer: Layer, bytes: number): Record<string, unknown> {
    const kind = layerKind(manifest, layer);
    const id = layer.digest.replace(/^sha256:/, "").slice(0, 21);
    return { subtask: kind, description: `${kind}: ${id}`, id, bytesCached: 0, bytes, bytesTotal: layer.size };
}

/**
 * A composefs pull's progress (bootc ≥ 1.16.5, bootc_composefs/progress.rs; none before): bytes and
 * totals of the layers in flight only, layers done as steps, no layer count, no staging events.
 */
function sendComposefs(ctx: Context, present: number, done: number, current: Layer | null, bytes: number): void {
    if (!since(ctx.state, "1.16.5"))
        return;
    ctx.progress?.send({
        type: "ProgressBytes",
        task: "pulling",
        description: "Pulling composefs image",
        id: "composefs-pull",
        bytesCached: 0,
        bytes: current ? bytes : 0,
        bytesTotal: current ? current.size : 0,
        stepsCached: present,
        steps: done,
        stepsTotal: 0,
        subtasks: current
            ? [{
                subtask: "composefs_layer", description: `Layer: ${current.digest.slice(0, 20)}`, id: current.digest,
                bytesCached: 0, bytes, bytesTotal: current.size,
            }]
            : [],
    });
}

/** Downloads the layers the repo lacks, with progress; a fault interrupts it (once). */
export async function pullImage(ctx: Context, spec: ImageSpec, digest: string, manifest: Manifest): Promise<void> {
    const { state, io } = ctx;
    const present = new Set(state.repoLayers);
    const needed = manifest.layers.filter(layer => !present.has(layer.digest));
    const cached = manifest.layers.filter(layer => present.has(layer.digest));
    const displayName = spec.transport === "registry" ? spec.image : `${spec.transport}:${spec.image}`;
    const composefs = state.backend === "composefs";
    if (needed.length === 0) {
        if (!composefs)
            io.out(`No changes in ${displayName} => ${digest}\n`);
        return;
    }
    const bytesTotal = sum(needed);
    if (bytesTotal > state.freeSpaceBytes) {
        throw new BootcFailure(`Insufficient free space for ${displayName} (available: ${formatSize(state.freeSpaceBytes)} required: ${formatSize(bytesTotal)})`);
    }
    // ostree-ext's summary line; a composefs pull prints none
    if (!composefs)
        io.out(`layers already present: ${cached.length}; layers needed: ${needed.length} (${formatSize(bytesTotal)})\n`);

    const failPercent = state.faults.pullFailAtPercent;
    const failAt = failPercent === undefined ? Infinity : (bytesTotal * failPercent) / 100;
    const speed = state.faults.slowPullBytesPerSecond ?? state.timing.bytesPerSecond;
    const perTick = Math.max(1, Math.ceil((speed * state.timing.tickMs) / 1000));
    const done: Layer[] = [];
    let bytes = 0;
    const send = (current: Layer | null, currentBytes: number) => composefs
        ? sendComposefs(ctx, cached.length, done.length, current, currentBytes)
        : ctx.progress?.send({
            type: "ProgressBytes",
            task: "pulling",
            description: `Pulling Image: ${digest}`,
            id: digest,
            bytesCached: sum(cached),
            bytes,
            bytesTotal,
            stepsCached: cached.length,
            steps: done.length,
            stepsTotal: needed.length,
            subtasks: [
                ...done.map(layer => subtask(manifest, layer, layer.size)),
                ...(current ? [subtask(manifest, current, currentBytes)] : []),
            ],
        });

    for (const layer of needed) {
        let layerBytes = 0;
        while (layerBytes < layer.size) {
            await sleep(state.timing.tickMs);
            const chunk = Math.min(layer.size - layerBytes, perTick);
            layerBytes += chunk;
            bytes += chunk;
            if (bytes >= failAt) {
                // what arrived completely stays in the repo; the fault fires once
                state.repoLayers.push(...done.map(l => l.digest));
                delete state.faults.pullFailAtPercent;
                saveState(ctx.paths, state);
                const name = parseRegistryName(spec.image);
                throw new BootcFailure(`Pulling: Importing: Fetching blob ${layer.digest}: Get "https://${name.host}/v2/blobs/${layer.digest}": read tcp 10.0.2.15:48122->${name.host}:443: read: connection reset by peer`);
            }
            if (layerBytes < layer.size)
                send(layer, layerBytes);
        }
        done.push(layer);
        send(null, 0); // layer completions are never dropped
    }
    state.repoLayers.push(...done.map(l => l.digest));
}

export async function importImage(ctx: Context, digest: string): Promise<void> {
    if (ctx.state.backend === "composefs")
        return;
    for (const event of importingEvents(digest)) {
        ctx.progress?.send(event);
        await sleep(ctx.state.timing.stepMs);
    }
}

/** A composefs deployment's identity (status `composefs`), derived from the commit it stands for. */
export function composefsIdentity(checksum: string): ComposefsState {
    return {
        verity: createHash("sha512").update(checksum).digest("hex"),
        bootType: "Bls",
        bootloader: "systemd",
        bootDigest: createHash("sha256").update(`boot/${checksum}`).digest("hex"),
        missingVerityAllowed: false,
    };
}

function checksumFor(digest: string): string {
    return createHash("sha256").update(`ostree-commit:${digest}`).digest("hex");
}

function deploymentsAfterStaging(state: SimState, staged: SimDeployment): SimDeployment[] {
    return [staged, state.booted, state.rollback, ...state.others].filter((d): d is SimDeployment => d !== null);
}

function boundDeclarations(state: SimState, deployment: SimDeployment): string[] {
    const manifest = deployment.digest ? state.manifests[deployment.digest] : undefined;
    try {
        return manifest ? boundImagesOf(manifest.boundImages) : [];
    } catch {
        return [];
    }
}

/**
 * Stages a new deployment from a pulled image, in bootc's order (deploy.rs `stage`): the deployment is
 * written first, then its bound images are pulled, then old images are pruned. A bound image that
 * cannot be pulled therefore fails the command with the new deployment already staged, and without
 * the prune or /run/reboot-required that would have followed.
 */
export async function stage(
    ctx: Context, spec: ImageSpec, digest: string, manifest: Manifest, downloadOnly: boolean,
): Promise<SimDeployment> {
    const { state } = ctx;
    const composefs = state.backend === "composefs";
    // a composefs deployment reports no staging steps and prints no spinner
    const io = composefs ? { out: ctx.io.out, err: () => undefined } : ctx.io;
    const send = (event: Record<string, unknown> | undefined) => {
        if (!composefs)
            ctx.progress?.send(event ?? {});
    };
    const [merging, deploying, bound, cleanup, finished] = stagingEvents(digest);
    const step = () => sleep(state.timing.stepMs);

    send(merging);
    await step();
    send(deploying);
    io.err("Deploying...");
    await step();
    const previous = state.staged;
    state.serial += 1;
    const checksum = checksumFor(digest);
    const deployment: SimDeployment = {
        spec,
        digest,
        checksum,
        deploySerial: [state.booted, state.rollback, ...state.others].filter(d => d?.checksum === checksum).length,
        stateroot: state.booted?.stateroot ?? "default",
        pinned: false,
        incompatible: false,
        downloadOnly,
        cachedUpdate: null,
        ...(composefs ? { composefs: composefsIdentity(checksum) } : {}),
    };
    state.staged = deployment;
    syncStagedMarkers(ctx.paths, state);
    saveState(ctx.paths, state);
    io.err("done (1 second)\n");

    send(bound);
    let refs: string[];
    try {
        refs = boundImagesOf(manifest.boundImages);
    } catch (error) {
        throw error instanceof BootcFailure ? error.within("Staging: Pulling bound images") : error;
    }
    for (const ref of refs) {
        if (state.boundStorage.includes(ref))
            continue;
        const name = parseRegistryName(ref);
        ctx.io.err(`Fetching bound image: ${ref}...`);
        await sleep(state.timing.stepMs / 2);
        if (state.faults.authFailRegistries?.includes(name.host)) {
            ctx.io.err("\n");
            // podman's exit status 125 as bootc prints it, then what podman wrote on stderr
            throw new BootcFailure(`Staging: Pulling bound images: Pulling bound images: Failed to pull image: Subprocess failed: ExitStatus(unix_wait_status(32000))\nError: initializing source docker://${ref}: reading manifest ${name.tag ?? name.digest ?? "latest"} in ${name.repository}: unauthorized: access to the requested resource is not authorized`);
        }
        ctx.io.err("done (1 second)\n");
        state.boundStorage.push(ref);
        saveState(ctx.paths, state);
    }
    if (refs.length > 0)
        io.out(`Bound images stored: ${refs.length}\n`);

    send(cleanup);
    prune(ctx, previous);
    await step();
    send(finished);

    writeRebootRequired(ctx.paths, digest);
    return deployment;
}

/** Drops layers and bound images no remaining deployment needs. */
function prune(ctx: Context, discarded: SimDeployment | null): void {
    const { state, io } = ctx;
    const keep = state.staged ? deploymentsAfterStaging(state, state.staged) : [];
    const layers = new Set(
        keep.flatMap(d => (d.digest ? state.manifests[d.digest]?.layers ?? [] : []).map(l => l.digest)),
    );
    const before = state.repoLayers.length;
    state.repoLayers = [...new Set(state.repoLayers)].filter(digest => layers.has(digest));
    const bound = new Set(keep.flatMap(d => boundDeclarations(state, d)));
    state.boundStorage = state.boundStorage.filter(ref => bound.has(ref));
    if (discarded && discarded.digest && !keep.some(d => d.digest === discarded.digest)) {
        const removed = before - state.repoLayers.length;
        io.out(`Pruned images: 1 (layers: ${removed}, objsize: ${formatSize(removed * 1_048_576)})\n`);
    }
}

/** "Queued for next boot" and its version and digest lines. */
export function printQueued(io: Io, state: SimState, deployment: SimDeployment): void {
    // the composefs backend stages without saying so (bootc_composefs/update.rs)
    if (!deployment.spec || !deployment.digest || state.backend === "composefs")
        return;
    io.out(`Queued for next boot: ${queuedName(deployment.spec)}\n`);
    const version = state.manifests[deployment.digest]?.version;
    if (version)
        io.out(`  Version: ${version}\n`);
    io.out(`  Digest: ${deployment.digest}\n`);
}

/** --soft-reboot after staging or rollback: prepare /run/nextroot when the target can. */
export function softReboot(
    ctx: Context, mode: string | undefined, target: SimDeployment, what: "staged" | "rollback",
): void {
    if (!mode)
        return;
    if (softRebootCapable(ctx.state, target)) {
        ctx.io.out(`${what === "staged" ? "Staged deployment" : "Rollback deployment"} is soft-reboot capable, preparing for soft-reboot...\n`);
        prepareSoftReboot(ctx.paths);
    } else if (mode === "required") {
        throw new BootcFailure(`Soft reboot was required but ${what} deployment is not soft-reboot capable`);
    }
}

/**
 * The machine reboots: a staged deployment (unless download-only, which is discarded) becomes the
 * booted one, or a queued rollback swaps in. /run is cleared and the new root's bound image
 * declarations are in place.
 */
export function reboot(paths: Paths, state: SimState, by: string): void {
    const soft = existsSync(hostPath(paths, NEXTROOT));
    state.reboots = [
        ...(state.reboots ?? []), { kind: soft ? "soft-reboot" : "reboot", at: new Date().toISOString(), by },
    ];
    const { staged, booted, rollback } = state;
    if (staged && !staged.downloadOnly && booted) {
        // the newer build a check cached on the staged deployment stays with it (ostree-ext keeps it
        // on the image's ref)
        state.booted = { ...staged };
        state.rollback = { ...booted };
        if (rollback?.pinned)
            state.others.push(rollback);
    } else if (state.rollbackQueued && rollback && booted) {
        state.booted = rollback;
        state.rollback = booted;
    }
    state.staged = null;
    state.rollbackQueued = false;
    if (state.usrOverlay?.persistence === "transient")
        state.usrOverlay = null;
    clearRunFiles(paths);
    const manifest = state.booted?.digest ? state.manifests[state.booted.digest] : undefined;
    installBoundImages(paths, manifest?.boundImages ?? []);
    saveState(paths, state);
    // a real reboot reloads the page; the simulated one tells it through the status stamp
    bumpStatusStamp(paths);
}
