// SPDX-License-Identifier: LGPL-2.1-or-later
// bootc's --progress-fd protocol (progress_jsonl.rs, CONTRACT.md §5): JSON Lines on a pipe, a lazy Start
// event, ProgressBytes for pulling, ProgressSteps for importing and staging, and no End event.
import { appendFileSync, fstatSync, writeSync } from "node:fs";

import { BootcFailure, canonicalJson } from "./io";
import type { Io } from "./io";

export class ProgressWriter {
    private started = false;
    private broken = false;

    /** LOG: where each event is noted with the time it was written (make bench measures what the page makes of it) */
    private constructor(private readonly fd: number, private readonly io: Io, private readonly log: string | null) {}

    /** bootc converts the fd to a pipe sender before doing any work: anything else is fatal. */
    static open(fd: number, io: Io, log: string | null = null): ProgressWriter {
        let fifo: boolean;
        try {
            fifo = fstatSync(fd).isFIFO();
        } catch {
            fifo = false;
        }
        if (!fifo)
            throw new BootcFailure(`Opening progress fd ${fd}: Invalid argument: not a pipe or FIFO (os error 22)`);
        return new ProgressWriter(fd, io, log);
    }

    send(event: Record<string, unknown>): void {
        if (this.broken)
            return;
        if (!this.started) {
            this.started = true;
            this.write({ type: "Start", version: "0.1.0" });
        }
        this.write(event);
    }

    private write(event: Record<string, unknown>): void {
        if (this.broken)
            return;
        try {
            writeSync(this.fd, `${canonicalJson(event)}\n`);
            if (this.log)
                appendFileSync(this.log, `${JSON.stringify({ at: Date.now(), event })}\n`);
        } catch (error) {
            // a reader that went away stops progress, not the operation
            this.broken = true;
            this.io.err(`Failed to write to jsonl: ${(error as Error).message}\n`);
        }
    }
}

export interface SubTaskStep {
    subtask: string;
    description: string;
    id: string;
    completed: boolean;
}

export function stepsEvent(
    task: string, description: string, id: string, steps: number, stepsTotal: number, subtasks: SubTaskStep[],
): Record<string, unknown> {
    return { type: "ProgressSteps", task, description, id, stepsCached: 0, steps, stepsTotal, subtasks };
}

const STAGING_SUBTASKS: [string, string, string][] = [
    ["merging", "Merging Image", "fetching"],
    ["deploying", "Deploying Image", "deploying"],
    ["bound_images", "Pulling Bound Images", "bound_images"],
    ["cleanup", "Removing old images", "cleanup"],
];

/** The five staging events: steps 0, 1, 1, 2, 3; the last lists cleanup twice (a bootc quirk). */
export function stagingEvents(digest: string): Record<string, unknown>[] {
    const sub = (i: number, completed: boolean): SubTaskStep => {
        const [subtask, description, id] = STAGING_SUBTASKS[i] ?? ["", "", ""];
        return { subtask, description, id, completed };
    };
    const event = (steps: number, subtasks: SubTaskStep[]) =>
        stepsEvent("staging", "Deploying Image", digest, steps, 3, subtasks);
    return [
        event(0, [sub(0, false)]),
        event(1, [sub(0, true), sub(1, false)]),
        event(1, [sub(0, true), sub(1, true), sub(2, false)]),
        event(2, [sub(0, true), sub(1, true), sub(2, true), sub(3, false)]),
        event(3, [sub(0, true), sub(1, true), sub(2, true), sub(3, true), sub(3, true)]),
    ];
}

export function importingEvents(digest: string): Record<string, unknown>[] {
    const sub = (completed: boolean): SubTaskStep => ({
        subtask: "importing", description: "Importing Image", id: "importing", completed,
    });
    return [
        stepsEvent("importing", "Importing Image", digest, 0, 1, [sub(false)]),
        stepsEvent("importing", "Importing Image", digest, 1, 1, [sub(true)]),
    ];
}
