/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * argv builders, one per bootc verb, exactly as CONTRACT.md describes them, and the host paths the
 * page reads or watches. Pure: no I/O. Every command is an argv array; nothing is ever a shell string.
 */

/** bootc is found on the host's PATH (/usr/bin/bootc on every bootc image). */
export const BOOTC = "bootc";

/** bootc bumps this directory's mtime after every state-changing operation (CONTRACT.md §7.2). */
export const STATUS_CHANGED_PATH = "/ostree/bootc";

/**
 * Always JSON, always format version 1: without --format a non-terminal stdout gets YAML, and
 * the version pins the schema we parse.
 */
export function statusCommand(): string[] {
    return [BOOTC, "status", "--format=json", "--format-version=1"];
}

export function versionCommand(): string[] {
    return [BOOTC, "--version"];
}
