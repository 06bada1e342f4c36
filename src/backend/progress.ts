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
    /** bytes downloaded so far */
    bytes: number;
    /** bytes to download; 0 when bootc does not know */
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
    /** (time, bytes) samples behind the rate */
    samples: readonly { at: number; bytes: number }[];
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
        const inFlight = event.subtasks.find(sub => sub.bytes < sub.bytesTotal) ?? null;
        const pull: PullProgress = {
            description: event.description ?? event.task,
            bytes: event.bytes,
            bytesTotal: event.bytesTotal,
            bytesCached: event.bytesCached,
            layers: event.steps,
            layersTotal: event.stepsTotal,
            layersCached: event.stepsCached,
            current: inFlight && {
                kind: inFlight.subtask, id: inFlight.id, bytes: inFlight.bytes, bytesTotal: inFlight.bytesTotal,
            },
        };
        // a late copy of an older pull event must not move the numbers back
        if (state.pull && state.pull.bytes > pull.bytes)
            return { ...state, started: true };
        const samples = [
            ...state.samples.filter(s => s.at > at - RATE_WINDOW_MS && s.bytes <= event.bytes),
            { at, bytes: event.bytes },
        ];
        const pulling = PHASE_ORDER.indexOf(state.phase) <= PHASE_ORDER.indexOf("pulling");
        return {
            ...state,
            started: true,
            phase: later(state.phase, "pulling"),
            pull,
            samples,
            bytesPerSecond: pulling ? rate(samples) : null,
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
 */
export function overallFraction(state: ProgressState): number {
    const stagingPart = (s: StepProgress | null) => (s && s.stepsTotal > 0 ? Math.min(1, s.steps / s.stepsTotal) : 0);
    switch (state.phase) {
    case "waiting":
        return 0;
    case "pulling": {
        const pull = state.pull;
        if (!pull)
            return 0;
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
