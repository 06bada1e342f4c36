/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Follows the host's current long operation (started by this page, another page or another admin) and
 * the outcome of the last update check. Follows again when admin access changes.
 */

import type { BootcClient, BootcProblem, CheckRecord, Disposable, OperationSnapshot } from "../../backend";

export type OperationView =
    /** not read yet: the page must not run bootc status until it knows nothing holds the lock */
    | { kind: "unknown" }
    /** the record cannot be read (no administrative access) */
    | { kind: "unavailable"; problem: BootcProblem }
    | { kind: "none" }
    | { kind: "current"; snapshot: OperationSnapshot };

export function isRunning(view: OperationView): boolean {
    if (view.kind !== "current")
        return false;
    const state = view.snapshot.state.kind;
    return state === "starting" || state === "running";
}

export interface OperationMonitorState {
    view: OperationView;
    /** the last finished check, current or kept from before */
    lastCheck: CheckRecord | null;
}

export class OperationMonitor {
    private state: OperationMonitorState = { view: { kind: "unknown" }, lastCheck: null };
    private following: Disposable | null = null;
    private privileges: Disposable | null = null;
    private stopped = false;
    /** the operation followed; undefined until the first report */
    private currentId: string | null | undefined = undefined;
    private archivedCheck: CheckRecord | null = null;

    constructor(private readonly client: BootcClient, private readonly onState: (state: OperationMonitorState) => void) {}

    start(): void {
        this.follow();
        this.privileges = this.client.onPrivilegesChanged(() => this.follow());
    }

    stop(): void {
        this.stopped = true;
        this.following?.dispose();
        this.privileges?.dispose();
    }

    private publish(view: OperationView): void {
        let lastCheck = this.archivedCheck;
        if (view.kind === "current" && view.snapshot.meta.kind === "check" && view.snapshot.outcome)
            lastCheck = view.snapshot.check ?? lastCheck;
        this.state = { view, lastCheck };
        if (!this.stopped)
            this.onState(this.state);
    }

    private follow(): void {
        this.following?.dispose();
        this.currentId = undefined;
        this.following = this.client.operations.follow(
            snapshot => {
                const id = snapshot?.meta.id ?? null;
                if (id !== this.currentId) {
                    this.currentId = id;
                    // starting an operation keeps the check before it; read it (again)
                    void this.readLastCheck();
                }
                this.publish(snapshot ? { kind: "current", snapshot } : { kind: "none" });
            },
            problem => this.publish({ kind: "unavailable", problem }),
        );
    }

    private async readLastCheck(): Promise<void> {
        let record: CheckRecord | null;
        try {
            record = await this.client.operations.lastCheck();
        } catch {
            record = null;
        }
        if (this.stopped)
            return;
        this.archivedCheck = record;
        this.publish(this.state.view);
    }
}
