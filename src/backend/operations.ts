/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Long bootc operations (check, upgrade, switch, rollback, copy; operation-kinds.ts lists them) that
 * survive the page: a host script
 * starts them detached and records them under /run/cockpit-bootc/op/ (see scripts/start-operation.sh),
 * and every page follows those files. A reload or a second admin attaches to the same operation; a
 * reload never starts one again. Results are computed from what was recorded, never from the page's
 * memory of having started something.
 */

import { BootcError, problemFromTransport } from "./errors";
import type { BootcProblem } from "./errors";
import { parseBootcProcesses, parseHistory } from "./host-operations";
import type { BootcProcess, HistoryEntry } from "./host-operations";
import type { DeploymentsSummary } from "./model";
import { lastPrintedLine, OPERATION_TRAITS } from "./operation-kinds";
import type { OperationKind } from "./operation-kinds";
import {
    checkRecord, operationOutcome, parseOperationMeta, parseOperationState, recordMatches,
} from "./operation-records";
import type {
    OperationMeta, OperationOutcome, OperationState, OperationTarget, RecordDamage,
} from "./operation-records";
import {
    ATTACH_SCRIPT, CONTROL_SCRIPT, HISTORY_SCRIPT, PROCESSES_SCRIPT, RUN_SCRIPT, START_SCRIPT,
} from "./operation-scripts";
import { INITIAL_PROGRESS, parseProgressLine, reduceProgress } from "./progress";
import type { ProgressState } from "./progress";
import type { Disposable, Transport } from "./transport";
import type { CheckRecord } from "./updates";

export const OPERATIONS_DIR = "/run/cockpit-bootc";

export interface OperationSnapshot {
    meta: OperationMeta;
    state: OperationState;
    progress: ProgressState;
    /** set once it ended */
    outcome: OperationOutcome | null;
    stdout: string | null;
    stderr: string | null;
    /** the last line bootc printed so far: what an operation without progress events is doing */
    printed: string | null;
    /** an admin has seen the outcome and dismissed it (on any page) */
    dismissed: boolean;
    /** for a finished check: what it found */
    check: CheckRecord | null;
    /** the Cockpit user who started it (read when it ends) */
    user?: string | null;
}

export interface OperationRequest {
    kind: OperationKind;
    argv: readonly string[];
    /** argv asks for --progress-fd, which the runner connects */
    progress: boolean;
    target: OperationTarget | null;
    /** it ends in a reboot (`--apply`): only a kind that may reboot does */
    reboots: boolean;
    softReboot?: boolean;
    downloadOnly?: boolean;
    /** copy-to-storage: the name in podman's storage */
    destination?: string;
    /** what status showed when it started */
    before?: DeploymentsSummary | null;
}

function newId(): string {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface Operations {
    /** Starts an operation; resolves with its id once the host runs it. Rejects with BootcError. */
    start(request: OperationRequest): Promise<string>;
    /**
     * Follows the current (or last) operation on the host: null when there has been none since boot.
     * onUnavailable when the record cannot be read (no administrative access); onDamaged when it is
     * not one to trust (recordMatches) or vanished while it ran: then nothing of it is shown, and what
     * runs is for processes() to say.
     */
    follow(
        onSnapshot: (snapshot: OperationSnapshot | null) => void, onUnavailable: (problem: BootcProblem) => void,
        onDamaged?: (damage: RecordDamage) => void,
    ): Disposable;
    /**
     * The bootc operations running on the host (the page's own marked `ours`), null when the host could
     * not be asked. Reads /proc; needs no administrative access.
     */
    processes(): Promise<BootcProcess[] | null>;
    /**
     * The finished operations kept on the host (the last ten before the current one), newest first.
     * Rejects with BootcError when they cannot be read.
     */
    history(): Promise<HistoryEntry[]>;
    /** Stops the operation (SIGTERM to bootc). */
    cancel(id: string): Promise<void>;
    /** Marks its outcome as seen, for every page. */
    dismiss(id: string): Promise<void>;
    /**
     * The outcome of the last `bootc upgrade --check` this machine ran through the page since it booted,
     * as start-operation.sh keeps it (the current operation is not looked at).
     */
    lastCheck(): Promise<CheckRecord | null>;
}

/** How often a page following a running operation makes sure its runner is still there. */
export const RUNNER_CHECK_MS = 10_000;

export function createOperations(
    transport: Transport, options: { dir?: string; now?: () => number; runnerCheckMs?: number } = {},
): Operations {
    const dir = options.dir ?? OPERATIONS_DIR;
    const runnerCheckMs = options.runnerCheckMs ?? RUNNER_CHECK_MS;
    const now = options.now ?? (() => Date.now());
    const op = (file: string) => `${dir}/op/${file}`;
    const root = { superuser: "require" as const };

    /** Runs attach-operation.sh: the record exists, a dead runner is marked lost; prints "STATE\nID". */
    const attachRecord = () => transport.script(ATTACH_SCRIPT, [dir], { ...root, timeoutMs: 30_000 });

    async function control(id: string, action: "cancel" | "dismiss"): Promise<void> {
        const args = [dir, id, action];
        try {
            await transport.script(CONTROL_SCRIPT, args, { ...root, timeoutMs: 30_000 });
        } catch (error) {
            throw problemError(error, ["control-operation.sh", ...args]);
        }
    }

    return {
        async start(request) {
            if (request.reboots && !OPERATION_TRAITS[request.kind].mayReboot)
                throw new BootcError({ kind: "connection", message: `a ${request.kind} operation does not reboot` });
            const id = newId();
            const meta: OperationMeta = {
                id,
                kind: request.kind,
                argv: [...request.argv],
                startedAt: new Date(now()).toISOString(),
                target: request.target,
                reboots: request.reboots,
                softReboot: request.softReboot ?? false,
                downloadOnly: request.downloadOnly ?? false,
                progress: request.progress,
                destination: request.destination ?? null,
                before: request.before ?? null,
            };
            // it ends in a reboot that takes the connection: Cockpit should reconnect, not report a failure
            if (meta.reboots)
                transport.expectRestart();
            const user = await transport.userName().catch(() => null);
            try {
                await transport.script(START_SCRIPT, [
                    dir, id, request.kind, request.progress ? "1" : "0", user ?? "unknown", JSON.stringify(meta),
                    RUN_SCRIPT, ...request.argv,
                ], { ...root, timeoutMs: 60_000 });
            } catch (error) {
                throw problemError(error, request.argv);
            }
            return id;
        },

        async processes() {
            try {
                return parseBootcProcesses(
                    await transport.script(PROCESSES_SCRIPT, [dir], { superuser: "try", timeoutMs: 30_000 }),
                );
            } catch {
                return null;
            }
        },

        async history() {
            try {
                return parseHistory(await transport.script(HISTORY_SCRIPT, [dir], { ...root, timeoutMs: 30_000 }));
            } catch (error) {
                throw problemError(error, ["operation-history.sh", dir]);
            }
        },

        cancel: id => control(id, "cancel"),
        dismiss: id => control(id, "dismiss"),

        async lastCheck() {
            const read = (file: string) => transport.read(`${dir}/last-check/${file}`, root).catch(() => null);
            const files = ["meta.json", "state", "stdout", "stderr"];
            const [metaText, stateText, stdout, stderr] = await Promise.all(files.map(read));
            const meta = parseOperationMeta(metaText ?? null);
            return checkRecord(
                parseOperationState(stateText ?? null), { stdout: stdout ?? null, stderr: stderr ?? null }, meta,
            );
        },

        follow(onSnapshot, onUnavailable, onDamaged) {
            let disposed = false;
            let current: OperationSnapshot | null = null;
            let perOperation: Disposable[] = [];
            let metaWatch: Disposable | null = null;
            /** the operation whose end finish() is reading (one read at a time, per operation) */
            let ending: string | null = null;
            let runnerCheck: ReturnType<typeof setTimeout> | null = null;
            let progressStream: Disposable | null = null;

            const publish = (snapshot: OperationSnapshot | null) => {
                current = snapshot;
                if (!disposed)
                    onSnapshot(snapshot);
            };
            /** the operation whose state has been read: only it is published (attach()) */
            let shown: string | null = null;
            const update = (id: string, change: (snapshot: OperationSnapshot) => OperationSnapshot) => {
                if (!current || current.meta.id !== id)
                    return;
                if (shown === id)
                    publish(change(current));
                else
                    current = change(current);
            };
            const unavailable = (error: unknown) => {
                if (!disposed)
                    onUnavailable(problemFromTransport(error, ["cat", op("state")]));
            };
            const damaged = (damage: RecordDamage) => {
                for (const watch of perOperation)
                    watch.dispose();
                perOperation = [];
                stopRunnerCheck();
                current = null;
                if (!disposed)
                    onDamaged?.(damage);
            };

            const stopRunnerCheck = () => {
                if (runnerCheck !== null)
                    clearTimeout(runnerCheck);
                runnerCheck = null;
            };
            // A runner killed outright (SIGKILL, the OOM killer) records nothing, and its state would
            // say "running" forever: while one runs, attach-operation.sh looks now and then, marks it
            // lost and prints the state. Never while idle.
            const checkRunner = (id: string) => {
                if (runnerCheck !== null || disposed)
                    return;
                const timer = setTimeout(() => {
                    void attachRecord().catch(() => null).then(output => {
                        // stopped, or replaced by the next operation's, while the script ran
                        if (runnerCheck !== timer)
                            return;
                        runnerCheck = null;
                        if (disposed || current?.meta.id !== id || current.outcome)
                            return;
                        // what the script printed is the state now: an end the file watch missed counts too
                        const [stateLine = "", idLine = ""] = (output ?? "").split("\n");
                        const state = idLine === id ? parseOperationState(stateLine) : null;
                        if (state?.kind === "exited" || state?.kind === "lost") {
                            void finish(id, state);
                            return;
                        }
                        // news, or the first word on it when its state file was never read
                        if (state && (shown !== id || (state.kind === "running" && current.state.kind !== "running"))) {
                            shown = id;
                            update(id, snapshot => ({ ...snapshot, state }));
                        }
                        checkRunner(id);
                    });
                }, runnerCheckMs);
                runnerCheck = timer;
            };

            async function finish(id: string, state: OperationState): Promise<void> {
                // a late report about the operation before: this one's checks and stream go on
                if (current?.meta.id !== id)
                    return;
                stopRunnerCheck();
                progressStream?.dispose();
                progressStream = null;
                // a second report of the same end; a late one of the operation before must not stop this one's
                if (ending === id)
                    return;
                ending = id;
                const read = (file: string) => transport.read(op(file), root).catch(() => null);
                const [stdout, stderr, cancelled, signal, last, runnerGone, user] = await Promise.all([
                    read("stdout"), read("stderr"), read("cancelled"), read("signalled"), read("progress-last.json"),
                    read("runner-gone"), read("user"),
                ]);
                if (ending === id)
                    ending = null;
                if (current?.meta.id === id)
                    shown = id;
                update(id, snapshot => {
                    let progress = snapshot.progress;
                    const event = parseProgressLine(last ?? "");
                    if (event)
                        progress = reduceProgress(progress, event, now());
                    return {
                        ...snapshot,
                        state,
                        progress,
                        stdout: stdout ?? "",
                        stderr: stderr ?? "",
                        printed: lastPrintedLine(stdout),
                        user: user?.trim() || null,
                        outcome: operationOutcome(snapshot.meta, state, {
                            stdout: stdout ?? "", stderr: stderr ?? "", cancelled: cancelled !== null, signal,
                            runnerGone: runnerGone !== null,
                        }),
                        check: snapshot.meta.kind === "check"
                            ? checkRecord(state, { stdout, stderr }, snapshot.meta)
                            : null,
                    };
                });
            }

            function attach(meta: OperationMeta): void {
                for (const watch of perOperation)
                    watch.dispose();
                stopRunnerCheck();
                // not published until its state has been read: a record whose operation ended long ago
                // is never shown running, not even for a moment (a page would hold status back for it)
                current = {
                    meta, state: { kind: "starting" }, progress: INITIAL_PROGRESS, outcome: null,
                    stdout: null, stderr: null, printed: null, dismissed: false, check: null,
                };
                const id = meta.id;
                // progress.jsonl as one stream: complete lines are events, a piece may end inside one;
                // the events of one piece are folded into one snapshot (a reload replays the whole file)
                let partial = "";
                const onProgress = (piece: string) => {
                    const lines = (partial + piece).split("\n");
                    partial = lines.pop() ?? "";
                    const events = lines.map(line => parseProgressLine(line)).filter(event => event !== null);
                    if (events.length === 0)
                        return;
                    const at = now();
                    update(id, snapshot => (snapshot.outcome
                        ? snapshot
                        : {
                            ...snapshot,
                            progress: events.reduce((progress, event) => reduceProgress(progress, event, at),
                                snapshot.progress),
                        }));
                };
                // until bootc is done: a tail left waiting on a finished record would be an idle process
                progressStream = meta.progress ? transport.stream(op("progress.jsonl"), onProgress, root) : null;
                perOperation = [
                    transport.follow(op("state"), content => {
                        const state = parseOperationState(content);
                        // the files vanish for a moment when the next operation starts: that is no news
                        if (!state)
                            return;
                        if (state.kind === "exited" || state.kind === "lost") {
                            // published once finish() has read how it ended
                            void finish(id, state);
                        } else if (current?.meta.id === id && !current.outcome) {
                            // an operation that ended never runs again: a late report of it running is stale
                            // (the first report publishes it, "starting" too)
                            shown = id;
                            update(id, snapshot => ({ ...snapshot, state }));
                            checkRunner(id);
                        }
                    }, { ...root, onError: unavailable }),
                    ...(progressStream ? [progressStream] : []),
                    // without progress events, what bootc prints is all there is to show while it runs
                    ...(meta.progress ? [] : [transport.follow(op("stdout"), content => {
                        if (content !== null) {
                            update(id, snapshot => (snapshot.outcome
                                ? snapshot
                                : { ...snapshot, stdout: content, printed: lastPrintedLine(content) }));
                        }
                    }, root)]),
                    transport.follow(op("dismissed"), content => {
                        if (content !== null)
                            update(id, snapshot => ({ ...snapshot, dismissed: true }));
                    }, root),
                ];
                // until it has ended: also when a change of its state file goes unreported
                checkRunner(id);
            }

            void (async () => {
                try {
                    await attachRecord();
                } catch (error) {
                    unavailable(error);
                    return;
                }
                if (disposed)
                    return;
                let seen = false;
                let asked = 0;
                metaWatch = transport.follow(op("meta.json"), content => {
                    const ask = ++asked;
                    const meta = parseOperationMeta(content);
                    if (content === null) {
                        // none since boot; once there was one, its files are only replaced by the next (under
                        // the record's lock): if there are none once the lock is free, the record was removed
                        if (!seen) {
                            publish(null);
                        } else if (current) {
                            void attachRecord().catch(() => null).then(output => {
                                if (ask === asked && output?.trim() === "none")
                                    damaged("removed");
                            });
                        }
                        return;
                    }
                    seen = true;
                    if (!meta) {
                        damaged("unreadable");
                        return;
                    }
                    if (current?.meta.id === meta.id)
                        return;
                    const files = ["id", "kind", "argv"].map(file => transport.read(op(file), root).catch(() => null));
                    void Promise.all(files)
                        .then(([id = null, kind = null, argv = null]) => {
                            if (ask !== asked || disposed)
                                return;
                            if (recordMatches(meta, { id, kind, argv }))
                                attach(meta);
                            else
                                damaged("mismatch");
                        });
                }, { ...root, onError: unavailable });
            })();

            return {
                dispose() {
                    disposed = true;
                    stopRunnerCheck();
                    metaWatch?.dispose();
                    for (const watch of perOperation)
                        watch.dispose();
                    perOperation = [];
                },
            };
        },
    };
}

function problemError(error: unknown, argv: readonly string[]): BootcError {
    return new BootcError(problemFromTransport(error, argv));
}
