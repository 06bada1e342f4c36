/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a dialog that changes the next boot needs to know first: the bootc version (feature gates) and
 * whether the update timer is on. Read each time a dialog opens, never cached: bootc or the timer may
 * have changed since the page loaded.
 */

import { useEffect, useState } from "react";

import { versionAtLeast } from "../../backend";
import type { BootcVersion, HostModel, UpdateFacts } from "../../backend";
import { useBackend } from "../backend-context";

export interface HostFacts {
    /** null when `bootc --version` could not be read: everything is offered, bootc refuses what it lacks */
    version: BootcVersion | null;
    /** null when they could not be read */
    facts: UpdateFacts | null;
}

/** null while loading. */
export function useHostFacts(): HostFacts | null {
    const client = useBackend();
    const [loaded, setLoaded] = useState<HostFacts | null>(null);
    useEffect(() => {
        let live = true;
        void Promise.all([client.version(), client.updateFacts().catch(() => null)]).then(([version, facts]) => {
            if (live)
                setLoaded({ version, facts });
        });
        return () => {
            live = false;
        };
    }, [client]);
    return loaded;
}

/** Whether this bootc has a feature (an unknown version is taken as current). */
export function supports(facts: HostFacts | null, major: number, minor: number): boolean {
    const version = facts?.version ?? null;
    return version === null || versionAtLeast(version, major, minor);
}

/** `--soft-reboot` exists (bootc 1.7) and means something here (not on the composefs backend). */
export function softRebootOffered(facts: HostFacts | null, host: HostModel): boolean {
    return supports(facts, 1, 7) && !host.composefsBackend;
}
