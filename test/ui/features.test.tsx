// SPDX-License-Identifier: LGPL-2.1-or-later
// What the page offers for each bootc version and backend (src/ui/state/features.ts).
import { parseStatusOutput } from "../../src/backend/client";
import type { HostModel } from "../../src/backend/model";
import { parseBootcVersion } from "../../src/backend/version";
import { softRebootOffered } from "../../src/ui/state/features";
import type { HostFacts } from "../../src/ui/state/page-store";
import { bootEntry, statusJson } from "../fixtures/status-builder";

function facts(version: string): HostFacts {
    return { version: parseBootcVersion(`bootc ${version}\n`), timerEnabled: false, softRebootPrepared: false };
}

function host(composefs: boolean): HostModel {
    const entry = composefs
        ? bootEntry({
            composefs: {
                verity: "ab".repeat(64), bootType: "Bls", bootloader: "systemd", bootDigest: null,
                missingVerityAllowed: false,
            },
            ostree: null, store: null,
        })
        : bootEntry();
    const result = parseStatusOutput(statusJson({ booted: entry }));
    if (!result.ok)
        throw new Error(result.reason);
    return result.host;
}

describe("soft reboot", () => {
    it("ostree: from bootc 1.7, for staging and for rollback", () => {
        expect(softRebootOffered(facts("1.6.0"), host(false))).toBe(false);
        expect(softRebootOffered(facts("1.7.0"), host(false))).toBe(true);
        expect(softRebootOffered(facts("1.7.0"), host(false), "rollback")).toBe(true);
    });

    it("composefs: staging from 1.13 (1.12 soft-reboots at once without --apply); never for rollback", () => {
        expect(softRebootOffered(facts("1.12.1"), host(true))).toBe(false);
        expect(softRebootOffered(facts("1.13.0"), host(true))).toBe(true);
        expect(softRebootOffered(facts("1.16.9"), host(true), "rollback")).toBe(false);
    });
});
