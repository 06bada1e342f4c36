// SPDX-License-Identifier: LGPL-2.1-or-later
// The simulated `bootc` executable: a model of bootc over a state directory ($BOOTC_SIM_STATE), acting on
// the real host paths of the test host's private mount namespace ($BOOTC_SIM_ROOT, default "/").
import { appendFileSync, existsSync, writeSync } from "node:fs";

import { reboot } from "./deploy";
import type { Context } from "./deploy";
import { BootcFailure, sleep, UsageError } from "./io";
import type { Io } from "./io";
import { acquireLock, releaseLock } from "./lock";
import { ProgressWriter } from "./progress";
import { loadState, since, statePath } from "./state";
import type { Paths } from "./state";
import { systemctl, systemdRun } from "./systemctl";
import { imageVerb, status } from "./verbs/image";
import { rollback, switchImage } from "./verbs/switch";
import { upgrade } from "./verbs/upgrade";

const io: Io = {
    out: text => void writeSync(1, text),
    err: text => void writeSync(2, text),
};

const HELP = `Deploy and transactionally in-place with bootable container images.

Usage: bootc <COMMAND>

Commands:
  upgrade   Download and queue an updated container image to apply
  switch    Target a new container image reference to boot
  rollback  Change the bootloader entry ordering; the deployment under \`rollback\` will be queued for the next boot
  status    Display status
  image     Operations on container images
  help      Print this message or the help of the given subcommand(s)

Options:
  -h, --help     Print help
  -V, --version  Print version
`;

function logCall(paths: Paths, argv: string[], program: string): void {
    const entry = {
        time: new Date().toISOString(), argv: [program, ...argv], uid: process.getuid?.() ?? -1, pid: process.pid,
    };
    appendFileSync(`${paths.stateDir}/calls.jsonl`, `${JSON.stringify(entry)}\n`);
}

/** --apply: bootc runs `systemctl reboot` and parks until the shutdown kills it. */
async function rebootNow(ctx: Context): Promise<never> {
    await sleep(ctx.state.timing.rebootDelayMs);
    reboot(ctx.paths, ctx.state, "bootc --apply");
    releaseLock(ctx.paths);
    process.kill(process.pid, "SIGTERM");
    return new Promise<never>(() => undefined);
}

async function run(paths: Paths, argv: string[]): Promise<number> {
    const [verb, ...args] = argv;
    let state = loadState(paths);
    if (verb === "--version" || verb === "-V") {
        io.out(`bootc ${state.bootcVersion}\n`);
        return 0;
    }
    if (verb === "--help" || verb === "-h" || verb === "help") {
        io.out(HELP);
        return 0;
    }
    if (verb === undefined) {
        io.err(HELP);
        return 2;
    }

    const write = verb === "upgrade" || verb === "update" || verb === "switch" || verb === "rollback";
    if (write) {
        // held for the whole command; `bootc status` waits for it
        await acquireLock(paths);
        state = loadState(paths);
    }
    const ctx: Context = { paths, state, io, progress: null };
    const openProgress = (fd: number) => {
        ctx.progress = ProgressWriter.open(fd, io, `${paths.stateDir}/progress.jsonl`);
    };
    switch (verb) {
    case "status": return status(ctx, args);
    case "upgrade":
    case "update": return upgrade(ctx, args, rebootNow, openProgress);
    case "switch": return switchImage(ctx, args, rebootNow, openProgress);
    case "rollback": return rollback(ctx, args, rebootNow);
    case "image": return imageVerb(ctx, args);
    default:
        throw new UsageError(`error: unrecognized subcommand '${verb}'\n\nUsage: bootc <COMMAND>\n\nFor more information, try '--help'.\n`);
    }
}

/**
 * How bootc prints the error it exits with: since 1.4.0 "error: <chain>" (colour only on a terminal);
 * before, through tracing's compact format, "ERROR <chain>" with the level in red even on a pipe.
 */
function errorLine(paths: Paths, chain: string): string {
    let old: boolean;
    try {
        old = !since(loadState(paths), "1.4.0");
    } catch {
        old = false;
    }
    return old ? `\u001b[31mERROR\u001b[0m ${chain}\n` : `error: ${chain}\n`;
}

/** Runs as `bootc`, or as `systemctl` or `systemd-run` when installed under that name (host-setup.sh does all). */
export async function main(argv: string[], program = "bootc"): Promise<number> {
    const stateDir = process.env.BOOTC_SIM_STATE;
    if (!stateDir || !existsSync(statePath({ stateDir, root: "/" }))) {
        io.err(`error: bootc simulator: no simulated host at ${stateDir ?? "$BOOTC_SIM_STATE (unset)"}; seed one first\n`);
        return 1;
    }
    const paths: Paths = { stateDir, root: process.env.BOOTC_SIM_ROOT ?? "/" };
    if (program === "systemctl") {
        logCall(paths, argv, "systemctl");
        return systemctl(paths, io, argv);
    }
    if (program === "systemd-run") {
        logCall(paths, argv, "systemd-run");
        return systemdRun(paths, io, argv);
    }
    logCall(paths, argv, "bootc");
    try {
        return await run(paths, argv);
    } catch (error) {
        if (error instanceof UsageError) {
            io.err(error.message);
            return 2;
        }
        if (error instanceof BootcFailure) {
            io.err(errorLine(paths, error.chain));
            return 1;
        }
        io.err(`error: bootc simulator: ${(error as Error).stack ?? String(error)}\n`);
        return 1;
    } finally {
        releaseLock(paths);
    }
}
