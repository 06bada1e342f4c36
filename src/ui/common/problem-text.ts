/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One sentence for a BootcProblem, for the small alerts next to an action (the page states in
 * status/page-states.tsx say more).
 */

import { BootcError } from "../../backend";
import type { BootcProblem } from "../../backend";
import { _ } from "../i18n";

import { hostText } from "./host-text";

/** How much of bootc's message a sentence quotes (the full text is on demand where it is shown). */
const MESSAGE_MAX = 2000;

export function problemText(problem: BootcProblem): string {
    switch (problem.kind) {
    case "failed": return hostText(problem.summary, MESSAGE_MAX);
    case "busy": return _("bootc did not answer in time.");
    case "admin-required":
        return problem.bootcMessage
            ? hostText(problem.bootcMessage, MESSAGE_MAX)
            : _("Administrative access is required.");
    case "bootc-missing": return _("bootc is not installed.");
    case "bad-output": return problem.reason;
    case "connection": return problem.message;
    }
}

/** What the backend rejected with, as a problem (anything but a BootcError is a connection problem). */
export function problemOf(error: unknown): BootcProblem {
    if (error instanceof BootcError)
        return error.problem;
    return { kind: "connection", message: error instanceof Error ? error.message : String(error) };
}

export function errorText(error: unknown): string {
    return problemText(problemOf(error));
}
