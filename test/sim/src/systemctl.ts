// SPDX-License-Identifier: LGPL-2.1-or-later
// A `systemctl` for the simulated host, which has no systemd: the same executable as the simulated bootc,
// installed as /usr/bin/systemctl by host-setup.sh. It knows what the page asks of systemd: reboot (a soft
// reboot when /run/nextroot was prepared, as systemd ≥ 256 does), soft-reboot, and is-enabled for units
// enabled through .wants/ links. Anything else fails like systemctl on a machine without systemd.
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

import { reboot } from "./deploy";
import type { Io } from "./io";
import { acquireLock, releaseLock } from "./lock";
import { hostPath, loadState } from "./state";
import type { Paths } from "./state";

const UNIT_DIRS = ["/etc/systemd/system", "/usr/lib/systemd/system"];

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
