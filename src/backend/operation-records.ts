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
import { TransportError } from "./transport";
import { parseCheckOutput } from "./updates";
import type { CheckOutput } from "./updates";

z.config({ jitless: true });

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
    | "rollback-undo"
    /** bootc image copy-to-storage: a host image into podman's storage; the deployments stay as they are */
    | "copy-to-storage";

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

export function operationOutcome(meta: OperationMeta, state: OperationState, stderr: string, markers: OperationMarkers): OperationOutcome | null {
    if (state.kind === "starting" || state.kind === "running")
        return null;
    if (state.kind === "lost")
        return meta.reboots ? { kind: "rebooting" } : { kind: "lost" };
    if (state.code === 0)
        return { kind: "succeeded" };
    if (markers.cancelled)
        return { kind: "cancelled" };
    const reportedError = /^error: /m.test(stderr);
    // the shutdown stops the runner as well: for an operation that reboots, that is the reboot
    if (meta.reboots && SHUTDOWN_CODES.has(state.code) && !reportedError)
        return { kind: "rebooting" };
    if (markers.signal && !reportedError)
        return { kind: "stopped", signal: markers.signal.trim() };
    const error = new TransportError("exited", `bootc exited with status ${state.code}`, { stderr, exitStatus: state.code });
    const problem = problemFromTransport(error, meta.argv);
    const summary = problem.kind === "failed" ? problem.summary : summarizeStderr(stderr, state.code);
    return { kind: "failed", problem, cause: failureCause(`${summary}\n${stderr}`) };
}

/** Whether bootc was asked for --progress-fd (bootc before 1.1.4 cannot report progress). */
export function reportsProgress(meta: OperationMeta): boolean {
    return meta.argv.some(arg => arg.startsWith("--progress-fd"));
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
