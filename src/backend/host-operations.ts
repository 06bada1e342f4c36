/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the host says about operations besides the current record: the bootc processes running on it
 * (bootc-processes.sh) and the finished records it keeps (operation-history.sh). Pure: no I/O;
 * operations.ts does the reading.
 */

import { operationOutcome, parseOperationMeta, parseOperationState } from "./operation-records";
import type { OperationMeta, OperationOutcome, OperationState } from "./operation-records";

/** A bootc operation running on the host, as bootc-processes.sh finds it. */
export interface BootcProcess {
    /** it is the bootc of the page's current operation */
    ours: boolean;
    pid: number;
    startedAt: Date | null;
    /** the systemd unit it runs in (bootc-fetch-apply-updates.service for the update timer) */
    unit: string | null;
    /** whose login session it runs in */
    user: string | null;
    /** it has a terminal */
    terminal: boolean;
    /** bootc's arguments, joined with spaces */
    args: string;
}

export function parseBootcProcesses(text: string): BootcProcess[] {
    const known = (field: string | undefined) => (field === undefined || field === "-" || field === "" ? null : field);
    const processes: BootcProcess[] = [];
    for (const line of text.split("\n")) {
        const [whose, pid, start, unit, user, tty, ...args] = line.split("\t");
        const number = Number(pid);
        if ((whose !== "ours" && whose !== "other") || !Number.isInteger(number) || number <= 0)
            continue;
        const seconds = Number(start);
        processes.push({
            ours: whose === "ours",
            pid: number,
            startedAt: known(start) && Number.isFinite(seconds) ? new Date(seconds * 1000) : null,
            unit: known(unit),
            user: known(user),
            terminal: tty === "tty",
            args: args.join(" "),
        });
    }
    return processes;
}

/** A finished operation kept in /run/cockpit-bootc/history. */
export interface HistoryEntry {
    id: string;
    /** null when its meta.json cannot be read */
    meta: OperationMeta | null;
    /** the Cockpit user who started it, as the page that started it said */
    user: string | null;
    state: OperationState | null;
    /** null when it cannot be told (no meta.json, or no end recorded) */
    outcome: OperationOutcome | null;
}

/** Base64 of UTF-8 text (what `base64` printed), or null. */
function decodeBase64(text: string): string | null {
    let binary: string;
    try {
        binary = atob(text);
    } catch {
        return null;
    }
    try {
        return decodeURIComponent(Array.from(binary, char => `%${char.charCodeAt(0).toString(16).padStart(2, "0")}`)
            .join(""));
    } catch {
        return binary; // not UTF-8: the bytes as they are
    }
}

/** What operation-history.sh printed: the kept records, newest first. */
export function parseHistory(text: string): HistoryEntry[] {
    const files = new Map<string, Map<string, string>>();
    for (const line of text.split("\n")) {
        const [id, name, content] = line.split("\t");
        if (!id || !name || content === undefined || !/^[A-Za-z0-9-]+$/.test(id))
            continue;
        const decoded = decodeBase64(content);
        if (decoded === null)
            continue;
        const entry = files.get(id) ?? new Map<string, string>();
        entry.set(name, decoded);
        files.set(id, entry);
    }
    return [...files].map(([id, entry]) => {
        const parsed = parseOperationMeta(entry.get("meta.json") ?? null);
        const meta = parsed?.id === id ? parsed : null;
        const state = parseOperationState(entry.get("state") ?? null);
        const outcome = meta && state ? operationOutcome(meta, state, {
            stdout: entry.get("stdout") ?? "",
            stderr: entry.get("stderr") ?? "",
            cancelled: entry.has("cancelled"),
            signal: entry.get("signalled") ?? null,
            runnerGone: entry.has("runner-gone"),
        }) : null;
        return { id, meta, user: entry.get("user")?.trim() || null, state, outcome };
    });
}
