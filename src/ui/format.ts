/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pure display helpers for times, in the page's language.
 */

function locale(): string {
    return (cockpit.language || "en").replace("_", "-");
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
    const format = new Intl.RelativeTimeFormat(locale(), { numeric: "always" });
    for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= 2 * size)
            return format.format(Math.trunc(seconds / size), unit);
    }
    if (Math.abs(seconds) >= 60)
        return format.format(Math.trunc(seconds / 60), "minute");
    return new Intl.RelativeTimeFormat(locale(), { numeric: "auto" }).format(0, "second");
}

/** The full local date and time with its time zone, e.g. "November 1, 2025 at 4:05:44 AM UTC". */
export function exactTime(date: Date, timeZone?: string): string {
    return new Intl.DateTimeFormat(
        locale(), { dateStyle: "long", timeStyle: "long", ...(timeZone ? { timeZone } : {}) },
    ).format(date);
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
    const number = new Intl.NumberFormat(locale(), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
    return `${number} ${BYTE_UNITS[unit] ?? "B"}`;
}

/** "Nov 20, 2026", in the page's language. */
export function shortDate(date: Date): string {
    return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(date);
}

/** "3:16 AM", in the page's language. */
export function clockTime(date: Date): string {
    return new Intl.DateTimeFormat(locale(), { timeStyle: "short" }).format(date);
}
