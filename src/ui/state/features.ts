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

/**
 * `--soft-reboot` exists (bootc 1.7) and means something here. On the composefs backend, upgrade and
 * switch prepare a soft reboot since 1.12.0 but, until 1.13.0, also soft-reboot at once without
 * --apply, so they are offered from 1.13.0; its rollback takes the flag and ignores it.
 */
export function softRebootOffered(
    facts: HostFacts | null, host: HostModel, operation: "stage" | "rollback" = "stage",
): boolean {
    if (!host.composefsBackend)
        return supports(facts, 1, 7);
    return operation === "stage" && supports(facts, 1, 13);
}
