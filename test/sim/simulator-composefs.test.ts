// SPDX-License-Identifier: LGPL-2.1-or-later
// The simulator on bootc's native composefs backend: what `upgrade --check` and `upgrade` print and
// report there (bootc_composefs/update.rs, progress.rs).
import { simHosts } from "./run-sim";

jest.setTimeout(30_000);

const host = simHosts();

const FEDORA = "quay.io/fedora/fedora-bootc";

describe("bootc upgrade on the composefs backend", () => {
    it("--check prints only the layer diff, and records no cachedUpdate", async () => {
        const h = host("composefs");
        const result = await h.run(["upgrade", "--check"]);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/^Total new layers: 11 {4}Size: [0-9.]+ MB\nRemoved layers: {3}5 {5}Size: [0-9.]+ MB\nAdded layers: {5}5 {5}Size: [0-9.]+ MB\n$/);
        expect(h.state().booted?.cachedUpdate).toBeNull();
    });

    it("--check: no changes, and the newest build already staged", async () => {
        const current = host("composefs", s => {
            const fedora = s.registry[FEDORA];
            if (fedora)
                fedora["42"] = s.booted?.digest ?? "";
        });
        expect((await current.run(["upgrade", "--check"])).stdout).toBe(`No changes in: ${FEDORA}:42\n`);
        const h = host("composefs");
        await h.run(["upgrade"]);
        expect(h.state().staged?.composefs?.verity).toMatch(/^[0-9a-f]{128}$/);
        expect((await h.run(["upgrade", "--check"])).stdout)
            .toBe("Update already staged. To apply update run `bootc update --apply`\n");
    });

    it("stages without Queued or staging events; since 1.16.5 its pull events drop when a layer finishes", async () => {
        const h = host("composefs");
        const result = await h.run(["upgrade", "--progress-fd", "3"], { progress: true });
        expect(result.code).toBe(0);
        expect(result.stdout).not.toMatch(/Queued for next boot|layers already present|Total new layers/);
        const events = result.progress.filter(e => e.type !== "Start");
        expect(events.every(e => e.type === "ProgressBytes" && e.id === "composefs-pull" && e.stepsTotal === 0))
            .toBe(true);
        const bytes = events.map(e => e.bytes as number);
        expect(bytes.some((b, i) => i > 0 && b < (bytes[i - 1] ?? 0))).toBe(true);
        expect(events.at(-1)).toMatchObject({ steps: 5, stepsCached: 6, bytes: 0, subtasks: [] });

        const older = host("composefs", s => {
            s.bootcVersion = "1.16.4";
        });
        const quiet = await older.run(["upgrade", "--progress-fd", "3"], { progress: true });
        expect(quiet.progress.filter(e => e.type !== "Start")).toEqual([]);
    });
});
