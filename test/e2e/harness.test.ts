// SPDX-License-Identifier: LGPL-2.1-or-later
// The e2e guard itself: a console error or a CSP violation in the page fails the visit.
import { useBrowser, visit } from "./harness";

useBrowser();

test("a CSP violation fails the visit", async () => {
    await expect(visit({ scenario: "booted-only" }, async ({ app, page }) => {
        await app.locator("#deployments-table").waitFor();
        await page.evaluate(() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true;"; // inline scripts are refused by Cockpit's CSP
            document.body.appendChild(script);
        });
        await page.waitForTimeout(200);
        expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    })).rejects.toThrow(/CSP violation: script-src/);
});

test.each(["error", "warn"] as const)("a console %s fails the visit", async level => {
    await expect(visit({ scenario: "booted-only" }, async ({ app, page }) => {
        await app.locator("#deployments-table").waitFor();
        await page.evaluate(l => console[l]("something broke"), level);
    })).rejects.toThrow(/console (error|warning): something broke/);
});
