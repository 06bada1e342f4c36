// SPDX-License-Identifier: LGPL-2.1-or-later
import { parseStatusOutput } from "../../src/backend/client";
import { parseTimestamp, shortDigest, signaturePolicy } from "../../src/backend/model";
import type { HostModel } from "../../src/backend/model";
import { bootEntry, digestOf, hostDocument, statusJson } from "../fixtures/status-builder";

function model(json: string): HostModel {
    const result = parseStatusOutput(json);
    if (!result.ok)
        throw new Error(result.issues.join("; "));
    return result.host;
}

describe("deployments by role and what boots next", () => {
    it("orders staged, booted, rollback, then others", () => {
        const h = model(statusJson({
            otherDeployments: [bootEntry({ pinned: true }, "old1"), bootEntry({ pinned: true }, "old2")],
            rollback: bootEntry({}, "rb"),
            staged: bootEntry({}, "st"),
            booted: bootEntry({}, "bt"),
        }));
        expect(h.deployments.map(d => d.role)).toEqual(["staged", "booted", "rollback", "other", "other"]);
        expect(h.deployments.filter(d => d.bootsNext).map(d => d.role)).toEqual(["staged"]);
        expect(new Set(h.deployments.map(d => d.id)).size).toBe(5);
    });

    it("a queued rollback boots next", () => {
        const h = model(
            statusJson(
                { booted: bootEntry(), rollback: bootEntry({}, "rb"), rollbackQueued: true }, { bootOrder: "rollback" },
            ),
        );
        expect(h.rollbackQueued).toBe(true);
        expect(h.bootOrder).toBe("rollback");
        expect(h.nextBoot?.role).toBe("rollback");
    });

    it("rollbackQueued without a rollback entry falls back to booted", () => {
        expect(model(statusJson({ booted: bootEntry(), rollbackQueued: true })).nextBoot?.role).toBe("booted");
    });

    it("reads the per-deployment flags", () => {
        const h = model(statusJson({
            booted: bootEntry({ incompatible: true, image: null }),
            staged: bootEntry({ softRebootCapable: true, downloadOnly: true, pinned: true }, "st"),
        }));
        expect(h.booted).toMatchObject({ incompatible: true, image: null });
        expect(h.staged).toMatchObject({ softRebootCapable: true, downloadOnly: true, pinned: true });
    });

    it("reads host flags: read-only media and the /usr overlay", () => {
        const h = model(
            statusJson({
                booted: bootEntry(), readOnly: true, usrOverlay: { accessMode: "readOnly", persistence: "transient" },
            }),
        );
        expect(h.readOnly).toBe(true);
        expect(h.usrOverlay).toEqual({ accessMode: "readOnly", persistence: "transient" });
    });

    it("detects the composefs backend from the booted entry", () => {
        const composefs = {
            bootDigest: null, bootType: "Bls", bootloader: "systemd", missingVerityAllowed: false,
            verity: "ab12".repeat(16),
        };
        const h = model(statusJson({ booted: bootEntry({ composefs, ostree: null, store: null }) }));
        expect(h.composefsBackend).toBe(true);
        expect(h.booted?.composefs).toEqual({ ...composefs });
        expect(h.booted?.id).toBe(`booted:${"ab12".repeat(16)}`);
        expect(model(statusJson({ booted: bootEntry() })).composefsBackend).toBe(false);
    });

    it("accepts unknown fields anywhere, and enum values a newer bootc may add", () => {
        const doc = hostDocument({
            booted: { ...bootEntry({ store: "somethingNew" }), futureFlag: true, image: { ...bootEntry().image as object, newLabel: "x" } },
            type: "bootcHostV2",
            brandNew: { nested: [1, 2, 3] },
        }, { image: { image: "quay.io/x/y:1", transport: "registry", signature: "somethingStricter" }, extra: 1 });
        const h = model(JSON.stringify({ ...doc, topLevelExtra: "yes" }));
        expect(h.booted?.store).toBe("somethingNew");
        expect(h.hostType).toBe("bootcHostV2");
        expect(h.tracked?.signature).toEqual({ kind: "unknown", raw: "somethingStricter" });
    });
});

describe("output that is not a bootc host status is refused with a reason", () => {
    it.each([
        ["empty output", "", "not JSON", "the output was empty"],
        ["YAML", "apiVersion: org.containers.bootc/v1\nkind: BootcHost\n", "not JSON", ""],
        ["truncated JSON", statusJson({ booted: bootEntry() }).slice(0, 80), "not JSON", ""],
        ["a JSON array", "[]", "not a bootc host status", ""],
        ["another kind", JSON.stringify({ ...hostDocument({}), kind: "Pod" }), "not a bootc host status", "kind"],
        [
            "a foreign apiVersion", JSON.stringify({ ...hostDocument({}), apiVersion: "v1" }),
            "not a bootc host status", "apiVersion",
        ],
        [
            "pinned as text", statusJson({ booted: bootEntry({ pinned: "yes" }) }), "not a bootc host status",
            "status.booted.pinned",
        ],
        ["no digest", statusJson({ booted: bootEntry({ image: { image: { image: "x", transport: "registry" }, architecture: "amd64" } }) }), "not a bootc host status", "status.booted.image.imageDigest"],
        [
            "a negative deploy serial",
            statusJson({ booted: bootEntry({ ostree: { checksum: "ab", deploySerial: -1, stateroot: "default" } }) }),
            "not a bootc host status", "deploySerial",
        ],
    ])("%s", (_label, output, reason, issue) => {
        const result = parseStatusOutput(output);
        expect(result.ok).toBe(false);
        if (!result.ok) {
            expect(result.reason).toBe(reason);
            expect(result.issues.join("\n")).toContain(issue);
        }
    });
});

describe("helpers", () => {
    it("parses RFC 3339 timestamps with nanoseconds and offsets", () => {
        expect(parseTimestamp("2025-06-18T19:45:57.587379036Z")?.toISOString()).toBe("2025-06-18T19:45:57.587Z");
        expect(parseTimestamp("2025-06-18T21:45:57+02:00")?.toISOString()).toBe("2025-06-18T19:45:57.000Z");
        expect(parseTimestamp("2025-06-18T19:45:57z")?.toISOString()).toBe("2025-06-18T19:45:57.000Z");
        expect(parseTimestamp("yesterday")).toBeNull();
        expect(parseTimestamp("2025-13-45T99:99:99Z")).toBeNull();
        expect(parseTimestamp(null)).toBeNull();
    });

    it("shortens digests to 12 hex characters", () => {
        expect(shortDigest(digestOf("x"))).toBe(digestOf("x").slice(7, 19));
        expect(shortDigest("abcdef0123456789")).toBe("abcdef012345");
    });

    it("maps every signature policy", () => {
        expect(signaturePolicy(undefined)).toEqual({ kind: "default" });
        expect(signaturePolicy(null)).toEqual({ kind: "default" });
        expect(signaturePolicy("containerPolicy")).toEqual({ kind: "container-policy" });
        expect(signaturePolicy("insecure")).toEqual({ kind: "insecure" });
        expect(signaturePolicy({ ostreeRemote: "fedora" })).toEqual({ kind: "ostree-remote", remote: "fedora" });
    });
});
