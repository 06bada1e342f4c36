/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What an operation leaves under /run/cockpit-bootc/op/ and what it means: its meta.json and state file,
 * and the outcome computed from them (succeeded, rebooting, cancelled, failed and why, lost). Pure: no
 * I/O; operations.ts does the reading.
 */

import * as z from "zod";

import { problemFromTransport, summarizeStderr } from "./errors";
import type { BootcProblem } from "./errors";
import { copyArguments } from "./host-images";
import { OPERATION_KINDS, OPERATION_TRAITS } from "./operation-kinds";
import type { OperationResult } from "./operation-kinds";
import { TransportError } from "./transport";
import { parseCheckOutput } from "./updates";
import type { CheckOutput } from "./updates";

z.config({ jitless: true });

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

/**
 * meta.json: written by the page that started the operation, read by every page (maybe a newer one).
 * A kind this page does not know makes the record unreadable, rather than shown as something it is not.
 */
const MetaSchema = z.object({
    id: z.string(),
    kind: z.enum(OPERATION_KINDS),
    argv: z.array(z.string()),
    startedAt: z.string(),
    target: TargetSchema.nullable().catch(null),
    /** it ends in a reboot (--apply) */
    reboots: z.boolean().catch(false),
    /** it prepared a soft reboot (--soft-reboot) */
    softReboot: z.boolean().catch(false),
    /** --download-only */
    downloadOnly: z.boolean().catch(false),
    /** bootc was asked for progress events (--progress-fd) */
    progress: z.boolean().optional().catch(undefined),
    /** copy-to-storage: the name the image gets in podman's storage */
    destination: z.string().nullable().catch(null).optional(),
});

export interface OperationMeta extends Omit<z.infer<typeof MetaSchema>, "progress" | "destination"> {
    progress: boolean;
    destination: string | null;
}

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
    /** RESULT: what bootc printed that it did */
    | { kind: "succeeded"; result: OperationResult }
    /** it was to reboot (--apply) and was stopped by the shutdown: that is success */
    | { kind: "rebooting" }
    | { kind: "cancelled" }
    /** something on the host stopped the runner (systemctl stop, kill): SIGNAL is "TERM", "HUP" or "INT" */
    | { kind: "stopped"; signal: string }
    | { kind: "failed"; problem: BootcProblem; cause: FailureCause }
    | { kind: "lost" };

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
    let parsed;
    try {
        parsed = MetaSchema.safeParse(JSON.parse(text));
    } catch {
        return null;
    }
    if (!parsed.success)
        return null;
    // records written before these fields existed say it only in argv
    const { progress, destination, ...meta } = parsed.data;
    return {
        ...meta,
        progress: progress ?? meta.argv.some(arg => arg.startsWith("--progress-fd")),
        destination: destination ?? (meta.kind === "copy-to-storage" ? copyArguments(meta.argv).target : null),
    };
}

const CAUSES: [FailureCause, RegExp][] = [
    ["incompatible", /local rpm-ostree modifications/],
    ["read-only", /read-only block device/],
    ["disk-space", /Insufficient free space|No space left on device/i],
    ["auth", /unauthorized|authentication required|401 Unauthorized|denied: requested access|invalid username\/password/i],
    ["not-found", /manifest unknown|name unknown|not found|no such file or directory|No such image/i],
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

/** What the runner left beside the state: the page's cancel, and a signal it got from elsewhere. */
export interface OperationMarkers {
    cancelled: boolean;
    signal: string | null;
}

/** What bootc left behind: its output and the runner's markers. */
export interface OperationOutput extends OperationMarkers {
    stdout: string;
    stderr: string;
}

export function operationOutcome(
    meta: OperationMeta, state: OperationState, output: OperationOutput,
): OperationOutcome | null {
    const { stdout, stderr } = output;
    if (state.kind === "starting" || state.kind === "running")
        return null;
    if (state.kind === "lost")
        return meta.reboots ? { kind: "rebooting" } : { kind: "lost" };
    if (state.code === 0)
        return { kind: "succeeded", result: OPERATION_TRAITS[meta.kind].result(stdout) };
    if (output.cancelled)
        return { kind: "cancelled" };
    const reportedError = /^error: /m.test(stderr);
    // the shutdown stops the runner as well: for an operation that reboots, that is the reboot
    if (meta.reboots && SHUTDOWN_CODES.has(state.code) && !reportedError)
        return { kind: "rebooting" };
    if (output.signal && !reportedError)
        return { kind: "stopped", signal: output.signal.trim() };
    const error = new TransportError(
        "exited", `bootc exited with status ${state.code}`, { stderr, exitStatus: state.code },
    );
    const problem = problemFromTransport(error, meta.argv);
    const summary = problem.kind === "failed" ? problem.summary : summarizeStderr(stderr, state.code);
    return { kind: "failed", problem, cause: failureCause(`${summary}\n${stderr}`) };
}

export function checkRecord(
    state: OperationState | null, stdout: string | null, stderr: string | null, argv: readonly string[],
): CheckRecord | null {
    if (!state || state.kind !== "exited")
        return null;
    const output = parseCheckOutput(stdout ?? "");
    if (state.code === 0)
        return { endedAt: state.endedAt, output, problem: null };
    const error = new TransportError("exited", `bootc exited with status ${state.code}`, { stderr: stderr ?? "", exitStatus: state.code });
    return { endedAt: state.endedAt, output, problem: problemFromTransport(error, argv) };
}
