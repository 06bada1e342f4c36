// SPDX-License-Identifier: LGPL-2.1-or-later
import { applyDownloadedCommand, rebootCommand, upgradeCheckCommand, upgradeCommand } from "../../src/backend/commands";
import { buildHostModel } from "../../src/backend/model";
import { HostSchema } from "../../src/backend/schema";
import { availableUpdate, parseCheckOutput, updateBlocker, updateState } from "../../src/backend/updates";
import { loadStatusFixture } from "../fixtures/load";
import { bootEntry, digestOf, hostDocument, imageStatus } from "../fixtures/status-builder";
import type { Json } from "../fixtures/status-builder";

function host(status: { [key: string]: Json }, spec: { [key: string]: Json } = {}) {
    return buildHostModel(HostSchema.parse(hostDocument(status, spec)));
}

const NEWER = imageStatus("quay.io/fedora/fedora-bootc:42", "42.newer", "2026-11-20T08:00:00Z", "newer");
const NEWEST = imageStatus("quay.io/fedora/fedora-bootc:42", "42.newest", "2026-11-21T08:00:00Z", "newest");

describe("upgrade argv", () => {
    it("check", () => {
        expect(upgradeCheckCommand()).toEqual(["bootc", "upgrade", "--check"]);
    });

    it.each([
        [{ mode: "stage", softReboot: false, progress: true }, ["bootc", "upgrade", "--progress-fd=3"]],
        [
            { mode: "stage", softReboot: true, progress: true },
            ["bootc", "upgrade", "--soft-reboot=auto", "--progress-fd=3"],
        ],
        [{ mode: "apply", softReboot: false, progress: true }, ["bootc", "upgrade", "--apply", "--progress-fd=3"]],
        [{ mode: "apply", softReboot: true, progress: false }, ["bootc", "upgrade", "--apply", "--soft-reboot=auto"]],
        [
            { mode: "download-only", softReboot: false, progress: true },
            ["bootc", "upgrade", "--download-only", "--progress-fd=3"],
        ],
        // a download-only deployment is discarded at reboot: preparing a soft reboot into it is pointless
        [{ mode: "download-only", softReboot: true, progress: false }, ["bootc", "upgrade", "--download-only"]],
    ] as const)("%j", (options, argv) => {
        expect(upgradeCommand(options)).toEqual(argv);
    });

    it("apply a downloaded update, now or on the next reboot; reboot", () => {
        expect(applyDownloadedCommand({ apply: false })).toEqual(["bootc", "upgrade", "--from-downloaded"]);
        expect(applyDownloadedCommand({ apply: true })).toEqual(["bootc", "upgrade", "--from-downloaded", "--apply"]);
        expect(rebootCommand()).toEqual(["systemctl", "reboot"]);
    });
});

describe("the update rule (cachedUpdate differs from the booted and the staged digest)", () => {
    it("a cached update on the booted entry", () => {
        expect(availableUpdate(host({ booted: bootEntry({ cachedUpdate: NEWER }) }))?.version).toBe("42.newer");
    });

    it("no cached update: nothing", () => {
        expect(availableUpdate(host({ booted: bootEntry() }))).toBeNull();
    });

    it("a cached update equal to the booted digest is not an update", () => {
        const booted = bootEntry();
        const same = { ...(booted.image as { [key: string]: Json }) };
        expect(availableUpdate(host({ booted: { ...booted, cachedUpdate: same } }))).toBeNull();
    });

    it("bootc's own fixture with the same digest cached is not an update", () => {
        const model = buildHostModel(HostSchema.parse(loadStatusFixture("spec-booted-update-same-digest.yaml")));
        expect(availableUpdate(model)).toBeNull();
        const other = buildHostModel(HostSchema.parse(loadStatusFixture("spec-booted-with-update.yaml")));
        expect(availableUpdate(other)?.digest).toMatch(/^sha256:/);
    });

    it("once staged, the booted entry's cache points at the staged image: not an update", () => {
        const staged = bootEntry({ image: NEWER }, "staged");
        expect(availableUpdate(host({ booted: bootEntry({ cachedUpdate: NEWER }), staged }))).toBeNull();
    });

    it("a later check caches on the staged entry: a newer update than the staged one", () => {
        const staged = bootEntry({ image: NEWER, cachedUpdate: NEWEST }, "staged");
        const state = updateState(host({ booted: bootEntry({ cachedUpdate: NEWER }), staged }));
        expect(state.available?.version).toBe("42.newest");
        expect(state.staged?.image?.version).toBe("42.newer");
    });

    it("a cached update equal to the staged digest, on the staged entry, is not an update", () => {
        const staged = bootEntry({ image: NEWER, cachedUpdate: NEWER }, "staged");
        expect(availableUpdate(host({ booted: bootEntry(), staged }))).toBeNull();
    });
});

describe("what stops bootc from updating", () => {
    it("layered packages, read-only media, no image", () => {
        expect(updateBlocker(host({ booted: bootEntry({ incompatible: true, image: null }) }))).toBe("incompatible");
        expect(updateBlocker(host({ booted: bootEntry(), readOnly: true }))).toBe("read-only");
        expect(updateBlocker(host({ booted: bootEntry({ image: null }) }, { image: null }))).toBe("no-image");
        expect(updateBlocker(host({ booted: bootEntry() }))).toBeNull();
    });
});

describe("bootc upgrade --check output", () => {
    it("an update, with the layer summary", () => {
        const digest = digestOf("x");
        const out = [
            "Update available for: docker://quay.io/fedora/fedora-bootc:42",
            "  Version: 42.20261120.0",
            `  Digest: ${digest}`,
            "Total new layers: 65    Size: 1.1 GB",
            "Removed layers:   3     Size: 412.5 MB",
            "Added layers:     3     Size: 420.1 MB",
            "",
        ].join("\n");
        expect(parseCheckOutput(out)).toEqual({
            kind: "update",
            reference: "docker://quay.io/fedora/fedora-bootc:42",
            version: "42.20261120.0",
            digest,
            total: { layers: 65, size: "1.1 GB" },
            removed: { layers: 3, size: "412.5 MB" },
            added: { layers: 3, size: "420.1 MB" },
        });
    });

    it("an update without version or diff (nothing booted to compare with)", () => {
        const out = `Update available for: ostree-unverified-image:containers-storage:localhost/os\n  Digest: ${digestOf("y")}\n`;
        expect(parseCheckOutput(out)).toMatchObject({ kind: "update", version: null, total: null, added: null });
    });

    it("no changes; and text it does not know", () => {
        expect(parseCheckOutput("No changes in: docker://quay.io/fedora/fedora-bootc:42\n"))
            .toEqual({ kind: "no-update", reference: "docker://quay.io/fedora/fedora-bootc:42" });
        expect(parseCheckOutput("Total new layers: 3  Size: 1 MB\n")).toEqual({ kind: "unknown" });
        expect(parseCheckOutput("")).toEqual({ kind: "unknown" });
    });
});
