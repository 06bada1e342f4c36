/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pure display helpers for times, in the page's language.
 */

function locale(): string {
    return (cockpit.language || "en").replace("_", "-");
}

// Building an Intl formatter costs about a millisecond, formatting with one next to nothing: a page of
// deployments formats dozens of times, so each kind is built once per language (and time zone).
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
    key: string, build: (language: string) => T,
): T {
    const language = locale();
    const full = `${language} ${key}`;
    let found = formatters.get(full) as T | undefined;
    if (!found) {
        found = build(language);
        formatters.set(full, found);
    }
    return found;
}

const DAY = 24 * 3600;
// each unit from twice its size on, so "13 months ago" rather than "last year"
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 365 * DAY],
    ["month", 30 * DAY],
    ["week", 7 * DAY],
    ["day", DAY],
    ["hour", 3600],
    ["minute", 60],
];

/** "3 weeks ago", "in 2 days", "now". */
export function relativeTime(date: Date, now: number = Date.now()): string {
    const seconds = Math.round((date.getTime() - now) / 1000);
    const format = formatter("relative", language => new Intl.RelativeTimeFormat(language, { numeric: "always" }));
    for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= 2 * size)
            return format.format(Math.trunc(seconds / size), unit);
    }
    if (Math.abs(seconds) >= 60)
        return format.format(Math.trunc(seconds / 60), "minute");
    return formatter("relative-auto", language => new Intl.RelativeTimeFormat(language, { numeric: "auto" }))
        .format(0, "second");
}

/** The full local date and time with its time zone, e.g. "November 1, 2025 at 4:05:44 AM UTC". */
export function exactTime(date: Date, timeZone?: string): string {
    return formatter(`exact ${timeZone ?? ""}`, language => new Intl.DateTimeFormat(
        language, { dateStyle: "long", timeStyle: "long", ...(timeZone ? { timeZone } : {}) },
    )).format(date);
}

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB"];

/** Decimal units, as bootc and registries count: "412.5 MB". */
export function formatBytes(bytes: number): string {
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
        value /= 1000;
        unit += 1;
    }
    const digits = unit === 0 ? 0 : 1;
    const number = formatter(`bytes ${digits}`, language => new Intl.NumberFormat(
        language, { maximumFractionDigits: digits },
    )).format(value);
    return `${number} ${BYTE_UNITS[unit] ?? "B"}`;
}

/** "Nov 20, 2026", in the page's language. */
export function shortDate(date: Date): string {
    return formatter("short-date", language => new Intl.DateTimeFormat(language, { dateStyle: "medium" }))
        .format(date);
}

/** "3:16 AM", in the page's language. */
export function clockTime(date: Date): string {
    return formatter("clock", language => new Intl.DateTimeFormat(language, { timeStyle: "short" })).format(date);
}
