// SPDX-License-Identifier: LGPL-2.1-or-later
// The ostree sysroot lock. bootc holds it for the whole command, status included; a contended acquire
// waits silently when stderr is not a terminal (CONTRACT.md §1). Here: a directory with the owner's pid.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { sleep } from "./io";
import { loadState } from "./state";
import type { Paths } from "./state";

const POLL_MS = 50;
/** a lock without its owner's pid for this long was left by a process killed while taking it */
const STALE_MS = 1000;

function lockDir(paths: Paths): string {
    return join(paths.stateDir, "sysroot.lock");
}

/**
 * Whether PID still holds what it locked. ostree's lock is an flock, gone when its holder exits: a
 * holder that was killed and not yet reaped (a zombie, which kill(pid, 0) still finds) holds nothing.
 */
function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
    try {
        // "PID (COMM) STATE …": COMM may hold spaces and parentheses, STATE follows the last ")"
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
        return true;
    }
}

function heldByFault(paths: Paths): boolean {
    const until = loadState(paths).faults.lockHeldUntil;
    return until !== undefined && Date.now() < until;
}

function tryAcquire(paths: Paths): boolean {
    const dir = lockDir(paths);
    try {
        mkdirSync(dir);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST")
            throw error;
        let owner: number;
        try {
            owner = Number(readFileSync(join(dir, "pid"), "utf8"));
        } catch {
            // being created right now, or its creator was killed before it wrote its pid: ostree's lock
            // is an flock, which dies with its holder, so a pid-less lock older than a moment is free
            try {
                if (Date.now() - statSync(dir).mtimeMs > STALE_MS)
                    rmSync(dir, { recursive: true, force: true });
            } catch {
                // released meanwhile
            }
            return false;
        }
        if (!Number.isNaN(owner) && !alive(owner))
            rmSync(dir, { recursive: true, force: true }); // the owner died without releasing
        return false;
    }
    writeFileSync(join(dir, "pid"), String(process.pid));
    return true;
}

let held = false;

export function releaseLock(paths: Paths): void {
    if (held) {
        rmSync(lockDir(paths), { recursive: true, force: true });
        held = false;
    }
}

export async function acquireLock(paths: Paths): Promise<void> {
    for (;;) {
        if (!heldByFault(paths) && tryAcquire(paths)) {
            held = true;
            // a SIGTERM (the reboot of --apply) must not leave the lock behind
            process.once("exit", () => releaseLock(paths));
            return;
        }
        await sleep(POLL_MS);
    }
}

export function lockHolder(paths: Paths): number | null {
    try {
        return Number(readFileSync(join(lockDir(paths), "pid"), "utf8"));
    } catch {
        return null;
    }
}
