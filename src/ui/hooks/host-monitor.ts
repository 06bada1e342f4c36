/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Keeps the page's picture of the host current without polling: it reads `bootc status` on start, when
 * bootc touches /ostree/bootc, when admin access changes, and when asked (after the page's own
 * commands). Reads never overlap: a request during a read runs once more after it. Only while bootc is
 * busy (status blocked on the sysroot lock) does it retry on its own, with growing delays.
 *
 * While held (an operation of ours runs and holds the sysroot lock, or it is not yet known whether one
 * does) it reads nothing: requests wait, and one read follows the release.
 */

import type { BootcClient, BootcProblem, Disposable, HostModel } from "../../backend";
import { problemOf } from "../common/problem-text";

export type HostView =
    | { kind: "loading" }
    /** `stale`: the last refresh failed; what is shown is the last good reading */
    | { kind: "ready"; host: HostModel; refreshing: boolean; stale: BootcProblem | null }
    | { kind: "problem"; problem: BootcProblem; refreshing: boolean };

/** Delays between attempts while bootc is busy: 1 s, 2 s, 4 s, … up to 30 s. */
export function busyRetryDelay(attempt: number): number {
    return Math.min(30_000, 1000 * 2 ** attempt);
}

export class HostMonitor {
    private view: HostView = { kind: "loading" };
    private reading = false;
    private again = false;
    private stopped = false;
    private busyAttempts = 0;
    private retryTimer: ReturnType<typeof setTimeout> | null = null;
    private subscriptions: Disposable[] = [];
    private held: boolean;
    private pending = false;

    constructor(private readonly client: BootcClient, private readonly onView: (view: HostView) => void, options: { held?: boolean } = {}) {
        this.held = options.held ?? false;
    }

    /** Stops reading status until release(); requests made meanwhile are kept. */
    hold(): void {
        this.held = true;
        this.clearRetry();
    }

    /** Reads again if anything asked for it while held (or nothing was ever read); says whether it did. */
    release(): boolean {
        if (!this.held)
            return false;
        this.held = false;
        if (this.pending || this.view.kind === "loading" || (this.view.kind === "problem" && this.view.problem.kind === "busy")) {
            this.pending = false;
            this.refresh();
            return true;
        }
        return false;
    }

    start(): void {
        this.subscriptions = [
            this.client.watchStatusChanges(() => this.refresh()),
            this.client.onPrivilegesChanged(() => this.refresh()),
        ];
        this.refresh();
    }

    stop(): void {
        this.stopped = true;
        this.clearRetry();
        for (const subscription of this.subscriptions)
            subscription.dispose();
        this.subscriptions = [];
    }

    /** Reads status now, or right after the read in progress. */
    refresh(): void {
        if (this.stopped)
            return;
        this.clearRetry();
        if (this.held) {
            this.pending = true;
            return;
        }
        if (this.reading) {
            this.again = true;
            return;
        }
        void this.read();
    }

    private clearRetry(): void {
        if (this.retryTimer !== null) {
            clearTimeout(this.retryTimer);
            this.retryTimer = null;
        }
    }

    private publish(view: HostView): void {
        this.view = view;
        if (!this.stopped)
            this.onView(view);
    }

    private async read(): Promise<void> {
        this.reading = true;
        if (this.view.kind !== "loading")
            this.publish({ ...this.view, refreshing: true });
        let host: HostModel | null = null;
        let problem: BootcProblem | null = null;
        try {
            host = await this.client.status();
        } catch (error) {
            problem = problemOf(error);
        }
        this.reading = false;
        if (this.stopped)
            return;

        if (host) {
            this.busyAttempts = 0;
            this.publish({ kind: "ready", host, refreshing: false, stale: null });
        } else if (problem) {
            // keep showing the last good reading when a refresh fails for a passing reason, and say why
            // it may be out of date; without admin access or without bootc it is of no use any more
            const passing = problem.kind !== "admin-required" && problem.kind !== "bootc-missing";
            if (this.view.kind === "ready" && passing)
                this.publish({ kind: "ready", host: this.view.host, refreshing: false, stale: problem });
            else
                this.publish({ kind: "problem", problem, refreshing: false });
            if (problem.kind === "busy" && !this.again && !this.held) {
                this.retryTimer = setTimeout(() => {
                    this.retryTimer = null;
                    this.refresh();
                }, busyRetryDelay(this.busyAttempts++));
            } else if (problem.kind !== "busy") {
                this.busyAttempts = 0;
            }
        }

        if (this.again) {
            this.again = false;
            this.refresh();
        }
    }
}
