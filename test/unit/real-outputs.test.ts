// SPDX-License-Identifier: LGPL-2.1-or-later
// What real hosts printed (test/fixtures/real, each file with its source): every status parses and the
// model reads what the host said; every output is understood as bootc meant it.
import {
    parseCheckOutput, parsePrintedReference, parseQueuedOutput, parseUpgradeNoop,
} from "../../src/backend/bootc-output";
import { parseStatusOutput } from "../../src/backend/client";
import type { HostModel } from "../../src/backend/model";
import { failureCause } from "../../src/backend/operation-records";
import { cachedUpdate } from "../../src/backend/updates";
import { realOutput, realStatusJson, realStatusNames } from "../fixtures/load";

function host(name: string): HostModel {
    const result = parseStatusOutput(realStatusJson(name));
    if (!result.ok)
        throw new Error(`${name}: ${result.reason}: ${result.issues.join("; ")}`);
    return result.host;
}

describe("real status documents", () => {
    it("are all here", () => {
        expect(realStatusNames()).toHaveLength(5);
    });

    it.each(realStatusNames())("%s is a bootc host with its deployments", name => {
        const h = host(name);
        expect(h.isBootcHost).toBe(true);
        expect(h.deployments.length).toBeGreaterThan(0);
        expect(h.booted?.image?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it("v1alpha1 without stateroot: the stateroot is not made up", () => {
        const h = host("insights-core-v1alpha1-2023.json");
        expect(h.apiVersion).toBe("org.containers.bootc/v1alpha1");
        expect(h.booted?.ostree).toEqual({
            checksum: "6aa32a312c832e32a2dbfe006f05e5972d9f2b86df54e747128c24e6c1fb129a", deploySerial: 0,
            stateroot: null,
        });
        expect(h.deployments.map(d => d.role)).toEqual(["booted", "rollback"]);
        expect(h.bootOrder).toBe("default");
    });

    it("a staged update whose own cachedUpdate is newer: that newer build is the update", () => {
        const h = host("insights-puptoo-staged-with-cached-update.json");
        expect(h.staged?.image?.digest)
            .toBe("sha256:654275229d342b2836dcb8e5b851bbb1461b664a9fb9b8c934011e1abf15d778");
        // the booted entry's cache is the staged build itself: no update beyond it
        expect(cachedUpdate(h)?.digest)
            .toBe("sha256:3c1cea8218e4331641020c59e0877ae20ec058e34a346fa424bbe726daab294e");
    });

    it("a rollback entry's cachedUpdate is no update of what is booted", () => {
        const h = host("chbox-stream9-rollback-cached-update.yaml");
        expect(h.rollback?.cachedUpdate?.digest).toBe(h.booted?.image?.digest);
        expect(cachedUpdate(h)).toBeNull();
    });

    it("a switch to an OCI directory: the dir transport is kept", () => {
        const h = host("microshift-rhel94-staged-dir.yaml");
        expect(h.tracked).toMatchObject({
            name: "/var/bootc/updates/microshift-4.18-bootc-embeeded-v2/", transport: "dir",
        });
        expect(h.staged?.image?.ref.transport).toBe("dir");
        expect(h.nextBoot?.role).toBe("staged");
    });
});

describe("real command outputs", () => {
    it("a switch to an OCI directory (ostree-unverified-image:dir:)", () => {
        const queued = parseQueuedOutput(realOutput("microshift-rhel94-switch-dir.stdout"));
        expect(queued).toEqual({
            image: "ostree-unverified-image:dir:/var/bootc/updates/microshift-4.18-bootc-embeeded-v2/",
            version: "9.20250327.0",
            digest: "sha256:aa8bf7098b61eae9a9a5bd59ea93bc83b538a281019f742a88bd24e24f6dd16e",
        });
        expect(parsePrintedReference(queued?.image ?? "")).toEqual({
            transport: "dir", name: "/var/bootc/updates/microshift-4.18-bootc-embeeded-v2/",
        });
    });

    it("an upgrade --apply with the update already staged (bootc before 1.12: with a full stop)", () => {
        expect(parseUpgradeNoop(realOutput("microshift-rhel94-upgrade-apply-staged.stdout"))).toBe("already-staged");
    });

    it("a switch that staged (bootc-dev/bootc#1418)", () => {
        const out = realOutput("bootc-1418-switch.stdout");
        expect(parseQueuedOutput(out)).toEqual({
            image: "192.168.122.1:5000/bootc-43-upgrade", version: "42.20250623.3.1",
            digest: "sha256:b3b0d49d8a6b084aba298c172c7f4c94458ab167c73f0f874dbf47e54002674b",
        });
        // a switch prints no check lines
        expect(parseCheckOutput(out)).toEqual({ kind: "unknown" });
    });

    it("composefs boot entries that bootc cannot make sense of (bootc-dev/bootc#1887)", () => {
        expect(failureCause(realOutput("bootc-1887-composefs-status.stderr"))).toBe("boot-entries");
    });
});
