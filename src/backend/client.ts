/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The typed bootc client: builds argv, runs it through the Transport, parses every byte that comes
 * back at one door, and hands out models or BootcErrors.
 */

import { statusCommand, STATUS_CHANGED_PATH, versionCommand } from "./commands";
import { BootcError, problemFromTransport } from "./errors";
import { buildHostModel } from "./model";
import type { HostModel } from "./model";
import { describeIssues, HostSchema } from "./schema";
import type { Disposable, Transport } from "./transport";
import { parseBootcVersion } from "./version";
import type { BootcVersion } from "./version";

/**
 * How long `bootc status` may take before the page says another operation holds the sysroot lock.
 * An unblocked status answers in well under a second even on slow disks.
 */
export const DEFAULT_STATUS_TIMEOUT_MS = 10_000;

export interface BootcClient {
    /** Reads `bootc status`. Rejects with BootcError. */
    status(): Promise<HostModel>;
    /** `bootc --version`, or null when it cannot be run or parsed. */
    version(): Promise<BootcVersion | null>;
    /** Calls back when bootc reports a state change (the mtime of /ostree/bootc). */
    watchStatusChanges(onChange: () => void): Disposable;
    /** Calls back when the user gains or drops administrative access in Cockpit. */
    onPrivilegesChanged(callback: () => void): Disposable;
}

export interface ClientOptions {
    statusTimeoutMs?: number;
}

export type StatusParseResult =
    | { ok: true; host: HostModel }
    | { ok: false; reason: string; issues: string[] };

/** Parses the stdout of `bootc status --format=json --format-version=1`. */
export function parseStatusOutput(stdout: string): StatusParseResult {
    let json: unknown;
    try {
        json = JSON.parse(stdout);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, reason: "not JSON", issues: [stdout.trim() === "" ? "the output was empty" : message] };
    }
    const parsed = HostSchema.safeParse(json);
    if (!parsed.success)
        return { ok: false, reason: "not a bootc host status", issues: describeIssues(parsed.error) };
    return { ok: true, host: buildHostModel(parsed.data) };
}

export function createBootcClient(transport: Transport, options: ClientOptions = {}): BootcClient {
    const statusTimeoutMs = options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;

    async function version(): Promise<BootcVersion | null> {
        try {
            return parseBootcVersion(await transport.run(versionCommand(), { timeoutMs: statusTimeoutMs }));
        } catch {
            return null;
        }
    }

    async function status(): Promise<HostModel> {
        const argv = statusCommand();
        let stdout: string;
        try {
            // status needs root plus CAP_SYS_ADMIN on a booted host (CONTRACT.md §0.2)
            stdout = await transport.run(argv, { superuser: "require", timeoutMs: statusTimeoutMs });
        } catch (error) {
            throw new BootcError(problemFromTransport(error, argv));
        }
        const result = parseStatusOutput(stdout);
        if (result.ok)
            return result.host;
        const found = await version();
        throw new BootcError({
            kind: "bad-output",
            argv,
            reason: result.reason,
            issues: result.issues,
            output: stdout,
            version: found?.raw ?? null,
        });
    }

    return {
        status,
        version,
        watchStatusChanges: onChange => transport.watch(STATUS_CHANGED_PATH, onChange),
        onPrivilegesChanged: callback => transport.onPrivilegesChanged(callback),
    };
}
