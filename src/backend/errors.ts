/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Everything that can go wrong talking to bootc, as data the ui can render. The backend never
 * produces user-facing sentences: it classifies, and keeps bootc's own text verbatim.
 */

import { TransportError } from "./transport";

export type BootcProblem =
    /** `bootc` is not on the host's PATH */
    | { kind: "bootc-missing" }
    /** No administrative access: Cockpit refused to become root, or bootc itself said it needs root */
    | { kind: "admin-required"; bootcMessage: string | null }
    /** bootc did not answer within the timeout: another bootc operation holds the sysroot lock */
    | { kind: "busy"; waitedMs: number }
    /** bootc ran and failed */
    | { kind: "failed"; argv: readonly string[]; summary: string; stderr: string; exitStatus: number | null }
    /** bootc answered something we do not understand */
    | {
        kind: "bad-output";
        argv: readonly string[];
        reason: string;
        issues: readonly string[];
        output: string;
        version: string | null;
    }
    /** The connection to the host failed (Cockpit disconnected, or an unexpected transport problem) */
    | { kind: "connection"; message: string };

export class BootcError extends Error {
    override readonly name = "BootcError";

    constructor(readonly problem: BootcProblem) {
        super(describe(problem));
    }
}

function describe(problem: BootcProblem): string {
    switch (problem.kind) {
    case "bootc-missing": return "bootc is not installed";
    case "admin-required": return problem.bootcMessage ?? "administrative access is required";
    case "busy": return `bootc did not answer within ${problem.waitedMs} ms`;
    case "failed": return problem.summary;
    case "bad-output": return `${problem.reason}: ${problem.issues.join("; ")}`;
    case "connection": return problem.message;
    }
}

/**
 * Splits bootc's error chain (anyhow contexts joined with ": ") and returns its last segment, which is
 * the actual cause. Separators inside brackets or quotes do not count, so
 * "Insufficient free space for x (available: 1 GB required: 2 GB)" stays whole.
 */
export function lastErrorSegment(chain: string): string {
    const closers: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
    const stack: string[] = [];
    let quote: string | null = null;
    let start = 0;
    for (let i = 0; i < chain.length; i++) {
        const c = chain.charAt(i);
        if (quote) {
            if (c === quote)
                quote = null;
        } else if (c === "\"" || c === "`") {
            quote = c;
        } else if (closers[c]) {
            stack.push(closers[c]);
        } else if (stack.length > 0 && c === stack[stack.length - 1]) {
            stack.pop();
        } else if (c === ":" && chain.charAt(i + 1) === " " && stack.length === 0) {
            start = i + 2;
        }
    }
    return chain.slice(start).trim();
}

// CSI sequences (colours, cursor movement) and OSC sequences (titles, links)
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/**
 * bootc's text as it may be shown: terminal escape codes removed. bootc before 1.4.0 printed its
 * errors through its logging library, coloured even on a pipe (CONTRACT.md §9, 18a).
 */
export function bootcText(text: string): string {
    return text.replace(ESCAPES, "");
}

/** bootc's error line: "error: <chain>" since 1.4.0, "ERROR <chain>" before (its logging library's). */
const ERROR_LINE = /^(?:error: |ERROR )(.*)$/;

/** Whether bootc reported an error (rather than being stopped before it could). */
export function reportsError(stderr: string): boolean {
    return bootcText(stderr).split("\n").some(line => ERROR_LINE.test(line.trim()));
}

/**
 * The cause of a bootc failure from its stderr: the last error line reduced to its last segment. When
 * that is a subprocess failing ("Subprocess failed: ExitStatus(…)"), what the subprocess printed after
 * it says more. Falls back to the last non-empty line, then to the exit status.
 */
export function summarizeStderr(stderr: string, exitStatus: number | null): string {
    const lines = bootcText(stderr).split("\n").map(line => line.trim()).filter(line => line !== "");
    let index = lines.length - 1;
    while (index >= 0 && !ERROR_LINE.test(lines[index] ?? ""))
        index -= 1;
    if (index >= 0) {
        const chain = ERROR_LINE.exec(lines[index] ?? "")?.[1] ?? "";
        const after = lines.slice(index + 1);
        const last = after[after.length - 1];
        if (/Subprocess failed: /.test(chain) && last)
            return lastErrorSegment(last.replace(/^Error: /, ""));
        return lastErrorSegment(chain);
    }
    const last = lines[lines.length - 1];
    if (last)
        return last;
    return exitStatus === null ? "bootc failed" : `bootc exited with status ${exitStatus}`;
}

// bootc's messages for "you need root", across versions (CONTRACT.md §4)
const ROOT_MESSAGES = [
    "This command must be executed as the root user",
    "This command requires root privileges",
    "This command requires full root privileges (CAP_SYS_ADMIN)",
];

/** What the backend rejected with, as a problem (anything but a BootcError is a connection problem). */
export function problemOf(error: unknown): BootcProblem {
    if (error instanceof BootcError)
        return error.problem;
    return { kind: "connection", message: error instanceof Error ? error.message : String(error) };
}

/** Classifies a failed bootc run. */
export function problemFromTransport(error: unknown, argv: readonly string[]): BootcProblem {
    if (!(error instanceof TransportError))
        return { kind: "connection", message: error instanceof Error ? error.message : String(error) };

    switch (error.kind) {
    case "not-found":
        return { kind: "bootc-missing" };
    case "access-denied":
        return { kind: "admin-required", bootcMessage: null };
    case "timeout":
        // bootc holds the sysroot lock for whole operations: a command that does not answer waits for it
        return { kind: "busy", waitedMs: error.details.timeoutMs ?? 0 };
    case "disconnected":
    case "cancelled":
    case "other":
        return { kind: "connection", message: error.message };
    case "exited":
    case "signaled": {
        const exitStatus = error.details.exitStatus ?? null;
        const stderr = bootcText(error.stderr);
        // sudo/pkexec report a missing program as 127 when Cockpit could not tell
        if (exitStatus === 127 && /bootc.*(not found|No such file)/.test(stderr))
            return { kind: "bootc-missing" };
        const summary = summarizeStderr(stderr, exitStatus);
        if (ROOT_MESSAGES.some(message => summary.startsWith(message)))
            return { kind: "admin-required", bootcMessage: summary };
        return { kind: "failed", argv, summary, stderr, exitStatus };
    }
    }
}
