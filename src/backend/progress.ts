/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bootc's `--progress-fd` protocol (CONTRACT.md §5): JSON Lines with a lazy Start event,
 * ProgressBytes while pulling, ProgressSteps while importing and staging, and no End event. Every
 * event carries cumulative totals, so the latest event of each task is enough to draw it; the reducer
 * below folds events into what the page shows. Unknown event types and tasks are kept out, not fatal.
 */

import * as z from "zod";

z.config({ jitless: true });

const SubtaskBytesSchema = z.object({
    subtask: z.string(),
    description: z.string().optional(),
    id: z.string(),
    bytesCached: z.number().optional(),
    bytes: z.number(),
    bytesTotal: z.number(),
});

const SubtaskStepSchema = z.object({
    subtask: z.string(),
    description: z.string().optional(),
    id: z.string().optional(),
    completed: z.boolean(),
});

const StartSchema = z.object({ type: z.literal("Start"), version: z.string() });

const BytesSchema = z.object({
    type: z.literal("ProgressBytes"),
    task: z.string(),
    description: z.string().optional(),
    id: z.string().optional(),
    bytesCached: z.number().default(0),
    bytes: z.number(),
    bytesTotal: z.number(),
    stepsCached: z.number().default(0),
    steps: z.number(),
    stepsTotal: z.number(),
    subtasks: z.array(SubtaskBytesSchema).default([]),
});

const StepsSchema = z.object({
    type: z.literal("ProgressSteps"),
    task: z.string(),
    description: z.string().optional(),
    id: z.string().optional(),
    stepsCached: z.number().default(0),
    steps: z.number(),
    stepsTotal: z.number(),
    subtasks: z.array(SubtaskStepSchema).default([]),
});

export type ProgressEvent =
    | z.infer<typeof StartSchema>
    | z.infer<typeof BytesSchema>
    | z.infer<typeof StepsSchema>;

/** One line of the stream as an event, or null for a blank line, broken JSON or an unknown type. */
export function parseProgressLine(line: string): ProgressEvent | null {
    if (line.trim() === "")
        return null;
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        return null;
    }
    for (const schema of [BytesSchema, StepsSchema, StartSchema]) {
        const parsed = schema.safeParse(value);
        if (parsed.success)
            return parsed.data;
    }
    return null;
}

export type ProgressPhase = "waiting" | "pulling" | "importing" | "staging" | "staged";

const PHASE_ORDER: ProgressPhase[] = ["waiting", "pulling", "importing", "staging", "staged"];

export interface PullProgress {
    /** "Pulling Image: sha256:…" */
    description: string;
    /**
     * bootc knows the whole download: the layer count (and mostly the bytes) up front. A composefs
     * pull (bootc ≥ 1.16.5) does not: its totals are 0 or those of the layers in flight, and its
     * bytes are those of the layers in flight, so they drop when one finishes.
     */
    sized: boolean;
    /** bytes downloaded so far (of a pull that is not sized: of the layers in flight) */
    bytes: number;
    /** bytes to download; 0 when bootc does not know (of a pull that is not sized: always 0 here) */
    bytesTotal: number;
    /** bytes already present locally */
    bytesCached: number;
    layers: number;
    layersTotal: number;
    layersCached: number;
    /** the layer in flight */
    current: { kind: string; id: string; bytes: number; bytesTotal: number } | null;
}

export interface StepProgress {
    description: string;
    steps: number;
    stepsTotal: number;
    /** in order, each once (bootc's last staging event lists "cleanup" twice) */
    subtasks: { name: string; description: string; completed: boolean }[];
}

export interface ProgressState {
    /** a Start event arrived: this bootc reports progress */
    started: boolean;
    protocol: string | null;
    phase: ProgressPhase;
    pull: PullProgress | null;
    importing: StepProgress | null;
    staging: StepProgress | null;
    /** download rate in bytes per second over the last few seconds, when it can be told */
    bytesPerSecond: number | null;
    /** (time, bytes) samples behind the rate; the bytes count every layer finished since we followed */
    samples: readonly { at: number; bytes: number }[];
    /** of a pull that is not sized: bytes of the layers that finished while we followed */
    finishedBytes: number;
    /** the layers in flight at the last pull event, to tell which finished since */
    inFlight: readonly { id: string; bytes: number; bytesTotal: number }[];
}

export const INITIAL_PROGRESS: ProgressState = {
    started: false,
    protocol: null,
    phase: "waiting",
    pull: null,
    importing: null,
    staging: null,
    bytesPerSecond: null,
    samples: [],
    finishedBytes: 0,
    inFlight: [],
};

/** How far back the rate looks. */
const RATE_WINDOW_MS = 5000;

function later(a: ProgressPhase, b: ProgressPhase): ProgressPhase {
    return PHASE_ORDER.indexOf(b) > PHASE_ORDER.indexOf(a) ? b : a;
}

function rate(samples: readonly { at: number; bytes: number }[]): number | null {
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || last.at - first.at < 1000 || last.bytes < first.bytes)
        return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
}

function steps(event: z.infer<typeof StepsSchema>, fallback: string): StepProgress {
    const subtasks: StepProgress["subtasks"] = [];
    for (const sub of event.subtasks) {
        const known = subtasks.find(s => s.name === sub.subtask);
        if (known)
            known.completed = known.completed || sub.completed;
        else
            subtasks.push({ name: sub.subtask, description: sub.description ?? sub.subtask, completed: sub.completed });
    }
    return { description: event.description ?? fallback, steps: event.steps, stepsTotal: event.stepsTotal, subtasks };
}

/** Layers finished or found present: they only ever grow. */
function pullOrder(pull: { layers: number; layersCached: number }): number {
    return pull.layers + pull.layersCached;
}

/** Which of two pull events is later: by layers done, then by bytes. */
function comparePulls(
    event: { steps: number; stepsCached: number; bytes: number }, pull: PullProgress,
): number {
    const layers = event.steps + event.stepsCached - pullOrder(pull);
    return layers !== 0 ? layers : event.bytes - pull.bytes;
}

/**
 * Folds one event into the state. `at` is when it arrived (ms), for the rate. Events may repeat and
 * may come late (the runner keeps the latest event and the latest pull event apart): the phase only
 * ever moves forward.
 */
export function reduceProgress(state: ProgressState, event: ProgressEvent, at: number): ProgressState {
    switch (event.type) {
    case "Start":
        return { ...state, started: true, protocol: event.version };
    case "ProgressBytes": {
        // a late copy of an older pull event must not move the numbers back: layers only ever finish,
        // and within a layer count the bytes only grow (a composefs pull's drop when a layer finishes)
        const previous = state.pull;
        if (previous && comparePulls(event, previous) < 0)
            return { ...state, started: true };
        const sized = event.stepsTotal > 0;
        const current = event.subtasks.find(sub => sub.bytesTotal === 0 || sub.bytes < sub.bytesTotal) ?? null;
        const pull: PullProgress = {
            description: event.description ?? event.task,
            sized,
            bytes: event.bytes,
            bytesTotal: sized ? event.bytesTotal : 0,
            bytesCached: event.bytesCached,
            layers: event.steps,
            layersTotal: event.stepsTotal,
            layersCached: event.stepsCached,
            current: current && {
                kind: current.subtask, id: current.id, bytes: current.bytes, bytesTotal: current.bytesTotal,
            },
        };
        const finishedBytes = state.finishedBytes + state.inFlight
            .filter(layer => !event.subtasks.some(sub => sub.id === layer.id))
            .reduce((sum, layer) => sum + Math.max(layer.bytes, layer.bytesTotal), 0);
        const downloaded = sized ? event.bytes : finishedBytes + event.bytes;
        const samples = [
            ...state.samples.filter(s => s.at > at - RATE_WINDOW_MS && s.bytes <= downloaded),
            { at, bytes: downloaded },
        ];
        const pulling = PHASE_ORDER.indexOf(state.phase) <= PHASE_ORDER.indexOf("pulling");
        return {
            ...state,
            started: true,
            phase: later(state.phase, "pulling"),
            pull,
            samples,
            bytesPerSecond: pulling ? rate(samples) : null,
            finishedBytes,
            inFlight: event.subtasks.map(sub => ({ id: sub.id, bytes: sub.bytes, bytesTotal: sub.bytesTotal })),
        };
    }
    case "ProgressSteps": {
        if (event.task === "importing") {
            return {
                ...state, started: true, phase: later(state.phase, "importing"),
                importing: steps(event, "Importing Image"), bytesPerSecond: null,
            };
        }
        if (event.task === "staging") {
            const staging = steps(event, "Deploying Image");
            const done = staging.stepsTotal > 0 && staging.steps >= staging.stepsTotal;
            return {
                ...state, started: true, phase: later(state.phase, done ? "staged" : "staging"), staging,
                bytesPerSecond: null,
            };
        }
        return { ...state, started: true };
    }
    }
}

/** Folds a whole stream (e.g. a recorded progress.jsonl), one line per event. */
export function reduceProgressLines(lines: string, at: number, state: ProgressState = INITIAL_PROGRESS): ProgressState {
    let result = state;
    for (const line of lines.split("\n")) {
        const event = parseProgressLine(line);
        if (event)
            result = reduceProgress(result, event, at);
    }
    return result;
}

/**
 * How far the whole operation is, 0 to 1: the download is most of the work (to 85 %), importing the
 * next 5 %, and the three staging steps the rest. An image that is already local skips to staging.
 * Null when bootc does not say: a pull that is not sized (composefs) reports neither how much is left
 * nor when it moves on to deploying.
 */
export function overallFraction(state: ProgressState): number | null {
    const stagingPart = (s: StepProgress | null) => (s && s.stepsTotal > 0 ? Math.min(1, s.steps / s.stepsTotal) : 0);
    switch (state.phase) {
    case "waiting":
        return 0;
    case "pulling": {
        const pull = state.pull;
        if (!pull)
            return 0;
        if (!pull.sized)
            return null;
        const fraction = pull.bytesTotal > 0
            ? pull.bytes / pull.bytesTotal
            : pull.layersTotal > 0 ? pull.layers / pull.layersTotal : 0;
        return 0.85 * Math.min(1, fraction);
    }
    case "importing":
        return 0.85 + 0.05 * stagingPart(state.importing);
    case "staging":
        return 0.9 + 0.1 * stagingPart(state.staging);
    case "staged":
        return 1;
    }
}
