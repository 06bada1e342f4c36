// SPDX-License-Identifier: LGPL-2.1-or-later
// A `systemctl` for the simulated host, which has no systemd: the same executable as the simulated bootc,
// installed as /usr/bin/systemctl by host-setup.sh. It knows what the page asks of systemd: reboot (a soft
// reboot when /run/nextroot was prepared, as systemd ≥ 256 does), soft-reboot, is-enabled for units
// enabled through .wants/ links, and `show -p MainPID --value` of the update service (the pid of the bootc
// the test runs "as the timer"). Anything else fails like systemctl on a machine without systemd.
//
// And a `systemd-run` (the same executable again): it starts the command detached, as a transient unit
// would run, or hangs when the state says so (faults.systemdRunHangs).
import { spawn } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { reboot } from "./deploy";
import { sleep } from "./io";
import type { Io } from "./io";
import { acquireLock, releaseLock } from "./lock";
import { hostPath, loadState } from "./state";
import type { Paths } from "./state";

const UNIT_DIRS = ["/etc/systemd/system", "/usr/lib/systemd/system"];

/**
 * The pid of the bootc a test runs as bootc-fetch-apply-updates.service: in a file of its own beside the
 * state (the bootc it names rewrites the state while it runs). 0: the service is not active.
 */
export function updateServicePidFile(paths: Paths): string {
    return join(paths.stateDir, "update-service.pid");
}

function updateServicePid(paths: Paths): number {
    try {
        return Number(readFileSync(updateServicePidFile(paths), "utf8")) || 0;
    } catch {
        return 0;
    }
}

/** A .wants entry is a symlink to the unit file; it counts even when the link does not resolve here. */
function present(path: string): boolean {
    try {
        lstatSync(path);
        return true;
    } catch {
        return false;
    }
}

function isEnabled(paths: Paths, unit: string): boolean {
    for (const dir of UNIT_DIRS) {
        const full = hostPath(paths, dir);
        if (!existsSync(full))
            continue;
        for (const entry of readdirSync(full)) {
            if (entry.endsWith(".wants") && present(join(full, entry, unit)))
                return true;
        }
    }
    return false;
}

export async function systemctl(paths: Paths, io: Io, args: string[]): Promise<number> {
    const words = args.filter(arg => !arg.startsWith("-"));
    const [verb, unit] = words;
    switch (verb) {
    case "reboot":
    case "soft-reboot": {
        if ((process.getuid?.() ?? 0) !== 0) {
            io.err("Call to Reboot failed: Access denied\n");
            return 1;
        }
        // the shutdown stops whatever holds the sysroot lock first; here: wait for it
        await acquireLock(paths);
        try {
            reboot(paths, loadState(paths), `systemctl ${verb}`);
        } finally {
            releaseLock(paths);
        }
        return 0;
    }
    case "show": {
        // the page asks: show -p MainPID --value bootc-fetch-apply-updates.service
        const property = args[args.indexOf("-p") + 1];
        if (property !== "MainPID" || !args.includes("--value")) {
            io.err("the simulated systemctl only shows MainPID --value\n");
            return 1;
        }
        const main = words[words.length - 1] === "bootc-fetch-apply-updates.service" ? updateServicePid(paths) : 0;
        io.out(`${main}\n`);
        return 0;
    }
    case "is-enabled":
        if (!unit) {
            io.err("Too few arguments.\n");
            return 1;
        }
        io.out(isEnabled(paths, unit) ? "enabled\n" : "disabled\n");
        return isEnabled(paths, unit) ? 0 : 1;
    default:
        io.err("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n");
        return 1;
    }
}

/** systemd-run [--quiet] [--collect] [--unit=U] [--description=D] COMMAND…: COMMAND detached, or a hang. */
export async function systemdRun(paths: Paths, io: Io, args: string[]): Promise<number> {
    const command = args.slice(args.findIndex(arg => !arg.startsWith("-")));
    const [program, ...rest] = command;
    if (!program || args.every(arg => arg.startsWith("-"))) {
        io.err("Missing command line.\n");
        return 1;
    }
    if (loadState(paths).faults.systemdRunHangs) {
        // as when the manager does not answer: until something (timeout 20) stops it
        for (;;)
            await sleep(60_000);
    }
    const child = spawn(program, rest, { detached: true, stdio: "ignore" });
    child.unref();
    return 0;
}
