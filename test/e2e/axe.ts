// SPDX-License-Identifier: LGPL-2.1-or-later
// axe-core in the page under test: injected through the DevTools protocol (Cockpit's content security
// policy would refuse a script tag), run on the page's document, and its serious and critical findings
// returned in a form a failing test can print.
import { readFileSync } from "node:fs";

import type { Frame, Page } from "playwright-core";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeFinding {
    rule: string;
    impact: string;
    help: string;
    targets: string[];
}

interface AxeResult {
    violations: {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
    }[];
}

/** The page's own document: the iframe inside the shell, or the page itself. */
export function appFrame(page: Page): Frame {
    return page.frames().find(frame => frame.url().includes("/bootc/")) ?? page.mainFrame();
}

/**
 * Runs axe (WCAG 2.1 A and AA, and its best practices) on the page's document; returns what is
 * serious or critical, or with ALL everything it found.
 */
export async function axeFindings(page: Page, options: { all?: boolean } = {}): Promise<AxeFinding[]> {
    const frame = appFrame(page);
    await frame.evaluate(AXE_SOURCE);
    const result = await frame.evaluate(async () => {
        const axe = (window as unknown as {
            axe: { run(context: Document, options: unknown): Promise<unknown> };
        }).axe;
        return axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            resultTypes: ["violations"],
        });
    }) as AxeResult;
    return result.violations
        .filter(violation => options.all || violation.impact === "serious" || violation.impact === "critical")
        .map(violation => ({
            rule: violation.id,
            impact: violation.impact ?? "unknown",
            help: violation.help,
            targets: violation.nodes.map(node => `${node.target.map(String).join(" ")}: ${node.failureSummary ?? ""}`),
        }));
}
