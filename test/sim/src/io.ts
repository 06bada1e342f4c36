// SPDX-License-Identifier: LGPL-2.1-or-later
// How the simulated bootc ends: like bootc's run_main, a failure prints `error: <context>: …: <cause>`
// on stderr and exits 1; clap's usage errors exit 2.

/** A runtime error: printed as `error: <chain>`, exit status 1. */
export class BootcFailure extends Error {
    constructor(readonly chain: string) {
        super(chain);
    }

    /** Adds an outer context segment, as anyhow's .context() does. */
    within(context: string): BootcFailure {
        return new BootcFailure(`${context}: ${this.chain}`);
    }
}

/** Runs a verb's body, prefixing its failures with the verb's context (e.g. "Switching"). */
export async function withContext<T>(context: string, body: () => Promise<T>): Promise<T> {
    try {
        return await body();
    } catch (error) {
        throw error instanceof BootcFailure ? error.within(context) : error;
    }
}

/** A command-line error (clap): printed verbatim, exit status 2. */
export class UsageError extends Error {}

export interface Io {
    out(text: string): void;
    err(text: string): void;
}

export function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
}

/** glib's g_format_size, which ostree-ext uses for layer sizes: SI units, one decimal. */
export function formatSize(bytes: number): string {
    if (bytes < 1000)
        return `${bytes} bytes`;
    const units = ["kB", "MB", "GB", "TB"];
    let value = bytes / 1000;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}

/** bootc's canonical JSON (since 1.5.0): one line, keys sorted, no trailing newline. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}
