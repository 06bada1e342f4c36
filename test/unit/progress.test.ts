// SPDX-License-Identifier: LGPL-2.1-or-later
import { readFileSync } from "node:fs";
import { join } from "node:path";

import {
    INITIAL_PROGRESS, overallFraction, parseProgressLine, reduceProgress, reduceProgressLines,
} from "../../src/backend/progress";
import type { ProgressState } from "../../src/backend/progress";

function recorded(name: string): string {
    return readFileSync(join(__dirname, "../fixtures/progress", name), "utf8");
}

/** Feeds a recorded stream one event per second, keeping every intermediate state. */
function replay(name: string): ProgressState[] {
    const states: ProgressState[] = [];
    let state = INITIAL_PROGRESS;
    recorded(name).split("\n").forEach((line, i) => {
        const event = parseProgressLine(line);
        if (event) {
            state = reduceProgress(state, event, 1000 * i);
            states.push(state);
        }
    });
    return states;
}

describe("parsing progress lines", () => {
    it("knows Start, ProgressBytes and ProgressSteps; skips the rest", () => {
        expect(parseProgressLine("{\"type\":\"Start\",\"version\":\"0.1.0\"}"))
            .toEqual({ type: "Start", version: "0.1.0" });
        expect(parseProgressLine("")).toBeNull();
        expect(parseProgressLine("not json")).toBeNull();
        expect(parseProgressLine("{\"type\":\"End\"}")).toBeNull();
        expect(parseProgressLine("{\"type\":\"ProgressBytes\",\"task\":\"pulling\"}")).toBeNull();
    });

    it("accepts fields a newer bootc adds", () => {
        const line = JSON.stringify({
            type: "ProgressSteps", task: "staging", steps: 1, stepsTotal: 3, subtasks: [], newField: 1,
        });
        expect(parseProgressLine(line)).toMatchObject({ type: "ProgressSteps", steps: 1 });
    });
});

describe("the progress reducer over recorded streams", () => {
    it("a whole update: pulling moves forward, then importing, then the staging steps", () => {
        const states = replay("upgrade.jsonl");
        const pulling = states.filter(s => s.phase === "pulling");
        expect(pulling.length).toBeGreaterThan(5);
        const bytes = pulling.map(s => s.pull?.bytes ?? -1);
        expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
        const mid = pulling[3];
        expect(mid?.pull)
            .toMatchObject({ bytesTotal: 65_000_000, layersTotal: 2, layersCached: 63, bytesCached: 900_000_000 });
        expect(mid?.pull?.current?.kind).toBe("ostree chunk");
        // one event a second, 5 MB each
        expect(mid?.bytesPerSecond).toBeCloseTo(5_000_000, -3);

        // an ostree pull is sized: there is always a fraction, and it only grows
        const fractions = states.map(state => overallFraction(state) ?? -1);
        expect(fractions).not.toContain(-1);
        expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);

        const last = states[states.length - 1];
        expect(last?.phase).toBe("staged");
        expect(overallFraction(last ?? INITIAL_PROGRESS)).toBe(1);
        expect(last?.pull).toMatchObject({ bytes: 65_000_000, layers: 2, current: null });
        expect(last?.bytesPerSecond).toBeNull();
        // bootc lists "cleanup" twice in its last event: once here
        expect(last?.staging?.subtasks.map(s => s.name)).toEqual(["merging", "deploying", "bound_images", "cleanup"]);
        expect(last?.staging?.subtasks.every(s => s.completed)).toBe(true);
        expect(states.some(s => s.phase === "importing" && s.importing?.steps === 0)).toBe(true);
    });

    it("an image that is already local goes straight to staging", () => {
        const states = replay("already-local.jsonl");
        expect(states.some(s => s.phase === "pulling")).toBe(false);
        expect(states.map(s => s.staging?.steps ?? null)).toEqual([null, 0, 1, 1, 2, 3]);
        expect(states[states.length - 1]?.phase).toBe("staged");
    });

    it("nothing to do: an empty stream leaves it waiting", () => {
        expect(reduceProgressLines(recorded("empty.jsonl"), 0)).toEqual(INITIAL_PROGRESS);
    });

    it("a pull that failed at 40 % stops there", () => {
        const state = reduceProgressLines(recorded("failed-at-40.jsonl"), 0);
        expect(state.phase).toBe("pulling");
        expect(state.pull?.bytes).toBe(25_000_000);
        expect(overallFraction(state)).toBeCloseTo((0.85 * 25) / 65, 5);
    });

    it("an unknown total (bytesTotal 0) counts layers instead, and skips lines it does not know", () => {
        const state = reduceProgressLines(recorded("unknown-total.jsonl"), 0);
        expect(state.pull).toMatchObject({ bytes: 3_000_000, bytesTotal: 0, layers: 1, layersTotal: 4 });
        expect(overallFraction(state)).toBeCloseTo(0.85 / 4, 3);
    });

    it("a late pull event (the runner keeps the latest pull apart) never moves the phase or the bytes back", () => {
        const lines = recorded("upgrade.jsonl").split("\n").filter(line => line !== "");
        const staged = reduceProgressLines(lines.join("\n"), 0);
        const stale = parseProgressLine(lines[3] ?? "");
        if (!stale)
            throw new Error("fixture");
        const after = reduceProgress(staged, stale, 99_000);
        expect(after.phase).toBe("staged");
        expect(after.pull?.bytes).toBe(65_000_000);
    });

    it("composefs: the bytes of the layers in flight drop when one finishes; the state still moves forward", () => {
        const states = replay("composefs-upgrade.jsonl");
        const pulls = states.map(s => s.pull).filter(pull => pull !== null);
        // every event was taken: none was mistaken for a late copy of an older one
        expect(pulls).toHaveLength(17);
        expect(pulls.map(pull => pull.layers)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3]);
        expect(pulls.every(pull => !pull.sized && pull.bytesTotal === 0)).toBe(true);
        const last = states[states.length - 1];
        expect(last?.pull).toMatchObject({ layers: 3, layersCached: 2, current: null });
        // bootc says neither how much is left nor when deploying begins: no fraction to draw
        expect(states.map(overallFraction).filter(f => f !== null && f > 0)).toEqual([]);
        expect(last?.phase).toBe("pulling");
        // the rate counts the layers that finished: it does not stop when the bytes drop
        const secondLayer = states.find(s => s.pull?.current?.id.startsWith("sha256:b2") && s.pull.current.bytes > 0);
        expect(secondLayer?.bytesPerSecond).toBeGreaterThan(0);
        expect(secondLayer?.pull?.current).toMatchObject({ bytes: 10_000_000, bytesTotal: 20_000_000 });
        // a layer of unknown size is still the one in flight
        const third = states.find(s => s.pull?.current?.id.startsWith("sha256:c3") && s.pull.current.bytes > 0);
        expect(third?.pull?.current).toMatchObject({ bytes: 5_000_000, bytesTotal: 0 });
    });

    it("composefs: a late copy of an event from an earlier layer is not taken", () => {
        const lines = recorded("composefs-upgrade.jsonl").split("\n").filter(line => line !== "");
        const done = reduceProgressLines(lines.join("\n"), 0);
        const stale = parseProgressLine(lines[6] ?? "");
        if (!stale)
            throw new Error("fixture");
        expect(reduceProgress(done, stale, 99_000).pull).toEqual(done.pull);
    });

    it("re-attaching mid-staging from the latest events alone", () => {
        const lines = recorded("upgrade.jsonl").split("\n").filter(line => line !== "");
        // what a page that loads now reads: progress-bytes.json (last pull) and progress-last.json
        const lastPull = lines.filter(line => line.includes("\"ProgressBytes\"")).pop() ?? "";
        const latest = lines[lines.length - 3] ?? "";
        const state = reduceProgressLines(`${lastPull}\n${latest}`, 0);
        expect(state.phase).toBe("staging");
        expect(state.pull?.bytes).toBe(65_000_000);
        expect(overallFraction(state)).toBeGreaterThan(0.9);
    });
});
