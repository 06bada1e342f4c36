// SPDX-License-Identifier: LGPL-2.1-or-later
// `bootc upgrade` (CONTRACT.md §3.2, §3.3).
import { parseArgs, progressFd } from "../args";
import type { FlagSpec, Parsed } from "../args";
import { importImage, printQueued, pullImage, softReboot, stage } from "../deploy";
import type { Context } from "../deploy";
import { bumpStatusStamp, syncStagedMarkers } from "../host-files";
import { BootcFailure, formatSize, withContext } from "../io";
import { prepareForWrite } from "../preflight";
import { displayReference, queuedName, resolve, withTag } from "../registry";
import { sameSpec, saveState, since, trackedSpec } from "../state";
import type { ImageSpec, Manifest, SimDeployment, SimState } from "../state";

export function upgradeFlags(state: SimState): FlagSpec[] {
    const flags: (FlagSpec & { since?: string })[] = [
        { name: "quiet" },
        { name: "check", conflicts: ["apply", "soft-reboot", "download-only", "from-downloaded"] },
        { name: "apply", conflicts: ["check", "download-only"] },
        { name: "soft-reboot", value: "SOFT_REBOOT", possible: ["required", "auto"], since: "1.7.0" },
        { name: "download-only", conflicts: ["from-downloaded"], since: "1.12.0" },
        { name: "from-downloaded", since: "1.12.0" },
        { name: "tag", value: "TAG", since: "1.15.0" },
        { name: "progress-fd", value: "PROGRESS_FD", since: "1.1.4" },
    ];
    return flags.filter(flag => !flag.since || since(state, flag.since));
}

function layerDiff(state: SimState, from: string | null, to: Manifest): string {
    const before = from ? state.manifests[from]?.layers ?? [] : [];
    const oldSet = new Set(before.map(l => l.digest));
    const newSet = new Set(to.layers.map(l => l.digest));
    const removed = before.filter(l => !newSet.has(l.digest));
    const added = to.layers.filter(l => !oldSet.has(l.digest));
    const size = (layers: { size: number }[]) => formatSize(layers.reduce((t, l) => t + l.size, 0));
    const row = (label: string, layers: { size: number }[]) => `${label}${String(layers.length).padEnd(4)}  Size: ${size(layers)}\n`;
    return row("Total new layers: ", to.layers) + row("Removed layers:   ", removed) + row("Added layers:     ", added);
}

/**
 * `upgrade --check` on the composefs backend (bootc_composefs/update.rs): a staged deployment of the
 * newest build is "already staged"; one of another image is checked instead of the tracked one; an
 * update is only the manifest diff, without "Update available" or its version and digest; and no
 * cachedUpdate is recorded.
 */
function composefsCheck(ctx: Context, spec: ImageSpec, digest: string, manifest: Manifest): number {
    const { state, io } = ctx;
    const staged = state.staged;
    const booted = state.booted;
    if (staged?.spec && staged.digest) {
        if (staged.digest === digest) {
            io.out("Update already staged. To apply update run `bootc update --apply`\n");
            return 0;
        }
        const latest = resolve(state, staged.spec);
        if (latest.digest === staged.digest) {
            io.out(`No changes in staged image: ${queuedName(staged.spec)}\n`);
            return 0;
        }
        io.out(layerDiff(state, booted?.digest ?? null, latest.manifest));
        return 0;
    }
    if (booted && digest === booted.digest) {
        io.out(`No changes in: ${queuedName(spec)}\n`);
        return 0;
    }
    io.out(layerDiff(state, booted?.digest ?? null, manifest));
    return 0;
}

/** Where ostree-ext caches a newer manifest: the commit the image ref points to now. */
function cacheTarget(state: SimState, spec: ImageSpec): SimDeployment | null {
    return state.staged && sameSpec(state.staged.spec, spec) ? state.staged : state.booted;
}

export interface Reboot {
    (ctx: Context): Promise<never>;
}

export async function upgrade(
    ctx: Context, args: string[], reboot: Reboot, openProgress: (fd: number) => void,
): Promise<number> {
    const { state, paths } = ctx;
    const parsed = parseArgs({ usage: "bootc upgrade [OPTIONS]", flags: upgradeFlags(state) }, args);
    const fd = progressFd(parsed);
    prepareForWrite(paths, state);
    if (fd !== null)
        openProgress(fd);
    return withContext("Upgrading", () => upgradeBody(ctx, parsed, reboot));
}

async function upgradeBody(ctx: Context, parsed: Parsed, reboot: Reboot): Promise<number> {
    const { state, io, paths } = ctx;
    const has = (flag: string) => parsed.flags.has(flag);
    const booted = state.booted;
    if (!booted)
        throw new BootcFailure("Initializing storage: System not booted via bootc");
    if (booted.incompatible)
        throw new BootcFailure("Deployment contains local rpm-ostree modifications; cannot upgrade via bootc. You can run `rpm-ostree reset` to undo the modifications.");

    if (has("from-downloaded")) {
        const staged = state.staged;
        if (!staged)
            throw new BootcFailure("No staged deployment found");
        if (staged.downloadOnly) {
            staged.downloadOnly = false;
            io.out("Staged deployment will now be applied on reboot\n");
        } else {
            io.out("Staged deployment is already set to apply on reboot\n");
        }
        syncStagedMarkers(paths, state);
        saveState(paths, state);
        if (has("apply"))
            return reboot(ctx);
        return 0;
    }

    let spec = trackedSpec(state);
    if (has("tag")) {
        if (!spec || spec.transport !== "registry")
            throw new BootcFailure("--tag requires a booted image with a specified source");
        spec = { ...spec, image: withTag(spec.image, parsed.flags.get("tag") ?? "") };
    }
    if (!spec)
        throw new BootcFailure("No image source specified");

    const { digest, manifest } = resolve(state, spec);
    const target = cacheTarget(state, spec);
    if (has("check") && state.backend === "composefs")
        return composefsCheck(ctx, spec, digest, manifest);
    if (has("check")) {
        if (target && digest === target.digest) {
            io.out(`No changes in: ${displayReference(spec)}\n`);
            return 0;
        }
        if (target)
            target.cachedUpdate = digest;
        io.out(`Update available for: ${displayReference(spec)}\n`);
        if (manifest.version)
            io.out(`  Version: ${manifest.version}\n`);
        io.out(`  Digest: ${digest}\n`);
        io.out(layerDiff(state, booted.digest, manifest));
        saveState(paths, state);
        bumpStatusStamp(paths);
        return 0;
    }

    if (target && digest !== target.digest)
        target.cachedUpdate = digest;
    await pullImage(ctx, spec, digest, manifest);

    const staged = state.staged;
    if (digest === booted.digest && sameSpec(spec, booted.spec) && !staged) {
        io.out("No update available.\n");
        saveState(paths, state);
        return 0;
    }
    if (staged && digest === staged.digest && sameSpec(spec, staged.spec)) {
        const downloadOnly = has("download-only");
        if (downloadOnly && !staged.downloadOnly)
            io.out("Image downloaded, but will not be applied on reboot\n");
        else if (!downloadOnly && staged.downloadOnly)
            io.out("Staged deployment will now be applied on reboot\n");
        else
            // with a full stop before 1.12.0
            io.out(`Staged update present, not changed${since(state, "1.12.0") ? "" : "."}\n`);
        staged.downloadOnly = downloadOnly;
        syncStagedMarkers(paths, state);
        saveState(paths, state);
        if (has("apply"))
            return reboot(ctx);
        return 0;
    }

    await importImage(ctx, digest);
    const deployment = await stage(ctx, spec, digest, manifest, has("download-only"));
    printQueued(io, state, deployment);
    if (state.backend === "ostree")
        io.out(layerDiff(state, booted.digest, manifest));
    saveState(paths, state);
    bumpStatusStamp(paths);
    softReboot(ctx, parsed.flags.get("soft-reboot"), deployment, "staged");
    if (has("apply"))
        return reboot(ctx);
    return 0;
}
