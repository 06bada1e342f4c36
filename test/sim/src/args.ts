// SPDX-License-Identifier: LGPL-2.1-or-later
// A small clap: the flags of one verb, with clap's messages and exit status 2 for usage errors.
import { UsageError } from "./io";

export interface FlagSpec {
    name: string;
    /** takes a value (--name=V or --name V) */
    value?: string;
    /** the only accepted values */
    possible?: string[];
    /** with this flag, these may not be given */
    conflicts?: string[];
    /** may be given without a value (then it is "") */
    optionalValue?: boolean;
}

export interface VerbSpec {
    usage: string;
    flags: FlagSpec[];
    positionals?: { name: string; required: boolean }[];
}

export interface Parsed {
    flags: Map<string, string>;
    positionals: string[];
}

function usageError(message: string, usage: string | null): UsageError {
    const usageText = usage ? `\n\nUsage: ${usage}` : "";
    return new UsageError(`error: ${message}${usageText}\n\nFor more information, try '--help'.\n`);
}

export function parseArgs(spec: VerbSpec, args: string[]): Parsed {
    const flags = new Map<string, string>();
    const positionals: string[] = [];
    const wanted = spec.positionals ?? [];
    let onlyPositionals = false;

    for (let i = 0; i < args.length; i++) {
        const arg = args[i] ?? "";
        if (!onlyPositionals && arg === "--") {
            onlyPositionals = true;
            continue;
        }
        if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
            if (positionals.length >= wanted.length)
                throw usageError(`unexpected argument '${arg}' found`, spec.usage);
            positionals.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const name = eq >= 0 ? arg.slice(0, eq) : arg;
        const flag = spec.flags.find(f => `--${f.name}` === name);
        // clap names the flag without its value
        if (!flag)
            throw usageError(`unexpected argument '${name}' found`, spec.usage);
        let value = "";
        if (flag.value) {
            if (eq >= 0) {
                value = arg.slice(eq + 1);
            } else if (!flag.optionalValue && i + 1 < args.length) {
                value = args[++i] ?? "";
            } else if (!flag.optionalValue) {
                throw usageError(`a value is required for '--${flag.name} <${flag.value}>' but none was supplied`, null);
            }
            if (flag.possible && !flag.possible.includes(value)) {
                throw usageError(`invalid value '${value}' for '--${flag.name} <${flag.value}>'\n  [possible values: ${flag.possible.join(", ")}]`, null);
            }
        } else if (eq >= 0) {
            throw usageError(`unexpected value '${arg.slice(eq + 1)}' for '--${flag.name}' found; no more were expected`, spec.usage);
        }
        if (flags.has(flag.name))
            throw usageError(`the argument '--${flag.name}' cannot be used multiple times`, spec.usage);
        flags.set(flag.name, value);
    }

    for (const flag of spec.flags) {
        if (!flags.has(flag.name))
            continue;
        for (const other of flag.conflicts ?? []) {
            if (flags.has(other))
                throw usageError(`the argument '--${flag.name}' cannot be used with '--${other}'`, spec.usage);
        }
    }
    const missing = wanted.slice(positionals.length).filter(p => p.required);
    if (missing.length > 0) {
        throw usageError(`the following required arguments were not provided:\n  ${missing.map(p => `<${p.name}>`).join("\n  ")}`, spec.usage);
    }
    return { flags, positionals };
}

/** --progress-fd: a number; 0–2 are refused by its value parser. */
export function progressFd(parsed: Parsed): number | null {
    const raw = parsed.flags.get("progress-fd");
    if (raw === undefined)
        return null;
    const fd = Number(raw);
    if (!/^\d+$/.test(raw))
        throw usageError(`invalid value '${raw}' for '--progress-fd <PROGRESS_FD>': invalid digit found in string`, null);
    if (fd < 3)
        throw usageError(`invalid value '${raw}' for '--progress-fd <PROGRESS_FD>': Cannot use fd ${fd} for progress JSON`, null);
    return fd;
}
