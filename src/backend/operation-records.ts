/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What an operation leaves under /run/cockpit-bootc/op/ and what it means: its meta.json and state file,
 * and the outcome computed from them (succeeded, rebooting, cancelled, failed and why, lost). Pure: no
 * I/O; operations.ts does the reading.
 */

import * as z from "zod";

import { parseCheckOutput } from "./bootc-output";
import { bootcText, problemFromTransport, reportsError, summarizeStderr } from "./errors";
import type { BootcProblem } from "./errors";
import { copyArguments } from "./host-images";
import type { DeploymentsSummary } from "./model";
import { OPERATION_KINDS, OPERATION_TRAITS } from "./operation-kinds";
import type { OperationResult } from "./operation-kinds";
import { TransportError } from "./transport";
import type { CheckRecord } from "./updates";

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
    /** what status showed when it started, to say afterwards what it changed */
    before: z.object({
        booted: z.string().nullable(),
        staged: z.string().nullable(),
        stagedDownloadOnly: z.boolean(),
        rollbackQueued: z.boolean(),
    }).nullable().catch(null).optional(),
    /** bootc was asked for progress events (--progress-fd) */
    progress: z.boolean().optional().catch(undefined),
    /** copy-to-storage: the name the image gets in podman's storage */
    destination: z.string().nullable().catch(null).optional(),
});

export interface OperationMeta extends Omit<z.infer<typeof MetaSchema>, "progress" | "destination" | "before"> {
    progress: boolean;
    destination: string | null;
    before: DeploymentsSummary | null;
}



/**
 * Why nothing recorded an operation's end: "not-started", its runner never took over (start-operation.sh
 * gave it up, or a page found it stuck at "starting"); "runner-gone", the runner died without recording
 * an end (killed, or the machine went down).
 */
export type LostReason = "not-started" | "runner-gone";

export type OperationState =
    | { kind: "starting" }
    | { kind: "running"; pid: number }
    | { kind: "exited"; code: number; endedAt: Date | null }
    | { kind: "lost"; reason: LostReason; at: Date | null };

/** Why an operation failed, for the page's explanation; bootc's own message is always shown too. */
export type FailureCause =
    | "network"
    /** the registry refused the credentials, or has none for the image (401, 403, "denied") */
    | "auth"
    | "disk-space"
    | "incompatible"
    /** the image reference names nothing: no such tag, repository, image in storage, or path */
    | "not-found"
    | "soft-reboot"
    | "read-only"
    /** --enforce-container-sigpolicy with a policy that accepts anything */
    | "signature-policy"
    /** a bound image could not be pulled, or bootc refused a declaration: after the new deployment was staged */
    | "bound-images"
    /** composefs: bootc cannot make sense of the boot loader entries (no image is involved) */
    | "boot-entries"
    | "other";

export type OperationOutcome =
    /** RESULT: what bootc printed that it did */
    | { kind: "succeeded"; result: OperationResult }
    /** it was to reboot (--apply) and was stopped by the shutdown: that is success */
    | { kind: "rebooting" }
    | { kind: "cancelled" }
    /** something on the host stopped the runner (systemctl stop, kill): SIGNAL is "TERM", "HUP" or "INT" */
    | { kind: "stopped"; signal: string }
    /** BOUNDIMAGE: the bound image bootc was pulling when it failed, when it named one */
    | { kind: "failed"; problem: BootcProblem; cause: FailureCause; boundImage: string | null }
    /** RUNNERGONE: the runner was killed and bootc went on without it, so how bootc ended is not known */
    | { kind: "lost"; reason: LostReason; runnerGone: boolean };


export function parseOperationState(text: string | null): OperationState | null {
    const [word, first, second] = (text ?? "").trim().split(/\s+/);
    switch (word) {
    case "starting": return { kind: "starting" };
    case "running": return { kind: "running", pid: Number(first) };
    case "lost": {
        const seconds = Number(second);
        return {
            kind: "lost",
            reason: first === "not-started" ? "not-started" : "runner-gone",
            at: Number.isFinite(seconds) && second ? new Date(seconds * 1000) : null,
        };
    }
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
    const { progress, destination, before, ...meta } = parsed.data;
    return {
        ...meta,
        before: before ?? null,
        progress: progress ?? meta.argv.some(arg => arg.startsWith("--progress-fd")),
        destination: destination ?? (meta.kind === "copy-to-storage" ? copyArguments(meta.argv).target : null),
    };
}

/**
 * bootc's messages by what they mean, first match wins (CONTRACT.md §4, and the outputs quoted in
 * test/fixtures/real). Registry errors come from containers/image through ostree-ext or podman.
 * bootc waits for its lock rather than failing, so no message says another operation runs.
 */
const CAUSES: [FailureCause, RegExp][] = [
    ["incompatible", /local rpm-ostree modifications/],
    ["read-only", /read-only block device/],
    ["disk-space", /Insufficient free space|No space left on device/i],
    // composefs: "Booted BLS entry not found", "Getting sorted Type1 boot entries: No such file or directory (os error 2)", …
    ["boot-entries", /BLS entr|Type1 (?:boot )?entr|bootloader entries|boot entr(?:y|ies) |could not determine rollback entry|does not start with custom prefix/i],
    // staged first, then pulled (deploy.rs): a failure here leaves the new deployment staged
    ["bound-images", /Pulling bound images|Querying bound images|bound bootc images/],
    ["auth", /unauthorized|authentication required|invalid username\/password|requesting bearer token|\b40[13]\b|\(Forbidden\)|(?<!permission )\bdenied\b/i],
    ["not-found", /manifest unknown|name unknown|not known to registry|No such image|does not resolve to an image ID|OpenImage: .*no such file or directory/i],
    ["signature-policy", /insecureAcceptAnything|refusing usage/],
    ["soft-reboot", /Soft reboot was required/],
    ["network", /connection reset|connection refused|i\/o timeout|no such host|network is unreachable|TLS handshake|dial tcp|read tcp|unexpected EOF|timed out/i],
];

export function failureCause(text: string): FailureCause {
    return CAUSES.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

/**
 * The bound image a failed staging was pulling: bootc announces each ("Fetching bound image: X...",
 * on stderr when it is no terminal) and fails after the last one it names.
 */
function boundImageOf(stderr: string): string | null {
    const named = [...bootcText(stderr).matchAll(/Fetching bound image: (\S+?)\.\.\./g)];
    return named[named.length - 1]?.[1] ?? null;
}

/** The cause of a failure bootc reported (a failed check, say); null for other problems. */
export function problemCause(problem: BootcProblem): FailureCause | null {
    return problem.kind === "failed" ? failureCause(`${problem.summary}\n${problem.stderr}`) : null;
}

/** What an operation changed, from the status before it (its record) and the status now. */
export type DeploymentChange =
    /** the booted, staged and next-boot deployments are as they were */
    | { kind: "unchanged" }
    /** a deployment was staged (new, or in place of the one before) */
    | { kind: "staged"; digest: string }
    /** the staged deployment is gone */
    | { kind: "unstaged" }
    /** something else: the boot order, the booted deployment */
    | { kind: "other" }
    /** the record does not say what status was before */
    | { kind: "unknown" };

export function deploymentChange(before: DeploymentsSummary | null, after: DeploymentsSummary): DeploymentChange {
    if (!before)
        return { kind: "unknown" };
    if (after.staged !== before.staged)
        return after.staged ? { kind: "staged", digest: after.staged } : { kind: "unstaged" };
    if (after.booted !== before.booted || after.rollbackQueued !== before.rollbackQueued
        || after.stagedDownloadOnly !== before.stagedDownloadOnly)
        return { kind: "other" };
    return { kind: "unchanged" };
}

// what a shutdown does to a process: SIGTERM (143), then SIGKILL (137); SIGHUP when the session goes
const SHUTDOWN_CODES = new Set([129, 137, 143]);

/** What the runner left beside the state: the page's cancel, and a signal it got from elsewhere. */
export interface OperationMarkers {
    cancelled: boolean;
    signal: string | null;
    /** the runner died while bootc went on (a page followed that bootc until it ended) */
    runnerGone?: boolean;
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
    if (state.kind === "lost") {
        // a runner that goes away in the middle of --apply is the reboot; one that never started is not
        if (meta.reboots && state.reason === "runner-gone" && !output.runnerGone)
            return { kind: "rebooting" };
        return { kind: "lost", reason: state.reason, runnerGone: output.runnerGone ?? false };
    }
    if (state.code === 0)
        return { kind: "succeeded", result: OPERATION_TRAITS[meta.kind].result(stdout) };
    if (output.cancelled)
        return { kind: "cancelled" };
    const reportedError = reportsError(stderr);
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
    const cause = failureCause(`${summary}\n${bootcText(stderr)}`);
    return { kind: "failed", problem, cause, boundImage: cause === "bound-images" ? boundImageOf(stderr) : null };
}

/** What a finished check found, from its state, output and record; null while it runs. */
export function checkRecord(
    state: OperationState | null,
    output: { stdout: string | null; stderr: string | null },
    meta: Pick<OperationMeta, "argv" | "target"> | null,
): CheckRecord | null {
    if (!state || state.kind !== "exited")
        return null;
    const target = meta?.target ?? null;
    const record = {
        endedAt: state.endedAt,
        image: target && { name: target.image, transport: target.transport },
        output: parseCheckOutput(output.stdout ?? ""),
    };
    if (state.code === 0)
        return { ...record, problem: null };
    const stderr = output.stderr ?? "";
    const error = new TransportError(
        "exited", `bootc exited with status ${state.code}`, { stderr, exitStatus: state.code },
    );
    return { ...record, problem: problemFromTransport(error, meta?.argv ?? ["bootc", "upgrade", "--check"]) };
}

/**
 * What is wrong with a record: "unreadable", its meta.json is not one this page can read (truncated,
 * damaged, or written by something else); "mismatch", meta.json does not describe the operation the
 * start script recorded (another id, kind or command); "removed", the record vanished while it ran.
 */
export type RecordDamage = "unreadable" | "mismatch" | "removed";

/**
 * Checks meta.json against the files start-operation.sh wrote from its own arguments (id, kind, argv):
 * a record is shown only when they agree.
 */
export function recordMatches(
    meta: OperationMeta, files: { id: string | null; kind: string | null; argv: string | null },
): boolean {
    return files.id === `${meta.id}\n` && files.kind === `${meta.kind}\n`
        && files.argv === meta.argv.map(arg => `${arg}\n`).join("");
}
