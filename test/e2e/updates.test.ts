// SPDX-License-Identifier: LGPL-2.1-or-later
// Stories: an admin checks for updates, updates with live progress, reloads or opens a second page in
// between without losing or repeating anything, and reboots into the update; download-only and apply;
// failures that leave the host as it was.
import { readFileSync } from "node:fs";

import type { Locator, Page } from "playwright-core";

import { BUILDS } from "../sim/scenarios";
import type { SimState } from "../sim/src/state";

import { callsOf, useBrowser, visit } from "./harness";

useBrowser();

const FEDORA = "quay.io/fedora/fedora-bootc";
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Pulls take several seconds (about 337 MB at 30 MB/s), the other steps a fraction of one. */
function slowPull(s: SimState): void {
    s.timing = { bytesPerSecond: 30_000_000, tickMs: 200, stepMs: 300, rebootDelayMs: 200 };
}

/** The booted deployment already knows the update (a check ran before). */
function updateKnown(s: SimState): void {
    if (s.booted)
        s.booted.cachedUpdate = s.registry[FEDORA]?.["42"] ?? null;
}

async function progressValue(app: Page | ReturnType<Page["frameLocator"]>): Promise<number> {
    return Number(await app.locator("#operation-progress [role='progressbar']").getAttribute("aria-valuenow"));
}

async function text(locator: Locator): Promise<string> {
    return (await locator.textContent())?.trim() ?? "";
}

/**
 * Records every state the Updates card shows from now on (data-state of #update-status, each change
 * once), so a story can tell what flashed by between two waits.
 */
async function recordUpdateStates(page: Page): Promise<() => Promise<string[]>> {
    const frame = page.frames().find(f => f.url().includes("/bootc/")) ?? page.mainFrame();
    await frame.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { updateStates: string[] }).updateStates = seen;
        const note = () => {
            const state = document.querySelector("#update-status")?.getAttribute("data-state") ?? "none";
            if (seen[seen.length - 1] !== state)
                seen.push(state);
        };
        note();
        new MutationObserver(note).observe(document.body, {
            subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"],
        });
    });
    return () => frame.evaluate(() => [...(window as unknown as { updateStates: string[] }).updateStates]);
}

test("check, update with live progress, reload mid-download, staged, reboot", async () => {
    await visit({ scenario: "booted-only", adjust: slowPull }, async ({ app, page, host }) => {
        // nothing was checked: the page does not say "up to date"
        await app.locator("#update-status[data-state='not-checked']").waitFor();
        expect(await text(app.locator("#update-status-title"))).toBe("Not checked yet");

        // from the check to its result: "checking", then what it found, and nothing in between
        const states = await recordUpdateStates(page);
        await app.locator("#update-check").click();
        await app.locator("#update-status[data-state='available']").waitFor();
        expect(await states()).toEqual(["not-checked", "checking", "available"]);
        expect(await text(app.locator("#update-status-title"))).toContain(`Update available: ${BUILDS.update.version}`);
        expect(await text(app.locator("#update-download-size"))).toMatch(/^About [\d.]+ MB to download \(5 new of 11 layers\)$/);
        expect(callsOf(host, "upgrade")).toEqual([["bootc", "upgrade", "--check"]]);

        await app.locator("#update-start").click();
        const dialog = app.locator("#update-dialog");
        await dialog.waitFor();
        expect(await text(dialog.locator("#update-dialog-version"))).toContain(BUILDS.update.version);
        expect(await app.locator("#update-mode-stage").isChecked()).toBe(true);
        expect(await dialog.locator("#update-timer-warning").count()).toBe(0);
        await app.locator("#update-dialog-start").click();
        await dialog.waitFor({ state: "detached" });

        // the download moves
        await app.locator("#operation[data-phase='pulling']").waitFor();
        expect(await text(app.locator("#operation h2"))).toBe(`Downloading and staging ${BUILDS.update.version}`);
        const first = await progressValue(app);
        await sleep(1500);
        const second = await progressValue(app);
        expect(second).toBeGreaterThan(first);
        expect(await text(app.locator("#operation-bytes"))).toMatch(/^[\d.]+ MB of [\d.]+ MB · [\d.]+ MB\/s$/);
        expect(await text(app.locator("#operation-layers"))).toMatch(/^Layers: \d of 5 · 6 already present$/);

        // while it runs, the page leaves bootc status alone (it would wait for the sysroot lock)
        const statusReads = callsOf(host, "status").length;
        await sleep(1000);
        expect(callsOf(host, "status")).toHaveLength(statusReads);

        // a reload re-attaches: the progress goes on, nothing starts again
        await page.reload();
        await app.locator("#operation[data-phase='pulling']").waitFor();
        expect(await progressValue(app)).toBeGreaterThanOrEqual(second);
        expect(callsOf(host, "upgrade"))
            .toEqual([["bootc", "upgrade", "--check"], ["bootc", "upgrade", "--progress-fd=3"]]);
        // at most the one asked for at once on load: the page closes it when the record says the update
        // runs (closed early enough, the simulator never got to log it)
        await sleep(1000);
        expect(callsOf(host, "status").length - statusReads).toBeLessThanOrEqual(1);

        // staged: the result once, the banner, and the status read again
        await app.locator("#operation-result[data-outcome='succeeded']").waitFor({ timeout: 30_000 });
        expect(await text(app.locator("#operation-result"))).toContain(`${BUILDS.update.version} is staged`);
        const banner = app.locator("#staged-banner[data-kind='staged']");
        await banner.waitFor();
        expect(await text(banner)).toContain(`Reboot to apply ${BUILDS.update.version}`);
        expect(await text(app.locator("#update-status-title")))
            .toBe(`Update staged: reboots into ${BUILDS.update.version}`);
        expect(host.state().staged?.digest).toBe(host.state().registry[FEDORA]?.["42"]);

        // dismissed on one page, gone for good
        await app.locator("#operation-result button[aria-label='Dismiss']").click();
        await app.locator("#operation-result").waitFor({ state: "detached" });
        await page.reload();
        await banner.waitFor();
        expect(await app.locator("#operation-result").count()).toBe(0);

        await app.locator("#staged-reboot").click();
        await app.locator("#reboot-dialog").waitFor();
        await app.locator("#reboot-dialog-confirm").click();
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version", { hasText: BUILDS.update.version })
            .waitFor();
        expect(host.state().reboots?.map(r => r.by)).toEqual(["systemctl reboot"]);
        await app.locator("#staged-banner").waitFor({ state: "detached" });
        expect(callsOf(host, "upgrade")).toHaveLength(2);
    });
});

test("a second page sees the same running operation", async () => {
    await visit({
        scenario: "booted-only", adjust: s => { slowPull(s); updateKnown(s); },
    }, async ({ app, page, host }) => {
        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        await app.locator("#operation[data-phase='pulling']").waitFor();

        const second = await page.context().newPage();
        try {
            await second.goto(host.pageUrl);
            await second.locator("#operation[data-phase='pulling']").waitFor();
            expect(await text(second.locator("#operation h2")))
                .toBe(`Downloading and staging ${BUILDS.update.version}`);
            // nothing can be started there while it runs
            expect(await second.locator("#update-start").count()).toBe(0);
            await second.locator("#operation-result[data-outcome='succeeded']").waitFor({ timeout: 30_000 });
            await second.locator("#staged-banner").waitFor();
        } finally {
            await second.close();
        }
        await app.locator("#staged-banner").waitFor();
        expect(callsOf(host, "upgrade")).toHaveLength(1);
    });
});

test("download only, then apply on the next reboot", async () => {
    await visit({
        scenario: "booted-only", adjust: s => { updateKnown(s); s.updateTimerEnabled = true; },
    }, async ({ app, host }) => {
        await app.locator("#update-start").click();
        await app.locator("#update-timer-warning").waitFor();
        await app.locator("#update-mode-download-only").check();
        expect(await app.locator("#update-soft-reboot").isDisabled()).toBe(true);
        expect(await text(app.locator("#update-dialog-start"))).toBe("Download");
        await app.locator("#update-dialog-start").click();

        const banner = app.locator("#staged-banner[data-kind='download-only']");
        await banner.waitFor({ timeout: 30_000 });
        expect(await text(banner)).toContain(`Download only: ${BUILDS.update.version} is staged but not applied on reboot`);
        await banner.locator("#staged-timer-warning").waitFor();
        expect(await text(app.locator("#update-status-title"))).toBe("Download only: staged but not applied on reboot");
        expect(host.state().staged?.downloadOnly).toBe(true);
        expect(callsOf(host, "upgrade").at(-1)).toEqual(["bootc", "upgrade", "--download-only", "--progress-fd=3"]);

        await app.locator("#staged-apply-later").click();
        await app.locator("#staged-banner[data-kind='staged']").waitFor();
        expect(host.state().staged?.downloadOnly).toBe(false);
        expect(callsOf(host, "upgrade").at(-1)).toEqual(["bootc", "upgrade", "--from-downloaded"]);
        expect(await text(app.locator("#operation-result")))
            .toContain(`${BUILDS.update.version} will be applied on the next reboot`);
    });
});

test("download only, then apply and reboot now: one confirmation first", async () => {
    await visit({ scenario: "download-only" }, async ({ app, host }) => {
        await app.locator("#staged-banner[data-kind='download-only']").waitFor();
        await app.locator("#staged-apply-now").click();
        const dialog = app.locator("#reboot-dialog");
        await dialog.waitFor();
        expect(await text(dialog.locator("#reboot-dialog-apply")))
            .toContain(`bootc applies the downloaded update ${BUILDS.update.version}`);
        // nothing runs before the admin confirms
        expect(callsOf(host, "upgrade")).toEqual([]);
        await app.locator("#reboot-dialog-confirm").click();
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version", { hasText: BUILDS.update.version })
            .waitFor();
        await app.locator("#operation-result[data-outcome='rebooting']").waitFor();
        expect(callsOf(host, "upgrade").at(-1)).toEqual(["bootc", "upgrade", "--from-downloaded", "--apply"]);
        expect(host.state().reboots?.map(r => r.by)).toEqual(["bootc --apply"]);
    });
});

test("a pull that fails at 40 % says why and leaves the host as it was", async () => {
    await visit({
        scenario: "booted-only", adjust: s => { updateKnown(s); s.faults.pullFailAtPercent = 40; },
    }, async ({ app, host }) => {
        const before = host.state();
        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        const result = app.locator("#operation-result[data-outcome='failed']");
        await result.waitFor({ timeout: 30_000 });
        expect(await result.getAttribute("data-cause")).toBe("network");
        expect(await text(result.locator(".pf-v6-c-alert__title")))
            .toContain("Downloading the image failed: network error");
        expect(await text(result.locator(".ct-bootc-message"))).toBe("connection reset by peer");
        await result.getByText("Show the full error").click();
        expect(await text(result.locator("pre"))).toContain("error: Upgrading: Pulling: Importing: Fetching blob");

        expect(host.state().staged).toBeNull();
        expect(host.state().booted?.digest).toBe(before.booted?.digest);
        expect(await app.locator("tr.ct-deployment-row[data-role='staged']").count()).toBe(0);
        // and it can be tried again
        expect(await app.locator("#update-start").isEnabled()).toBe(true);
    });
});

test("no update available", async () => {
    await visit({ scenario: "booted-only", adjust: s => {
        const registry = s.registry[FEDORA];
        if (registry && s.booted?.digest)
            registry["42"] = s.booted.digest;
    } }, async ({ app }) => {
        await app.locator("#update-check").click();
        await app.locator("#update-status[data-state='up-to-date']", { hasText: "Last checked" }).waitFor();
        expect(await text(app.locator("#update-status"))).toMatch(/^Up to date\s*Last checked now\.$/);
        expect(await app.locator("#update-start").count()).toBe(0);
    });
});

test("a check the registry refuses says so, never 'up to date'", async () => {
    await visit({
        scenario: "booted-only", adjust: s => { s.faults.authFailRegistries = ["quay.io"]; },
    }, async ({ app }) => {
        await app.locator("#update-check").click();
        const status = app.locator("#update-status[data-state='check-failed']");
        await status.waitFor();
        expect(await text(status.locator(".ct-bootc-message")))
            .toBe("access to the requested resource is not authorized");
    });
});

test("local rpm-ostree changes: no update, and why", async () => {
    await visit({ scenario: "incompatible" }, async ({ app, host }) => {
        const status = app.locator("#update-status[data-state='blocked']");
        await status.waitFor();
        expect(await text(status)).toContain("rpm-ostree reset");
        expect(await app.locator("#update-check").count()).toBe(0);
        expect(callsOf(host, "upgrade")).toEqual([]);
    });
});

test("cancelled mid-download: nothing staged, and it can start again", async () => {
    await visit({ scenario: "booted-only", adjust: s => { slowPull(s); updateKnown(s); } }, async ({ app, host }) => {
        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        await app.locator("#operation[data-phase='pulling']").waitFor();
        await app.locator("#operation-cancel").click();
        const result = app.locator("#operation-result[data-outcome='cancelled']");
        await result.waitFor();
        expect(await text(result)).toContain("The deployments are as they were before it started.");
        expect(host.state().staged).toBeNull();
        expect(await app.locator("#update-start").isEnabled()).toBe(true);
    });
});

test("stopped on the host mid-download, then killed outright: each said without a reload", async () => {
    await visit({ scenario: "booted-only", adjust: s => { slowPull(s); updateKnown(s); } }, async ({ app, host }) => {
        const opFile = (name: string) => readFileSync(host.hostFile(`/run/cockpit-bootc/op/${name}`), "utf8");
        const pulling = async () => {
            await app.locator("#update-start").click();
            await app.locator("#update-dialog-start").click();
            await app.locator("#operation[data-phase='pulling']").waitFor();
            return { runner: Number(opFile("state").split(" ")[1]), bootc: Number(opFile("child.pid")) };
        };

        // as "systemctl stop" does: SIGTERM to the runner
        const first = await pulling();
        process.kill(first.runner, "SIGTERM");
        const stopped = app.locator("#operation-result[data-outcome='stopped']");
        await stopped.waitFor();
        expect(await text(stopped)).toContain("It was sent SIGTERM from outside this page");
        expect(host.state().staged).toBeNull();
        await stopped.locator("button[aria-label='Dismiss']").click();

        // as "systemctl kill -s KILL" does: nothing is left to record the end
        const second = await pulling();
        process.kill(second.runner, "SIGKILL");
        process.kill(second.bootc, "SIGKILL");
        await app.locator("#operation-result[data-outcome='lost']").waitFor({ timeout: 25_000 });
        expect(opFile("state")).toMatch(/^lost runner-gone \d+\n$/);
        expect(host.state().staged).toBeNull();
        expect(await app.locator("#update-start").isEnabled()).toBe(true);
    });
});

test("another bootc operation holds the lock: the update says it waits, then runs", async () => {
    await visit({ scenario: "booted-only", adjust: updateKnown }, async ({ app, host }) => {
        await app.locator("#update-start").waitFor();
        // e.g. the automatic update timer, started after the page loaded
        host.update(s => { s.faults.lockHeldUntil = Date.now() + 14_000; });
        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        await app.locator("#operation-waiting").waitFor({ timeout: 15_000 });
        expect(await text(app.locator("#operation-waiting"))).toContain("waiting for another bootc operation");
        await app.locator("#staged-banner").waitFor({ timeout: 30_000 });
        expect(host.state().staged).not.toBeNull();
    });
});

test("after staging an update, a switch to another tag: no stale \"update available\", and the staged image is the switched one", async () => {
    await visit({ scenario: "booted-only", adjust: updateKnown }, async ({ app, page, host }) => {
        await app.locator("#update-status[data-state='available']").waitFor();
        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        await app.locator("#staged-banner[data-kind='staged']").waitFor({ timeout: 30_000 });
        await app.locator("#operation-result button[aria-label='Dismiss']").click();

        const states = await recordUpdateStates(page);
        await app.locator("#switch-image").click();
        await app.locator("#switch-dialog-image").fill(`${FEDORA}:43`);
        await app.locator("#switch-dialog-start").click();
        await app.locator("#operation-result[data-outcome='succeeded']").waitFor({ timeout: 30_000 });
        await app.locator("#update-status-title", { hasText: `Update staged: reboots into ${BUILDS.next.version}` })
            .waitFor();
        // the booted deployment still caches the :42 build, but :43 is tracked now: no update is offered
        expect(host.state().booted?.cachedUpdate).toBe(host.state().registry[FEDORA]?.["42"]);
        expect(await states()).not.toContain("available");
        expect(await app.locator("#update-start").count()).toBe(0);
        expect(await text(app.locator("#staged-banner"))).toContain(`Reboot to apply ${BUILDS.next.version}`);
    });
});

test("composefs: a check that prints only the layer diff finds the update; the pull moves on to staged", async () => {
    await visit({ scenario: "composefs", adjust: slowPull }, async ({ app, host }) => {
        await app.locator("#update-check").click();
        await app.locator("#update-status[data-state='available']").waitFor();
        expect(await text(app.locator("#update-status-title"))).toBe("Update available: a newer build");
        expect(host.state().booted?.cachedUpdate).toBeNull();

        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        await app.locator("#operation[data-phase='pulling']").waitFor();
        // bootc reports neither the size nor when deploying starts: no bar that stops short
        expect(await app.locator("#operation-progress").count()).toBe(0);
        await app.locator("#operation-layers", { hasText: /^Layers downloaded: [1-5] · 6 already present$/ })
            .waitFor({ timeout: 20_000 });
        await app.locator("#operation-result[data-outcome='succeeded']").waitFor({ timeout: 60_000 });
        await app.locator("#staged-banner[data-kind='staged']").waitFor();
        expect(host.state().staged?.digest).toBe(host.state().registry[FEDORA]?.["42"]);
    });
});

test("a check refused by the registry's token service (403) is an access problem, with the auth.json hint", async () => {
    await visit({
        scenario: "booted-only", adjust: s => { s.faults.tokenRefusedRegistries = ["quay.io"]; },
    }, async ({ app }) => {
        await app.locator("#update-check").click();
        const status = app.locator("#update-status[data-state='check-failed']");
        await status.waitFor();
        expect(await text(status)).toContain("/etc/ostree/auth.json");
        expect(await text(status.locator(".ct-bootc-message")))
            .toBe("invalid status code from registry 403 (Forbidden)");
    });
});
