/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What this bootc can do (CONTRACT.md §10), from the host facts.
 */

import { versionAtLeast } from "../../backend";
import type { HostModel } from "../../backend";

import type { HostFacts } from "./page-store";

/** Whether this bootc has a feature (an unknown version is taken as current). */
export function supports(facts: HostFacts | null, major: number, minor: number): boolean {
    const version = facts?.version ?? null;
    return version === null || versionAtLeast(version, major, minor);
}

/** `--soft-reboot` exists (bootc 1.7) and means something here (not on the composefs backend). */
export function softRebootOffered(facts: HostFacts | null, host: HostModel): boolean {
    return supports(facts, 1, 7) && !host.composefsBackend;
}
