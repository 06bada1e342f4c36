// SPDX-License-Identifier: LGPL-2.1-or-later
// bootc's prepare_for_write and storage initialization: root, a booted bootc host, writable media.
import { isOstreeBooted } from "./host-files";
import { BootcFailure } from "./io";
import { since } from "./state";
import type { Paths, SimState } from "./state";

export function isRoot(state: SimState): boolean {
    return state.faults.notRoot !== true && (process.getuid?.() ?? 0) === 0;
}

export function requireRoot(state: SimState): void {
    if (!isRoot(state))
        throw new BootcFailure("Preparing for write: Querying root privilege: This command must be executed as the root user");
}

/** A write verb: root, a booted bootc system, and (since 1.16.7) not on read-only media. */
export function prepareForWrite(paths: Paths, state: SimState): void {
    requireRoot(state);
    if (!isOstreeBooted(paths) || !state.booted)
        throw new BootcFailure("Initializing storage: System not booted via bootc");
    if (state.readOnly && since(state, "1.16.7"))
        throw new BootcFailure("Cannot perform this operation: /sysroot is on a read-only block device (e.g. a live ISO)");
}
