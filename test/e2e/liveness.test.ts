// SPDX-License-Identifier: LGPL-2.1-or-later
// Stories: operations nobody loses track of. A start that never takes off, a runner killed on its own,
// bootc run by the update timer or from a terminal, a record damaged or removed mid-pull, and a full
// /run: the page is never blocked, blank or wrong, and never runs a second bootc next to the first.
import { readFileSync, rmSync, writeFileSync } from "node:fs";

import type { FrameLocator, Locator, Page } from "playwright-core";

import { alive } from "../fixtures/script-host";
import type { SimState } from "../sim/src/state";

import { callsOf, useBrowser, visit } from "./harness";

useBrowser();

const FEDORA = "quay.io/fedora/fedora-bootc";

/** Pulls take several seconds (about 337 MB at 30 MB/s). */
function slowPull(s: SimState, bytesPerSecond = 30_000_000): void {
    s.timing = { bytesPerSecond, tickMs: 200, stepMs: 300, rebootDelayMs: 200 };
}

function updateKnown(s: SimState): void {
    if (s.booted)
        s.booted.cachedUpdate = s.registry[FEDORA]?.["42"] ?? null;
}

async function text(locator: Locator): Promise<string> {
    return (await locator.textContent()) ?? "";
}

async function startUpdate(app: Page | FrameLocator): Promise<void> {
    await app.locator("#update-start").click();
    await app.locator("#update-dialog-start").click();
}

test("systemd-run hangs: the start gives up, says bootc never ran, and the next start works", async () => {
    await visit({
        scenario: "booted-only", systemd: true, adjust: s => { updateKnown(s); s.faults.systemdRunHangs = true; },
    }, async ({ app, host }) => {
        await startUpdate(app);
        const refusal = app.locator("#update-dialog-error");
        await refusal.waitFor({ timeout: 40_000 });
        expect(await text(refusal)).toContain("the operation did not start: systemd-run failed or did not answer");
        await app.locator("#update-dialog button", { hasText: "Cancel" }).click();
        const result = app.locator("#operation-result[data-outcome='lost'][data-reason='not-started']");
        await result.waitFor();
        expect(await text(result)).toContain("bootc was never run");
        expect(callsOf(host, "upgrade")).toEqual([]);

        host.update(s => { delete s.faults.systemdRunHangs; });
        await startUpdate(app);
        await app.locator("#staged-banner").waitFor({ timeout: 30_000 });
        expect(callsOf(host, "upgrade")).toHaveLength(1);
    });
});

test("the runner killed on its own takes bootc with it: said without a reload, and never a second bootc", async () => {
    const adjust = (s: SimState) => { slowPull(s, 10_000_000); updateKnown(s); };
    await visit({ scenario: "booted-only", adjust }, async ({ app, host }) => {
        const opFile = (name: string) => readFileSync(host.hostFile(`/run/cockpit-bootc/op/${name}`), "utf8");
        await startUpdate(app);
        await app.locator("#operation[data-phase='pulling']").waitFor();
        const runner = Number(opFile("state").split(" ")[1]);
        const bootc = Number(opFile("child.pid"));
        process.kill(runner, "SIGKILL");
        await app.locator("#operation-result[data-outcome='lost']").waitFor({ timeout: 25_000 });
        expect(alive(bootc)).toBe(false);
        expect(host.state().staged).toBeNull();
        expect(callsOf(host, "upgrade")).toHaveLength(1);
        expect(await app.locator("#update-start").isEnabled()).toBe(true);
    });
});

test("the update timer runs bootc upgrade --apply: the page says so, waits, and shows the host once it rebooted", async () => {
    const adjust = (s: SimState) => { slowPull(s, 20_000_000); updateKnown(s); };
    await visit({ scenario: "booted-only", adjust }, async ({ app, host, page }) => {
        await app.locator("#update-start").waitFor();
        const booted = host.state().booted?.digest;
        const timer = host.startBootc(["upgrade", "--apply", "--quiet"], { asTimer: true });
        try {
            // the open page learns of it when it asks: a check is refused, not queued behind the lock
            await app.locator("#update-check").click();
            const refusal = app.locator("#updates-error");
            await refusal.waitFor();
            expect(await text(refusal)).toContain(`bootc is already running (pid ${timer.pid}): bootc upgrade --apply --quiet`);
            const card = app.locator(`.ct-foreign-operation[data-pid='${timer.pid}']`);
            await card.waitFor();
            expect(await text(card)).toContain("The automatic update service is running bootc");
            expect(await text(card)).toContain("It reboots the system when it is done.");
            expect(await app.locator("#update-start").isDisabled()).toBe(true);
            // the deployments stay on screen, from before
            expect(await app.locator("#deployments-table").count()).toBe(1);

            // a reload while it runs: the card, not a blank page
            await page.reload();
            await app.locator(`.ct-foreign-operation[data-unit='bootc-fetch-apply-updates.service']`).waitFor();
            await new Promise(resolve => timer.once("exit", resolve));
            await app.locator("#deployments-table").waitFor({ timeout: 30_000 });
            await app.locator("#foreign-operations").waitFor({ state: "detached" });
            expect(host.state().booted?.digest).not.toBe(booted);
            expect(callsOf(host, "upgrade")).toHaveLength(1);
        } finally {
            timer.kill("SIGKILL");
        }
    });
});

test("bootc switch from a terminal: shown as running outside the page, then the staged switch", async () => {
    // bootc 43 shares no layers with 42: about 900 MB
    await visit({ scenario: "booted-only", adjust: s => slowPull(s, 60_000_000) }, async ({ app, host, page }) => {
        await app.locator("#deployments-table").waitFor();
        const terminal = host.startBootc(["switch", `${FEDORA}:43`]);
        try {
            await new Promise(resolve => setTimeout(resolve, 500));
            await page.reload();
            const card = app.locator(`.ct-foreign-operation[data-pid='${terminal.pid}']`);
            await card.waitFor();
            expect(await text(card)).toContain("bootc is running, started outside this page");
            expect(await text(card)).toContain(`bootc switch ${FEDORA}:43`);
            await app.locator("tr.ct-deployment-row[data-role='staged']").waitFor({ timeout: 40_000 });
            expect(await app.locator("#foreign-operations").count()).toBe(0);
        } finally {
            terminal.kill("SIGKILL");
        }
    });
});

test("the record removed mid-pull: the page follows the bootc that still runs, then shows what it staged", async () => {
    const adjust = (s: SimState) => { slowPull(s, 20_000_000); updateKnown(s); };
    await visit({ scenario: "booted-only", adjust }, async ({ app, host }) => {
        await startUpdate(app);
        await app.locator("#operation[data-phase='pulling']").waitFor();
        rmSync(host.hostFile("/run/cockpit-bootc"), { recursive: true, force: true });
        const card = app.locator(".ct-foreign-operation");
        await card.waitFor({ timeout: 15_000 });
        expect(await text(card)).toContain("was removed from /run/cockpit-bootc while it ran");
        expect(await app.locator("#operation").count()).toBe(0);
        await app.locator("#staged-banner").waitFor({ timeout: 30_000 });
        expect(await app.locator("#foreign-operations").count()).toBe(0);
        expect(callsOf(host, "upgrade")).toHaveLength(1);
    });
});

test("a truncated meta.json mid-pull is not believed: the running bootc is shown, then the host", async () => {
    const adjust = (s: SimState) => { slowPull(s, 20_000_000); updateKnown(s); };
    await visit({ scenario: "booted-only", adjust }, async ({ app, host }) => {
        await startUpdate(app);
        await app.locator("#operation[data-phase='pulling']").waitFor();
        writeFileSync(host.hostFile("/run/cockpit-bootc/op/meta.json"), "{\"id\":\"x\",\"kind\":\"swi");
        const card = app.locator(".ct-foreign-operation");
        await card.waitFor({ timeout: 15_000 });
        expect(await text(card)).toContain("The page's record of its operation cannot be read");
        await app.locator("#staged-banner").waitFor({ timeout: 30_000 });
        await app.locator("#operation-record-damaged[data-damage='unreadable']").waitFor();
        expect(await app.locator("#update-start").count()).toBe(0);
    });
});

test("a full /run: the update is refused with why, and nothing runs", async () => {
    await visit({ scenario: "booted-only", runFull: true, adjust: updateKnown }, async ({ app, host }) => {
        await startUpdate(app);
        const refusal = app.locator("#update-dialog-error");
        await refusal.waitFor();
        expect(await text(refusal)).toContain("no space left in /run/cockpit-bootc: the file system is full");
        expect(callsOf(host, "upgrade")).toEqual([]);
    });
});
