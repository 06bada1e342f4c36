/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Long bootc operations (upgrade, and later switch and rollback) that survive the page: a host script
 * starts them detached and records them under /run/cockpit-bootc/op/ (see scripts/start-operation.sh),
 * and every page follows those files. A reload or a second admin attaches to the same operation; a
 * reload never starts one again. Results are computed from what was recorded, never from the page's
 * memory of having started something.
 */

import * as z from "zod";

import { BootcError, problemFromTransport, summarizeStderr } from "./errors";
import type { BootcProblem } from "./errors";
import { INITIAL_PROGRESS, parseProgressLine, reduceProgress } from "./progress";
import type { ProgressState } from "./progress";
import ATTACH_SCRIPT from "./scripts/attach-operation.sh";
import CONTROL_SCRIPT from "./scripts/control-operation.sh";
import RUN_SCRIPT from "./scripts/run-operation.sh";
import START_SCRIPT from "./scripts/start-operation.sh";
import { TransportError } from "./transport";
import type { Disposable, Transport } from "./transport";
import { parseCheckOutput } from "./updates";
import type { CheckOutput } from "./updates";

z.config({ jitless: true });

export const OPERATIONS_DIR = "/run/cockpit-bootc";

export type OperationKind =
    /** bootc upgrade --check */
    | "check"
    /** bootc upgrade [--apply|--download-only] */
    | "update"
    /** bootc upgrade --from-downloaded */
    | "apply-downloaded"
    /** bootc switch */
    | "switch"
    /** bootc upgrade --tag, or a switch to the same repository with another tag */
    | "change-tag"
    /** bootc rollback */
    | "rollback"
    /** bootc rollback while a rollback is queued: reverts it */
    | "rollback-undo";

/** The image an operation moves to, as the page knew it when it started. */
export interface OperationTarget {
    image: string;
    transport: string;
    version: string | null;
    digest: string | null;
}

const TargetSchema = z.object({
    image: z.string(),
    transport: z.string(),
    version: z.string().nullable().catch(null),
    digest: z.string().nullable().catch(null),
});

/** meta.json: written by the page that started the operation, read by every page (maybe a newer one). */
const MetaSchema = z.object({
    id: z.string(),
    kind: z.string(),
    argv: z.array(z.string()),
    startedAt: z.string(),
    target: TargetSchema.nullable().catch(null),
    /** it ends in a reboot (--apply) */
    reboots: z.boolean().catch(false),
    /** it prepared a soft reboot (--soft-reboot) */
    softReboot: z.boolean().catch(false),
    /** --download-only */
    downloadOnly: z.boolean().catch(false),
});

export type OperationMeta = z.infer<typeof MetaSchema>;

export type OperationState =
    | { kind: "starting" }
    | { kind: "running"; pid: number }
    | { kind: "exited"; code: number; endedAt: Date | null }
    /** the runner went away without recording an end (killed, or the machine went down) */
    | { kind: "lost" };

/** Why an operation failed, for the page's explanation; bootc's own message is always shown too. */
export type FailureCause =
    | "network"
    | "auth"
    | "disk-space"
    | "incompatible"
    | "not-found"
    | "another-operation"
    | "soft-reboot"
    | "read-only"
    /** --enforce-container-sigpolicy with a policy that accepts anything */
    | "signature-policy"
    | "other";

export type OperationOutcome =
    | { kind: "succeeded" }
    /** it was to reboot (--apply) and was stopped by the shutdown: that is success */
    | { kind: "rebooting" }
    | { kind: "cancelled" }
    | { kind: "failed"; problem: BootcProblem; cause: FailureCause }
    | { kind: "lost" };

export interface OperationSnapshot {
    meta: OperationMeta;
    state: OperationState;
    progress: ProgressState;
    /** set once it ended */
    outcome: OperationOutcome | null;
    stdout: string | null;
    stderr: string | null;
    /** an admin has seen the outcome and dismissed it (on any page) */
    dismissed: boolean;
    /** for a finished check: what it found */
    check: CheckRecord | null;
}

export interface OperationRequest {
    kind: OperationKind;
    argv: readonly string[];
    /** argv asks for --progress-fd, which the runner connects */
    progress: boolean;
    target: OperationTarget | null;
    reboots?: boolean;
    softReboot?: boolean;
    downloadOnly?: boolean;
}

/** The outcome of the last `bootc upgrade --check` this machine ran through the page since it booted. */
export interface CheckRecord {
    endedAt: Date | null;
    output: CheckOutput;
    /** null when it succeeded */
    problem: BootcProblem | null;
}

export function parseOperationState(text: string | null): OperationState | null {
    const [word, first, second] = (text ?? "").trim().split(/\s+/);
    switch (word) {
    case "starting": return { kind: "starting" };
    case "running": return { kind: "running", pid: Number(first) };
    case "lost": return { kind: "lost" };
    case "exited": {
        const code = Number(first);
        if (!Number.isInteger(code))
            return null;
        const seconds = Number(second);
        return { kind: "exited", code, endedAt: Number.isFinite(seconds) && second ? new Date(seconds * 1000) : null };
    }
    default: return null;
    }
}

export function parseOperationMeta(text: string | null): OperationMeta | null {
    if (!text)
        return null;
    try {
        const parsed = MetaSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
    } catch {
        return null;
    }
}

const CAUSES: [FailureCause, RegExp][] = [
    ["incompatible", /local rpm-ostree modifications/],
    ["read-only", /read-only block device/],
    ["disk-space", /Insufficient free space|No space left on device/i],
    ["auth", /unauthorized|authentication required|401 Unauthorized|denied: requested access|invalid username\/password/i],
    ["not-found", /manifest unknown|name unknown|not found|no such file or directory/i],
    ["another-operation", /Another operation is running/],
    ["signature-policy", /insecureAcceptAnything|refusing usage/],
    ["soft-reboot", /Soft reboot was required/],
    ["network", /connection reset|connection refused|i\/o timeout|no such host|network is unreachable|TLS handshake|dial tcp|read tcp|unexpected EOF|timed out/i],
];

export function failureCause(text: string): FailureCause {
    return CAUSES.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

// what a shutdown does to a process: SIGTERM (143), then SIGKILL (137); SIGHUP when the session goes
const SHUTDOWN_CODES = new Set([129, 137, 143]);

export function operationOutcome(meta: OperationMeta, state: OperationState, stderr: string, cancelled: boolean): OperationOutcome | null {
    if (state.kind === "starting" || state.kind === "running")
        return null;
    if (state.kind === "lost")
        return meta.reboots ? { kind: "rebooting" } : { kind: "lost" };
    if (state.code === 0)
        return { kind: "succeeded" };
    if (cancelled)
        return { kind: "cancelled" };
    if (meta.reboots && SHUTDOWN_CODES.has(state.code) && !/^error: /m.test(stderr))
        return { kind: "rebooting" };
    const error = new TransportError("exited", `bootc exited with status ${state.code}`, { stderr, exitStatus: state.code });
    const problem = problemFromTransport(error, meta.argv);
    const summary = problem.kind === "failed" ? problem.summary : summarizeStderr(stderr, state.code);
    return { kind: "failed", problem, cause: failureCause(`${summary}\n${stderr}`) };
}

/** Whether bootc was asked for --progress-fd (bootc before 1.1.4 cannot report progress). */
export function reportsProgress(meta: OperationMeta): boolean {
    return meta.argv.some(arg => arg.startsWith("--progress-fd"));
}

function newId(): string {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface Operations {
    /** Starts an operation; resolves with its id once the host runs it. Rejects with BootcError. */
    start(request: OperationRequest): Promise<string>;
    /**
     * Follows the current (or last) operation on the host: null when there has been none since boot.
     * onUnavailable when the record cannot be read (no administrative access).
     */
    follow(onSnapshot: (snapshot: OperationSnapshot | null) => void, onUnavailable: (problem: BootcProblem) => void): Disposable;
    /** Stops the operation (SIGTERM to bootc). */
    cancel(id: string): Promise<void>;
    /** Marks its outcome as seen, for every page. */
    dismiss(id: string): Promise<void>;
    /** The last finished check kept by start-operation.sh (the current operation is not looked at). */
    lastCheck(): Promise<CheckRecord | null>;
}

export function checkRecord(state: OperationState | null, stdout: string | null, stderr: string | null, argv: readonly string[]): CheckRecord | null {
    if (!state || state.kind !== "exited")
        return null;
    const output = parseCheckOutput(stdout ?? "");
    if (state.code === 0)
        return { endedAt: state.endedAt, output, problem: null };
    const error = new TransportError("exited", `bootc exited with status ${state.code}`, { stderr: stderr ?? "", exitStatus: state.code });
    return { endedAt: state.endedAt, output, problem: problemFromTransport(error, argv) };
}

export function createOperations(transport: Transport, options: { dir?: string; now?: () => number } = {}): Operations {
    const dir = options.dir ?? OPERATIONS_DIR;
    const now = options.now ?? (() => Date.now());
    const op = (file: string) => `${dir}/op/${file}`;
    const root = { superuser: "require" as const };

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
            const id = newId();
            const meta: OperationMeta = {
                id,
                kind: request.kind,
                argv: [...request.argv],
                startedAt: new Date(now()).toISOString(),
                target: request.target,
                reboots: request.reboots ?? false,
                softReboot: request.softReboot ?? false,
                downloadOnly: request.downloadOnly ?? false,
            };
            // it ends in a reboot that takes the connection: Cockpit should reconnect, not report a failure
            if (meta.reboots)
                transport.expectRestart();
            try {
                await transport.script(START_SCRIPT, [
                    dir, id, request.kind, request.progress ? "1" : "0", JSON.stringify(meta), RUN_SCRIPT, ...request.argv,
                ], { ...root, timeoutMs: 30_000 });
            } catch (error) {
                throw problemError(error, request.argv);
            }
            return id;
        },

        cancel: id => control(id, "cancel"),
        dismiss: id => control(id, "dismiss"),

        async lastCheck() {
            const read = (file: string) => transport.read(`${dir}/last-check/${file}`, root).catch(() => null);
            const [metaText, stateText, stdout, stderr] = await Promise.all(["meta.json", "state", "stdout", "stderr"].map(read));
            const meta = parseOperationMeta(metaText ?? null);
            return checkRecord(parseOperationState(stateText ?? null), stdout ?? null, stderr ?? null, meta?.argv ?? ["bootc", "upgrade", "--check"]);
        },

        follow(onSnapshot, onUnavailable) {
            let disposed = false;
            let current: OperationSnapshot | null = null;
            let perOperation: Disposable[] = [];
            let metaWatch: Disposable | null = null;
            let ending = false;

            const publish = (snapshot: OperationSnapshot | null) => {
                current = snapshot;
                if (!disposed)
                    onSnapshot(snapshot);
            };
            const update = (id: string, change: (snapshot: OperationSnapshot) => OperationSnapshot) => {
                if (current && current.meta.id === id)
                    publish(change(current));
            };
            const unavailable = (error: unknown) => {
                if (!disposed)
                    onUnavailable(problemFromTransport(error, ["cat", op("state")]));
            };

            async function finish(id: string, state: OperationState): Promise<void> {
                if (ending)
                    return;
                ending = true;
                const read = (file: string) => transport.read(op(file), root).catch(() => null);
                const [stdout, stderr, cancelled, last] = await Promise.all([read("stdout"), read("stderr"), read("cancelled"), read("progress-last.json")]);
                ending = false;
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
                        outcome: operationOutcome(snapshot.meta, state, stderr ?? "", cancelled !== null),
                        check: snapshot.meta.kind === "check"
                            ? checkRecord(state, stdout, stderr, snapshot.meta.argv)
                            : null,
                    };
                });
            }

            function attach(meta: OperationMeta): void {
                for (const watch of perOperation)
                    watch.dispose();
                publish({ meta, state: { kind: "starting" }, progress: INITIAL_PROGRESS, outcome: null, stdout: null, stderr: null, dismissed: false, check: null });
                const id = meta.id;
                const onProgress = (content: string | null) => {
                    const event = parseProgressLine(content ?? "");
                    if (event)
                        update(id, snapshot => ({ ...snapshot, progress: reduceProgress(snapshot.progress, event, now()) }));
                };
                perOperation = [
                    transport.follow(op("state"), content => {
                        const state = parseOperationState(content);
                        // the files vanish for a moment when the next operation starts: that is no news
                        if (!state)
                            return;
                        if (state.kind === "exited" || state.kind === "lost")
                            void finish(id, state);
                        else
                            update(id, snapshot => ({ ...snapshot, state }));
                    }, { ...root, onError: unavailable }),
                    transport.follow(op("progress-bytes.json"), onProgress, root),
                    transport.follow(op("progress-last.json"), onProgress, root),
                    transport.follow(op("dismissed"), content => {
                        if (content !== null)
                            update(id, snapshot => ({ ...snapshot, dismissed: true }));
                    }, root),
                ];
            }

            void (async () => {
                try {
                    await transport.script(ATTACH_SCRIPT, [dir], { ...root, timeoutMs: 30_000 });
                } catch (error) {
                    unavailable(error);
                    return;
                }
                if (disposed)
                    return;
                let seen = false;
                metaWatch = transport.follow(op("meta.json"), content => {
                    const meta = parseOperationMeta(content);
                    if (!meta) {
                        // none since boot; once there was one, its files are only replaced by the next
                        if (!seen)
                            publish(null);
                        return;
                    }
                    seen = true;
                    if (current?.meta.id !== meta.id)
                        attach(meta);
                }, { ...root, onError: unavailable });
            })();

            return {
                dispose() {
                    disposed = true;
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
