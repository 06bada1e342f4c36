// SPDX-License-Identifier: LGPL-2.1-or-later
// Page-side numbers for `make bench`: time from navigation to the deployments table in real Cockpit and
// Chromium against the simulator, and how many bootc calls one load makes. Prints one JSON object.
import { chromium } from "playwright-core";

import { TestHost } from "./host";

async function main(): Promise<void> {
    const runs = Number(process.env.BENCH_RUNS ?? "7");
    const host = await TestHost.start({ scenario: "staged-rollback" });
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
        args: [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
        ],
    });
    const loads: number[] = [];
    const calls: number[] = [];
    try {
        for (let i = 0; i < runs; i++) {
            const context = await browser.newContext();
            const page = await context.newPage();
            const before = host.calls().length;
            const started = performance.now();
            await page.goto(host.pageUrl);
            await page.locator("#deployments-table tr.ct-deployment-row").first().waitFor();
            loads.push(performance.now() - started);
            await page.waitForTimeout(300);
            calls.push(host.calls().length - before);
            await context.close();
        }
    } finally {
        await browser.close();
        await host.stop();
    }
    const sorted = [...loads].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(
        JSON.stringify({
            runs, loadMedianMs: Math.round(median), loadMinMs: Math.round(sorted[0] ?? 0),
            loadMaxMs: Math.round(sorted[sorted.length - 1] ?? 0), bootcCallsPerLoad: Math.max(...calls),
        }),
    );
}

main().catch(error => {
    console.error(error);
    process.exit(1);
});
