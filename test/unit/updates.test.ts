// SPDX-License-Identifier: LGPL-2.1-or-later
import { parseCheckOutput, parsePrintedReference } from "../../src/backend/bootc-output";
import type { CheckOutput } from "../../src/backend/bootc-output";
import { applyDownloadedCommand, rebootCommand, upgradeCheckCommand, upgradeCommand } from "../../src/backend/commands";
import { buildHostModel } from "../../src/backend/model";
import { HostSchema } from "../../src/backend/schema";
import { cachedUpdate, updateBlocker, updateState } from "../../src/backend/updates";
import type { CheckRecord } from "../../src/backend/updates";
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

const TRACKED = { image: "quay.io/fedora/fedora-bootc:42", transport: "registry" };

/** A check record as the page keeps it. */
function check(output: CheckOutput, image = TRACKED, endedAt = new Date("2026-11-22T10:00:00Z")): CheckRecord {
    return { endedAt, image: { name: image.image, transport: image.transport }, output, problem: null };
}

const noChanges = (reference = "docker://quay.io/fedora/fedora-bootc:42"): CheckOutput => ({
    kind: "no-update", reference, staged: false,
});

describe("the update rule: a cachedUpdate for the tracked image, newer than booted and staged", () => {
    const available = (h: ReturnType<typeof host>, c: CheckRecord | null = null) => updateState(h, c).available;

    it("a cached update on the booted entry", () => {
        expect(available(host({ booted: bootEntry({ cachedUpdate: NEWER }) }))?.version).toBe("42.newer");
        expect(cachedUpdate(host({ booted: bootEntry({ cachedUpdate: NEWER }) }))?.version).toBe("42.newer");
    });

    it("no cached update and no check: nothing is available, and nothing was checked", () => {
        const state = updateState(host({ booted: bootEntry() }), null);
        expect(state.available).toBeNull();
        expect(state.lastCheck).toEqual({ kind: "none" });
    });

    it("a cached update equal to the booted digest is not an update", () => {
        const booted = bootEntry();
        const same = { ...(booted.image as { [key: string]: Json }) };
        expect(available(host({ booted: { ...booted, cachedUpdate: same } }))).toBeNull();
    });

    it("bootc's own fixture with the same digest cached is not an update", () => {
        const model = buildHostModel(HostSchema.parse(loadStatusFixture("spec-booted-update-same-digest.yaml")));
        expect(available(model)).toBeNull();
        const other = buildHostModel(HostSchema.parse(loadStatusFixture("spec-booted-with-update.yaml")));
        expect(available(other)?.digest).toMatch(/^sha256:/);
    });

    it("once staged, the booted entry's cache points at the staged image: not an update", () => {
        const staged = bootEntry({ image: NEWER }, "staged");
        expect(available(host({ booted: bootEntry({ cachedUpdate: NEWER }), staged }))).toBeNull();
    });

    it("a later check caches on the staged entry: a newer update than the staged one", () => {
        const staged = bootEntry({ image: NEWER, cachedUpdate: NEWEST }, "staged");
        const state = updateState(host({ booted: bootEntry({ cachedUpdate: NEWER }), staged }), null);
        expect(state.available?.version).toBe("42.newest");
        expect(state.staged?.image?.version).toBe("42.newer");
    });

    it("a cached update equal to the staged digest, on the staged entry, is not an update", () => {
        const staged = bootEntry({ image: NEWER, cachedUpdate: NEWER }, "staged");
        expect(available(host({ booted: bootEntry(), staged }))).toBeNull();
    });

    it("after a switch the booted entry keeps the cache of the image it was booted from: no update of the new one", () => {
        // staged 42.newer, then switched to :43 (CONTRACT.md §2.6): spec.image is the staged :43
        const forty3 = imageStatus("quay.io/fedora/fedora-bootc:43", "43.20261119.0", "2026-11-19T08:00:00Z", "f43");
        const h = host(
            { booted: bootEntry({ cachedUpdate: NEWER }), staged: bootEntry({ image: forty3 }, "f43") },
            { image: { image: "quay.io/fedora/fedora-bootc:43", transport: "registry" } },
        );
        expect(available(h)).toBeNull();
        // and a check of :42 from before the switch is no answer for :43
        const before = check({
            kind: "update", reference: "docker://quay.io/fedora/fedora-bootc:42", version: "42.newer",
            digest: digestOf("newer"), total: null, removed: null, added: null,
        });
        expect(updateState(h, before)).toMatchObject({ available: null, lastCheck: { kind: "none" } });
    });

    it("pinned to a digest, or moved to a fixed tag: a cache of the former tag is no update", () => {
        const tracking = (image: string) =>
            host({ booted: bootEntry({ cachedUpdate: NEWER }) }, { image: { image, transport: "registry" } });
        expect(available(tracking(`quay.io/fedora/fedora-bootc@${digestOf("booted")}`))).toBeNull();
        expect(available(tracking("quay.io/fedora/fedora-bootc:42.1"))).toBeNull();
    });
});

describe("the last check on record", () => {
    it("up to date only after a check said so, with its time", () => {
        const at = new Date("2026-11-22T10:00:00Z");
        expect(updateState(host({ booted: bootEntry() }), check(noChanges(), TRACKED, at)).lastCheck)
            .toEqual({ kind: "up-to-date", at, staged: false });
    });

    it("a check for another image than the tracked one says nothing about it", () => {
        const other = check(noChanges("docker://quay.io/fedora/fedora-bootc:41"));
        expect(updateState(host({ booted: bootEntry() }), other).lastCheck).toEqual({ kind: "none" });
        // without a reference in the output (a failure), the record's own image decides
        const failed: CheckRecord = {
            ...check({ kind: "unknown" }, { image: "quay.io/fedora/fedora-bootc:41", transport: "registry" }),
            problem: { kind: "connection", message: "x" },
        };
        expect(updateState(host({ booted: bootEntry() }), failed).lastCheck).toEqual({ kind: "none" });
    });

    it("every form of reference bootc prints is compared with the tracked image", () => {
        for (const reference of [
            "docker://quay.io/fedora/fedora-bootc:42",
            "ostree-unverified-registry:quay.io/fedora/fedora-bootc:42",
            "ostree-image-signed:docker://quay.io/fedora/fedora-bootc:42",
            "ostree-remote-image:fedora:docker://quay.io/fedora/fedora-bootc:42",
            "quay.io/fedora/fedora-bootc:42",
        ])
            expect(updateState(host({ booted: bootEntry() }), check(noChanges(reference))).lastCheck.kind)
                .toBe("up-to-date");
        expect(parsePrintedReference("ostree-unverified-image:containers-storage:localhost/os"))
            .toEqual({ transport: "containers-storage", name: "localhost/os" });
        expect(parsePrintedReference("oci:/var/tmp/os")).toEqual({ transport: "oci", name: "/var/tmp/os" });
        expect(parsePrintedReference("")).toBeNull();
    });

    it("a check that found an update before the status shows its cache: available from the check itself", () => {
        const found = check({
            kind: "update", reference: "docker://quay.io/fedora/fedora-bootc:42", version: "42.newer",
            digest: digestOf("newer"), total: { layers: 65, size: "1.1 GB" }, removed: null,
            added: { layers: 3, size: "420 MB" },
        });
        expect(updateState(host({ booted: bootEntry() }), found).available)
            .toMatchObject({
                image: null, version: "42.newer", digest: digestOf("newer"), layers: { added: { layers: 3 } },
            });
        // staged since: it is no longer an update
        expect(
            updateState(host({ booted: bootEntry(), staged: bootEntry({ image: NEWER }, "newer") }), found).available,
        ).toBeNull();
        // with the cache in status, the check's layer counts belong to it
        expect(updateState(host({ booted: bootEntry({ cachedUpdate: NEWER }) }), found).available)
            .toMatchObject({
                image: expect.objectContaining({ version: "42.newer" }) as unknown, layers: { added: { layers: 3 } },
            });
    });

    it("a check that found nothing newer wins over a cache bootc kept from an earlier fetch", () => {
        expect(updateState(host({ booted: bootEntry({ cachedUpdate: NEWER }) }), check(noChanges())).available)
            .toBeNull();
    });

    it("composefs: no cache ever, and a check that prints only the layer diff found an update", () => {
        const composefs = {
            verity: "ab12".repeat(32), bootType: "Bls", bootloader: "systemd", bootDigest: null,
            missingVerityAllowed: false,
        };
        const h = host({ booted: bootEntry({ composefs, ostree: null, store: null }) });
        const out = parseCheckOutput("Total new layers: 65    Size: 1.1 GB\nRemoved layers:   3     Size: 412.5 MB\nAdded layers:     3     Size: 420.1 MB\n");
        expect(out)
            .toMatchObject({ kind: "update", reference: null, digest: null, added: { layers: 3, size: "420.1 MB" } });
        const state = updateState(h, check(out));
        expect(state.lastCheck.kind).toBe("update");
        expect(state.available).toMatchObject({ image: null, version: null, digest: null });
        // once something is staged the check cannot say whether it found that very build
        const staged = host({
            booted: bootEntry({ composefs, ostree: null, store: null }),
            staged: bootEntry(
                { image: NEWER, composefs: { ...composefs, verity: "cd34".repeat(32) }, ostree: null, store: null },
                "newer",
            ),
        });
        expect(updateState(staged, check(out)).available).toBeNull();
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
            .toEqual({ kind: "no-update", reference: "docker://quay.io/fedora/fedora-bootc:42", staged: false });
        expect(parseCheckOutput("Total new layers: 3  Size: 1 MB\n")).toEqual({ kind: "unknown" });
        expect(parseCheckOutput("")).toEqual({ kind: "unknown" });
    });

    it("composefs wordings: the staged image is the newest", () => {
        // projectbluefin/dakota#1360 (test/fixtures/real)
        expect(parseCheckOutput("No changes in staged image: ghcr.io/projectbluefin/dakota-nvidia-gaming:testing\n"))
            .toEqual({
                kind: "no-update", reference: "ghcr.io/projectbluefin/dakota-nvidia-gaming:testing", staged: true,
            });
        expect(parseCheckOutput("Update already staged. To apply update run `bootc update --apply`\n"))
            .toEqual({ kind: "no-update", reference: null, staged: true });
    });
});
