/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The page store: everything the page knows about the host, in one immutable snapshot, read by React
 * through useSyncExternalStore (use-page.ts). Plain TypeScript, no React.
 *
 * - status: `bootc status`, read on start, when bootc touches /ostree/bootc, when admin access changes,
 *   when the update timer's service starts or stops, and after the page's own actions. Reads never
 *   overlap: a request during a read runs once more after it. Only while bootc is busy (status
 *   blocked on the sysroot lock) does it retry by itself, with growing delays. Nothing is polled
 *   while the page sits idle.
 * - operation: the host's current or last long operation (started by this page, another page or
 *   another admin), followed through its record under /run/cockpit-bootc.
 * - the lock rule: while an operation holds bootc's sysroot lock, or before it is known whether one
 *   does, no bootc command that waits for the lock (status, the image listings) runs; requests wait,
 *   and one read follows when it ends.
 * - other bootc operations: bootc run by the update timer, a terminal, or left without a record, found
 *   by bootc-processes.sh with every status read; while one runs it holds the lock as the page's own
 *   would, and it is looked for again every FOREIGN_CHECK_MS until it has ended.
 * - last check, host facts (bootc version, update timer, prepared soft reboot) and the image report
 *   are read together with status.
 */

import { problemOf } from "../../backend";
import type {
    BootcClient, BootcProblem, BootcProcess, BootcVersion, CheckRecord, Disposable, HostModel, ImageReport,
    OperationSnapshot, RecordDamage,
} from "../../backend";

export type StatusReading =
    | { kind: "loading" }
    /** `stale`: the last refresh failed; `host` is the last good reading */
    | { kind: "ready"; host: HostModel; refreshing: boolean; stale: BootcProblem | null }
    | { kind: "problem"; problem: BootcProblem; refreshing: boolean };

export type OperationReading =
    /** not read yet: bootc status must not run until it is known that no operation holds the lock */
    | { kind: "unknown" }
    /** the record cannot be read (no administrative access) */
    | { kind: "unavailable"; problem: BootcProblem }
    | { kind: "none" }
    | { kind: "current"; snapshot: OperationSnapshot }
    /** the record is not one to show (operation-records.ts: RecordDamage); what runs is in `processes` */
    | { kind: "damaged"; damage: RecordDamage };

export interface HostFacts {
    /** `bootc --version`, null when it could not be read: everything is offered, bootc refuses what it lacks */
    version: BootcVersion | null;
    /** bootc-fetch-apply-updates.timer is enabled (false when that could not be read) */
    timerEnabled: boolean;
    /** /run/nextroot exists: the next reboot is a soft reboot (false when that could not be read) */
    softRebootPrepared: boolean;
}

export interface PageState {
    status: StatusReading;
    operation: OperationReading;
    /** the bootc operations running on the host when last looked (foreignOperations: the ones not the page's) */
    processes: BootcProcess[];
    /**
     * An operation holds bootc's sysroot lock, or it is not known yet whether one does: nothing else
     * may start, and status is not read.
     */
    locked: boolean;
    /**
     * An operation ended and status has not been read since: what it did is not on screen yet, so the
     * page goes on showing it as running rather than show the host as it was before.
     */
    settling: boolean;
    /** the last finished check: the current operation's, or the one kept from before */
    lastCheck: CheckRecord | null;
    /** null until first read */
    facts: HostFacts | null;
    /** bound images, bootc's storage and the host images; the last one stays while the next loads */
    images: ImageReport | null;
    /** the booted deployment's id when this page rebooted the system: it says so until it is back */
    rebootingFrom: string | null;
}

export const INITIAL_STATE: PageState = {
    status: { kind: "loading" },
    operation: { kind: "unknown" },
    processes: [],
    locked: true,
    settling: false,
    lastCheck: null,
    facts: null,
    images: null,
    rebootingFrom: null,
};

/** Delays between attempts while bootc is busy: 1 s, 2 s, 4 s, … up to 30 s. */
export function busyRetryDelay(attempt: number): number {
    return Math.min(30_000, 1000 * 2 ** attempt);
}

/** How often the host is looked at again while a bootc operation the page did not start runs. */
export const FOREIGN_CHECK_MS = 10_000;
/** The first status read lists the host's processes when it is answered, or after this long if it is not. */
export const FIRST_PROCESSES_DELAY_MS = 300;

/**
 * The bootc operations on the host that are not the one the page follows: started by something else,
 * or the page's own when its record cannot be trusted.
 */
export function foreignOperations(state: Pick<PageState, "operation" | "processes">): BootcProcess[] {
    const followed = isRunning(state.operation);
    return state.processes.filter(process => !process.ours || !followed);
}

export function isRunning(operation: OperationReading): boolean {
    if (operation.kind !== "current")
        return false;
    const state = operation.snapshot.state.kind;
    return state === "starting" || state === "running";
}

/** Nothing runs and what the last operation did is on screen: an action may start. */
export function canStart(state: PageState): boolean {
    return !state.locked && !state.settling;
}

/** An operation runs, or has just ended and its effect is being read: it is shown as running. */
export function operationActive(state: PageState): boolean {
    return isRunning(state.operation) || (state.settling && state.operation.kind === "current");
}

/** The host as last read, if there is one to show. */
export function readyHost(state: PageState): HostModel | null {
    return state.status.kind === "ready" ? state.status.host : null;
}

export class PageStore {
    private state: PageState = INITIAL_STATE;
    private readonly listeners = new Set<() => void>();
    private started = false;
    private subscriptions: Disposable[] = [];

    // status reads
    private reading = false;
    /** a read was asked for during a read */
    private again = false;
    /** a read was asked for while locked */
    private pending = false;
    private busyAttempts = 0;
    /** status reads started so far, and the first one that shows what the operation that ended did */
    private readsStarted = 0;
    private settleAt: number | null = null;
    private retryTimer: ReturnType<typeof setTimeout> | null = null;
    /** counts image report and facts requests, so a late answer never overwrites a newer one */
    private imagesAsked = 0;
    private factsAsked = 0;
    private processesAsked = 0;
    private processTimer: ReturnType<typeof setTimeout> | null = null;
    private serviceWatch: Disposable | null = null;

    // the operation
    private following: Disposable | null = null;
    /** the operation followed; undefined until the first report */
    private operationId: string | null | undefined = undefined;
    private keptCheck: CheckRecord | null = null;
    /** the first status read, started before the record is known: closed if an operation turns out to hold the lock */
    private earlyRead: AbortController | null = null;
    /** called once the operation record has been read for the first time */
    private recordWaiters: (() => void)[] = [];
    private recordKnown = false;

    constructor(private readonly client: BootcClient) {}

    readonly subscribe = (listener: () => void): (() => void) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    };

    readonly getSnapshot = (): PageState => this.state;

    /** Starts following the host (again, after stop()). */
    start(): void {
        if (this.started)
            return;
        this.started = true;
        this.subscriptions = [
            this.client.watchStatusChanges(() => this.refresh()),
            this.client.onPrivilegesChanged(() => {
                this.follow();
                this.refresh();
            }),
        ];
        this.follow();
        // bootc status first, at the same time as the operation record: what it answers is shown once
        // the record is known, and it is closed if the record says an operation holds the lock (status
        // would wait for it). Facts and listings come after it.
        if (this.reading)
            this.again = true;
        else
            void this.readStatus(true);
    }

    stop(): void {
        this.started = false;
        this.clearRetry();
        this.stopProcessChecks();
        this.serviceWatch?.dispose();
        this.serviceWatch = null;
        this.following?.dispose();
        this.following = null;
        for (const subscription of this.subscriptions)
            subscription.dispose();
        this.subscriptions = [];
        this.reading = false;
        this.again = false;
        this.pending = false;
        this.earlyRead?.abort();
        this.earlyRead = null;
        // a first read waiting for the record ends (it sees the store stopped)
        for (const waiter of this.recordWaiters.splice(0))
            waiter();
    }

    /** Reads status (and what goes with it) now, right after the read in progress, or once the lock is free. */
    readonly refresh = (): void => {
        if (!this.started)
            return;
        this.clearRetry();
        if (this.state.locked) {
            this.pending = true;
            return;
        }
        if (this.reading) {
            this.again = true;
            return;
        }
        void this.readStatus();
    };

    /** Reads the host facts again (a dialog that depends on them asks when it opens). */
    readonly refreshFacts = (): void => {
        if (this.started)
            void this.readFacts();
    };

    /**
     * Reboots the machine; rejects with BootcError. Until the page reconnects it says the system is
     * rebooting.
     */
    async reboot(): Promise<void> {
        const booted = readyHost(this.state)?.booted?.id ?? null;
        await this.client.reboot();
        this.set({ rebootingFrom: booted });
        this.refresh();
    }

    private async readFacts(): Promise<void> {
        const asked = ++this.factsAsked;
        const [version, update] = await Promise.all([
            this.client.version(),
            this.client.updateFacts().catch(() => null),
        ]);
        if (!this.started || asked !== this.factsAsked)
            return;
        this.set({
            facts: {
                version,
                timerEnabled: update?.timerEnabled ?? false,
                softRebootPrepared: update?.softRebootPrepared ?? false,
            },
        });
        // where systemd runs (asking its bus elsewhere only gets Cockpit to complain): the update timer
        // starting or ending its bootc is a reason to look at once, as status waits while it runs
        if (update?.systemd && !this.serviceWatch) {
            this.serviceWatch = this.client.watchUpdateService(() => {
                void this.readProcesses();
                this.refresh();
            });
        }
    }

    private set(change: Partial<PageState>): void {
        const next = { ...this.state, ...change };
        next.locked = next.operation.kind === "unknown" || isRunning(next.operation)
            || foreignOperations(next).length > 0;
        this.state = next;
        for (const listener of [...this.listeners])
            listener();
    }

    private clearRetry(): void {
        if (this.retryTimer !== null) {
            clearTimeout(this.retryTimer);
            this.retryTimer = null;
        }
    }

    // --- status ---------------------------------------------------------------------------------

    /** Reads status; EARLY: before the operation record is known (start()). */
    private async readStatus(early = false): Promise<void> {
        this.reading = true;
        // if something else runs bootc, status waits for it, and the page should say why: the host's
        // processes are listed at the same time, or, for the first read, once it is answered or slow
        // (a process scan competes with bootc status for the host's CPU just when the page loads)
        let processesAsked = false;
        const askProcesses = () => {
            if (!processesAsked && this.started)
                void this.readProcesses();
            processesAsked = true;
        };
        const slow = early ? setTimeout(askProcesses, FIRST_PROCESSES_DELAY_MS) : null;
        if (!early)
            askProcesses();
        const seq = ++this.readsStarted;
        const before = this.state.status;
        if (before.kind !== "loading")
            this.set({ status: { ...before, refreshing: true } });
        const abort = early ? new AbortController() : null;
        this.earlyRead = abort;
        let host: HostModel | null = null;
        let problem: BootcProblem | null = null;
        try {
            host = await this.client.status(abort ? { signal: abort.signal } : {});
        } catch (error) {
            problem = problemOf(error);
        }
        if (slow !== null)
            clearTimeout(slow);
        askProcesses();
        // what it answered counts once the record says whether an operation ran meanwhile
        if (early && this.started && !this.recordKnown) {
            await new Promise<void>(resolve => {
                this.recordWaiters.push(resolve);
            });
        }
        if (this.earlyRead === abort)
            this.earlyRead = null;
        this.reading = false;
        if (!this.started)
            return;
        // closed because an operation holds the lock: status is read once it ends (unlocked())
        if (abort?.signal.aborted && !host) {
            if (this.again) {
                this.again = false;
                this.refresh();
            }
            return;
        }

        if (host) {
            this.busyAttempts = 0;
            this.set({ status: { kind: "ready", host, refreshing: false, stale: null }, ...this.settled(seq) });
            this.refreshFacts();
            this.readImages(host);
        } else if (problem) {
            this.statusFailed(problem, seq);
        }

        if (this.again) {
            this.again = false;
            this.refresh();
        }
    }

    /** The end of settling, when the read SEQ is the one that shows what the last operation did. */
    private settled(seq: number): Partial<PageState> {
        if (this.settleAt === null || seq < this.settleAt)
            return {};
        this.settleAt = null;
        return { settling: false };
    }

    private statusFailed(problem: BootcProblem, seq: number): void {
        // keep showing the last good reading when a refresh fails for a passing reason, and say why it
        // may be out of date; without admin access or without bootc it is of no use any more
        const current = this.state.status;
        const passing = problem.kind !== "admin-required" && problem.kind !== "bootc-missing";
        if (current.kind === "ready" && passing)
            this.set({
                status: { kind: "ready", host: current.host, refreshing: false, stale: problem }, ...this.settled(seq),
            });
        else
            this.set({ status: { kind: "problem", problem, refreshing: false }, ...this.settled(seq) });
        if (problem.kind !== "busy") {
            this.busyAttempts = 0;
        } else if (!this.again && !this.state.locked) {
            this.retryTimer = setTimeout(() => {
                this.retryTimer = null;
                this.refresh();
            }, busyRetryDelay(this.busyAttempts++));
        }
    }

    /** Its bootc calls wait for the sysroot lock like status: read only right after a status read. */
    private readImages(host: HostModel): void {
        if (!host.isBootcHost || this.state.locked)
            return;
        const asked = ++this.imagesAsked;
        void this.client.imageReport(host).then(images => {
            if (this.started && asked === this.imagesAsked)
                this.set({ images });
        });
    }

    // --- the operation --------------------------------------------------------------------------

    private follow(): void {
        this.following?.dispose();
        this.operationId = undefined;
        this.following = this.client.operations.follow(
            snapshot => {
                const id = snapshot?.meta.id ?? null;
                // the first report always brings an id (or null) other than undefined: the kept check is read
                if (id !== this.operationId) {
                    this.operationId = id;
                    // a new operation keeps the check before it: read that (again); the first status
                    // read is shown with it, so the Updates card says what it knows in one go
                    void this.readKeptCheck().then(() => this.recordRead());
                }
                this.operationChanged(snapshot ? { kind: "current", snapshot } : { kind: "none" });
            },
            problem => {
                this.operationChanged({ kind: "unavailable", problem });
                this.recordRead();
            },
            damage => {
                this.operationId = null;
                this.operationChanged({ kind: "damaged", damage });
                this.recordRead();
                // what runs now is for the host's processes to say
                void this.readProcesses();
            },
        );
    }

    // --- bootc run by others --------------------------------------------------------------------

    private stopProcessChecks(): void {
        if (this.processTimer !== null)
            clearTimeout(this.processTimer);
        this.processTimer = null;
    }

    private async readProcesses(): Promise<void> {
        const asked = ++this.processesAsked;
        const processes = await this.client.operations.processes();
        if (!this.started || asked !== this.processesAsked)
            return;
        const hadForeign = foreignOperations(this.state).length > 0;
        const wasLocked = this.state.locked;
        // a host that cannot be asked: nothing is known to run (bootc's own lock still protects it)
        this.set({ processes: processes ?? [] });
        this.stopProcessChecks();
        if (foreignOperations(this.state).length > 0) {
            this.clearRetry();
            this.processTimer = setTimeout(() => {
                this.processTimer = null;
                void this.readProcesses();
            }, FOREIGN_CHECK_MS);
        }
        if (wasLocked && !this.state.locked)
            this.unlocked(hadForeign);
    }

    private async readKeptCheck(): Promise<void> {
        let record: CheckRecord | null;
        try {
            record = await this.client.operations.lastCheck();
        } catch {
            record = null;
        }
        if (!this.started)
            return;
        this.keptCheck = record;
        this.set({ lastCheck: this.lastCheckWith(this.state.operation) });
    }

    /** The operation record (and the check it keeps) has been read: the first status read may show. */
    private recordRead(): void {
        this.recordKnown = true;
        for (const waiter of this.recordWaiters.splice(0))
            waiter();
    }

    private lastCheckWith(operation: OperationReading): CheckRecord | null {
        if (operation.kind === "current" && operation.snapshot.meta.kind === "check" && operation.snapshot.outcome)
            return operation.snapshot.check ?? this.keptCheck;
        return this.keptCheck;
    }

    private operationChanged(operation: OperationReading): void {
        const wasLocked = this.state.locked;
        const before = this.state.operation;
        const wasRunning = isRunning(before);
        const running = isRunning(operation);
        // a new operation that was first seen ended (it took less than a file read) ran all the same
        const beforeId = before.kind === "current" ? before.snapshot.meta.id : null;
        const appeared = before.kind !== "unknown" && operation.kind === "current"
            && operation.snapshot.meta.id !== beforeId;
        const ended = !running && (wasRunning || appeared);
        // it ended: until status is read again, the host on screen is the one from before it
        let settling = this.state.settling && !running;
        if (ended) {
            settling = true;
            this.settleAt = this.readsStarted + 1;
        } else if (!settling) {
            this.settleAt = null;
        }
        // its bootc, if the processes were read while it ran, has ended with it (its record says so):
        // not "another operation" now; what else runs is asked again
        const processes = ended ? this.state.processes.filter(process => !process.ours) : this.state.processes;
        this.set({ operation, lastCheck: this.lastCheckWith(operation), settling, processes });
        if (ended && processes.length > 0)
            void this.readProcesses();
        // the first status read would wait for the lock behind it: closed, read again when it ends
        if (running)
            this.earlyRead?.abort();
        if (this.state.locked) {
            this.clearRetry();
            return;
        }
        if (wasLocked || ended)
            this.unlocked(ended);
    }

    /**
     * The lock is free: read what was asked for meanwhile, what was never read, what bootc was too busy
     * to answer, and (ENDED) what the operation that just ended did or failed to do.
     */
    private unlocked(ended: boolean): void {
        const status = this.state.status;
        // a read under way (the first one, started with the record's) answers what was never read
        const unanswered = !this.reading
            && (status.kind === "loading" || (status.kind === "problem" && status.problem.kind === "busy"));
        if (this.pending || unanswered || ended) {
            this.pending = false;
            this.refresh();
        }
    }
}
