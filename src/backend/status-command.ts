/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The status command, apart from the other argv builders (commands.ts re-exports it) so that src/first.ts
 * can start it with nothing else of the backend: no imports here.
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

/**
 * bootc before 0.1.14 has no --format-version (and before 0.1.13 no --format): its hidden --json,
 * which every version keeps, prints the same JSON (v1alpha1 there).
 */
export function legacyStatusCommand(): string[] {
    return [BOOTC, "status", "--json"];
}
