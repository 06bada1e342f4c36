// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: an admin who uses a screen reader, keyboard or high zoom, or reads the page in the dark theme,
// meets no accessibility problem axe finds (WCAG 2.1 A and AA and axe's best practices, at any impact)
// in any state or dialog of it, by itself or inside the shell; and the page is laid out for a 1280-px
// window around the shell and for a 390-px phone.
import type { Page } from "playwright-core";

import type { SimState } from "../sim/src/state";

import { appFrame, axeFindings } from "./axe";
import { useBrowser, visit } from "./harness";
import type { Visit } from "./harness";
import { layoutProblems } from "./layout";

useBrowser();

const FEDORA = "quay.io/fedora/fedora-bootc";

/** The booted deployment already knows the update (a check ran before). */
function updateKnown(s: SimState): void {
    if (s.booted)
        s.booted.cachedUpdate = s.registry[FEDORA]?.["42"] ?? null;
}

/** Every finding, named by where it is seen (a failing test lists them all). */
async function expectClean(page: Page, where: string): Promise<void> {
    const findings = await axeFindings(page, { all: true });
    expect({ where, findings }).toEqual({ where, findings: [] });
}

/** Opens a dialog with the button, checks it, and closes it again with Escape. */
async function checkDialog({ app, page }: Visit, button: string, dialog: string): Promise<void> {
    await app.locator(button).click();
    await app.locator(`${dialog}[role='dialog'], ${dialog} [role='dialog'], [role='dialog']:has(${dialog})`).first()
        .waitFor();
    await expectClean(page, dialog);
    await page.keyboard.press("Escape");
    await app.locator("[role='dialog']").waitFor({ state: "detached" });
}

test.each([["light"], ["dark"]] as const)("every card of a host with everything on it, %s theme", async colorScheme => {
    await visit({ scenario: "demo", colorScheme }, async ({ app, page }) => {
        await app.locator("#deployments-table").waitFor();
        await app.locator("#bound-images-table").waitFor();
        await app.locator("#host-images-table").waitFor();
        if (colorScheme === "dark") {
            expect(await appFrame(page).evaluate(() => document.documentElement.className))
                .toContain("pf-v6-theme-dark");
        }
        await expectClean(page, `demo (${colorScheme})`);
    });
});

test("updates: not checked, available, the update dialog, a running update and its result", async () => {
    await visit({
        scenario: "booted-only",
        adjust: s => { s.timing = { bytesPerSecond: 30_000_000, tickMs: 200, stepMs: 300, rebootDelayMs: 200 }; },
    }, async visited => {
        const { app, page } = visited;
        await app.locator("#update-status[data-state='not-checked']").waitFor();
        await expectClean(page, "not checked");
        await app.locator("#update-check").click();
        await app.locator("#update-status[data-state='available']").waitFor();
        await expectClean(page, "update available");
        await checkDialog(visited, "#update-start", "#update-dialog");

        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        await app.locator("#operation[data-phase='pulling']").waitFor();
        await expectClean(page, "pulling");
        await app.locator("#operation-result[data-outcome='succeeded']").waitFor({ timeout: 30_000 });
        await app.locator("#staged-banner[data-kind='staged']").waitFor();
        await expectClean(page, "staged, with the result");
    });
});

test("a failed update's result, with the full error open", async () => {
    await visit({
        scenario: "booted-only", adjust: s => { updateKnown(s); s.faults.pullFailAtPercent = 40; },
    }, async ({ app, page }) => {
        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        await app.locator("#operation-result[data-outcome='failed']").waitFor({ timeout: 30_000 });
        await app.locator("#operation-result").getByRole("button", { name: "Show the full error" }).click();
        await expectClean(page, "failed update");
    });
});

test("rollback, switch, change tag and reboot dialogs; the queued rollback", async () => {
    await visit({ scenario: "staged-rollback" }, async visited => {
        const { app, page } = visited;
        await app.locator("#deployments-table").waitFor();
        await checkDialog(visited, "#rollback-start", "#rollback-dialog");
        await checkDialog(visited, "#switch-image", "#switch-dialog");
        await checkDialog(visited, "#change-tag", "#tag-dialog");
        await app.locator("#rollback-start").click();
        await app.locator("#rollback-dialog-confirm").click();
        await app.locator("#rollback-banner").waitFor();
        await expectClean(page, "rollback queued");
        await checkDialog(visited, "#rollback-reboot", "#reboot-dialog");
    });
});

test("the copy dialog, and the download-only banner", async () => {
    await visit({ scenario: "pinned" }, async visited => {
        const row = visited.app.locator("#host-images-table tr.ct-host-image-row").first();
        await row.waitFor();
        await row.getByRole("button", { name: "Copy to container storage…" }).click();
        await visited.app.locator("#copy-dialog").waitFor();
        await expectClean(visited.page, "copy dialog");
    });
    await visit({ scenario: "download-only" }, async ({ app, page }) => {
        await app.locator("#staged-banner[data-kind='download-only']").waitFor();
        await expectClean(page, "download only");
    });
});

test("the page's own states: not a bootc host", async () => {
    await visit({ scenario: "not-bootc" }, async ({ app, page }) => {
        await app.locator("#state-not-bootc").waitFor();
        await expectClean(page, "not bootc");
    });
});

test("inside the shell", async () => {
    await visit({ scenario: "demo", shell: true }, async ({ app, page }) => {
        await app.locator("#deployments-table").waitFor();
        await expectClean(page, "in the shell");
    });
});

describe("laid out for real windows", () => {
    async function expectLaidOut(page: Page, where: string): Promise<void> {
        const problems = await layoutProblems(page);
        expect({ where, problems }).toEqual({ where, problems: [] });
    }

    test("inside the shell in a 1280-px window", async () => {
        const options = { scenario: "demo", shell: true, viewport: { width: 1280, height: 900 } };
        await visit(options, async ({ app, page }) => {
            await app.locator("#deployments-table").waitFor();
            await app.locator("#host-images-table").waitFor();
            await expectLaidOut(page, "shell, 1280 px");
        });
    });

    test("on a 390-px phone", async () => {
        await visit({ scenario: "demo", viewport: { width: 390, height: 844 } }, async ({ app, page }) => {
            await app.locator("#deployments-table").waitFor();
            await app.locator("#host-images-table").waitFor();
            await expectLaidOut(page, "390 px");
            await expectClean(page, "390 px");
        });
    });
});
