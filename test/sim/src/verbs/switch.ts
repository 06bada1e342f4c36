// SPDX-License-Identifier: LGPL-2.1-or-later
// `bootc switch` and `bootc rollback` (CONTRACT.md §3.2, §3.3, §9).
import { parseArgs, progressFd } from "../args";
import type { FlagSpec, Parsed } from "../args";
import { importImage, printQueued, pullImage, softReboot, stage } from "../deploy";
import type { Context } from "../deploy";
import { bumpStatusStamp, syncStagedMarkers, writeRebootRequired } from "../host-files";
import { BootcFailure, withContext } from "../io";
import { prepareForWrite } from "../preflight";
import { resolve } from "../registry";
import { sameSpec, saveState, since, trackedSpec } from "../state";
import type { ImageSpec, SimState } from "../state";

import type { Reboot } from "./upgrade";

const TRANSPORTS = ["registry", "oci", "oci-archive", "containers-storage", "docker-daemon", "dir", "docker-archive"];

function switchFlags(state: SimState): FlagSpec[] {
    const flags: (FlagSpec & { since?: string })[] = [
        { name: "quiet" },
        { name: "apply" },
        { name: "soft-reboot", value: "SOFT_REBOOT", possible: ["required", "auto"], since: "1.7.0" },
        { name: "transport", value: "TRANSPORT" },
        { name: "no-signature-verification" },
        { name: "enforce-container-sigpolicy" },
        { name: "retain" },
        { name: "mutate-in-place" },
        { name: "experimental-unified-storage", since: "1.12.0" },
        { name: "progress-fd", value: "PROGRESS_FD", since: "1.1.4" },
    ];
    return flags.filter(flag => !flag.since || since(state, flag.since));
}

/** bootc canonicalizes a tag@digest reference to the digest (spec.rs canonicalize). */
function canonicalize(image: string): string {
    return image.replace(/:[^/@:]+@(sha256:[0-9a-f]{64})$/, "@$1");
}

export async function switchImage(
    ctx: Context, args: string[], reboot: Reboot, openProgress: (fd: number) => void,
): Promise<number> {
    const { state, paths } = ctx;
    const parsed = parseArgs({
        usage: "bootc switch [OPTIONS] <TARGET>",
        flags: switchFlags(state),
        positionals: [{ name: "TARGET", required: true }],
    }, args);
    const fd = progressFd(parsed);
    try {
        prepareForWrite(paths, state);
    } catch (error) {
        throw error instanceof BootcFailure ? error.within("Switching") : error;
    }
    if (fd !== null)
        openProgress(fd);
    return withContext("Switching", () => switchBody(ctx, parsed, reboot));
}

async function switchBody(ctx: Context, parsed: Parsed, reboot: Reboot): Promise<number> {
    const { state, io, paths } = ctx;
    const transport = parsed.flags.get("transport") ?? "registry";
    if (!TRANSPORTS.includes(transport))
        throw new BootcFailure(`Invalid transport: ${transport}`);
    const target = canonicalize(parsed.positionals[0] ?? "");
    const spec: ImageSpec = { image: target, transport };
    if (parsed.flags.has("enforce-container-sigpolicy")) {
        if (state.insecurePolicy)
            throw new BootcFailure("containers-policy.json specifies a default of `insecureAcceptAnything`; refusing usage");
        spec.signature = "containerPolicy";
    }

    if (parsed.flags.has("mutate-in-place")) {
        const booted = state.booted;
        if (booted) {
            booted.spec = spec;
            saveState(paths, state);
            io.out(`Updated ${booted.stateroot}/${booted.checksum}.${booted.deploySerial} to pull from ${target}\n`);
        }
        return 0;
    }

    if (sameSpec(spec, trackedSpec(state))) {
        io.out("Image specification is unchanged.\n");
        if (parsed.flags.has("apply") && state.staged)
            return reboot(ctx);
        return 0;
    }

    const { digest, manifest } = resolve(state, spec);
    await pullImage(ctx, spec, digest, manifest);
    await importImage(ctx, digest);
    const deployment = await stage(ctx, spec, digest, manifest, false);
    printQueued(io, state, deployment);
    saveState(paths, state);
    bumpStatusStamp(paths);
    softReboot(ctx, parsed.flags.get("soft-reboot"), deployment, "staged");
    if (parsed.flags.has("apply"))
        return reboot(ctx);
    return 0;
}

export async function rollback(ctx: Context, args: string[], reboot: Reboot): Promise<number> {
    const { state, paths } = ctx;
    const flags: FlagSpec[] = [{ name: "apply" }];
    if (since(state, "1.7.0"))
        flags.push({ name: "soft-reboot", value: "SOFT_REBOOT", possible: ["required", "auto"] });
    const parsed = parseArgs({ usage: "bootc rollback [OPTIONS]", flags }, args);
    return withContext("Rollback", async () => {
        prepareForWrite(paths, state);
        return rollbackBody(ctx, parsed, reboot);
    });
}

async function rollbackBody(ctx: Context, parsed: Parsed, reboot: Reboot): Promise<number> {
    const { state, io, paths } = ctx;
    const target = state.rollback;
    if (!target)
        throw new BootcFailure("No rollback available");
    if (!target.spec)
        throw new BootcFailure("Rollback is not container image based");

    if (state.rollbackQueued) {
        state.rollbackQueued = false;
        io.out("notice: Reverting queued rollback state\n");
        io.out("Next boot: current deployment\n");
    } else {
        // bootc rewrites the deployment list as [rollback, booted, …]: a staged deployment is dropped
        state.staged = null;
        state.rollbackQueued = true;
        io.out("Next boot: rollback deployment\n");
    }
    writeRebootRequired(paths, target.digest ?? "");
    syncStagedMarkers(paths, state);
    saveState(paths, state);
    bumpStatusStamp(paths);
    if (state.rollbackQueued && state.backend === "ostree")
        softReboot(ctx, parsed.flags.get("soft-reboot"), target, "rollback");
    if (parsed.flags.has("apply"))
        return reboot(ctx);
    return 0;
}
