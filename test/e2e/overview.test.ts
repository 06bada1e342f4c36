// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: an admin opens the page and sees what the machine runs, what boots next and what it can
// roll back to, with the details of every deployment.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

import type { Locator } from "playwright-core";

import { BUILDS } from "../sim/scenarios";

import { ARTIFACTS, callsOf, useBrowser, visit } from "./harness";

useBrowser();

const FEDORA = "quay.io/fedora/fedora-bootc";

test("staged, booted and rollback: summary, roles, versions, digests, details", async () => {
    await visit({
        scenario: "staged-rollback", viewport: { width: 1280, height: 1180 },
    }, async ({ host, app, page }) => {
        const table = app.locator("#deployments-table");
        await table.waitFor();
        const rows = table.locator("tr.ct-deployment-row");
        await expectTexts(rows.locator(".ct-role"), ["Staged", "Booted", "Rollback"]);
        await expectTexts(
            rows.locator(".ct-version"), [BUILDS.update.version, BUILDS.booted.version, BUILDS.rollback.version],
        );
        await expectTexts(rows.locator(".ct-image-name"), [`${FEDORA}:42`, `${FEDORA}:42`, `${FEDORA}:42`]);

        const state = host.state();
        const bootedDigest = state.booted?.digest ?? "";
        await expectTexts(rows.nth(1).locator(".ct-digest-short"), [bootedDigest.slice(7, 19)]);
        await expectTexts(rows.nth(0).locator(".ct-flag-boots-next"), ["Boots next"]);

        const summary = app.locator("#host-summary");
        await expectTexts(summary.locator("[data-field='tracked'] dd .ct-image-name"), [`${FEDORA}:42`]);
        await expectTexts(summary.locator("[data-field='next-boot'] dd"), [`${BUILDS.update.version} (staged; applied when the system reboots)A soft reboot is possible.`]);

        // the full digest on hover
        await rows.nth(1).locator(".ct-digest-short").hover();
        await app.locator(".pf-v6-c-tooltip .ct-digest-full", { hasText: bootedDigest }).waitFor();

        // details of the booted deployment
        await rows.nth(1).getByRole("button", { name: "Details" }).click();
        const details = app.locator(".ct-deployment-details");
        await expectTexts(details.locator("[data-field='digest'] dd"), [bootedDigest]);
        await expectTexts(details.locator("[data-field='checksum'] dd"), [state.booted?.checksum ?? ""]);
        await expectTexts(details.locator("[data-field='stateroot'] dd"), ["default"]);
        await expectTexts(details.locator("[data-field='deploy-serial'] dd"), ["0"]);
        await expectTexts(details.locator("[data-field='store'] dd"), ["ostree container"]);

        // one status read for the whole visit
        expect(callsOf(host, "status")).toEqual([["bootc", "status", "--format=json", "--format-version=1"]]);

        mkdirSync(ARTIFACTS, { recursive: true });
        await page.locator(".ct-deployment-details").first().waitFor();
        await page.screenshot({ path: join(ARTIFACTS, "overview.png") });
        if (process.env.UPDATE_SCREENSHOTS)
            copyFileSync(join(ARTIFACTS, "overview.png"), join(__dirname, "../../doc/screenshot.png"));
    });
});

test("booted only: nothing staged, nothing to roll back to", async () => {
    await visit({ scenario: "booted-only" }, async ({ app }) => {
        const rows = app.locator("#deployments-table tr.ct-deployment-row");
        await rows.first().waitFor();
        await expectTexts(rows.locator(".ct-role"), ["Booted"]);
        await expectTexts(rows.locator(".ct-flag-boots-next"), ["Boots next"]);
        await expectTexts(
            app.locator("#host-summary [data-field='next-boot'] dd"), ["The running deployment: nothing is staged"],
        );
    });
});

test("the page follows Cockpit's dark theme", async () => {
    await visit({ scenario: "booted-only" }, async ({ app, page }) => {
        await app.locator("#deployments-table").waitFor();
        expect(await page.evaluate(() => document.documentElement.classList.contains("pf-v6-theme-dark"))).toBe(false);
        await page.evaluate(() => {
            localStorage.setItem("shell:style", "dark");
            window.dispatchEvent(new Event("cockpit-style"));
        });
        expect(await page.evaluate(() => document.documentElement.classList.contains("pf-v6-theme-dark"))).toBe(true);
        await page.reload();
        await app.locator("#deployments-table").waitFor();
        expect(await page.evaluate(() => document.documentElement.classList.contains("pf-v6-theme-dark"))).toBe(true);
    });
});

async function expectTexts(locator: Locator, texts: string[]): Promise<void> {
    await locator.first().waitFor();
    expect((await locator.allTextContents()).map(t => t.trim())).toEqual(texts);
}
