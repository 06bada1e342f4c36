/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bootc's version, for feature gates (CONTRACT.md §10) and for error reports.
 */

export interface BootcVersion {
    /** what `bootc --version` printed, trimmed */
    raw: string;
    major: number;
    minor: number;
    patch: number;
}

/** Parses `bootc 1.16.9` (and pre-release suffixes such as `bootc 1.17.0-rc1`); null if it is not that. */
export function parseBootcVersion(output: string): BootcVersion | null {
    const raw = output.trim();
    const match = /^bootc (\d+)\.(\d+)\.(\d+)\b/.exec(raw);
    if (!match)
        return null;
    return { raw, major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** Whether `version` is at least major.minor.patch. */
export function versionAtLeast(version: BootcVersion, major: number, minor: number, patch = 0): boolean {
    if (version.major !== major)
        return version.major > major;
    if (version.minor !== minor)
        return version.minor > minor;
    return version.patch >= patch;
}
