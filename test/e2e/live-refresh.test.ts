// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: the page stays current without polling. Idle, it runs nothing; when bootc changes the system
// (here: an admin runs `bootc upgrade` in a terminal) the page updates by itself.
import { BUILDS } from "../sim/scenarios";

import { bootcCalls, callsOf, useBrowser, visit } from "./harness";

useBrowser();

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

test("no bootc call while the page sits idle", async () => {
    await visit({ scenario: "demo" }, async ({ app, host }) => {
        await app.locator("#deployments-table").waitFor();
        await app.locator("#bound-images-table").waitFor();
        // on load: status, bootc's version (read once, with the other host facts), then the image
        // cards' three listings (the look for bootc processes may ask systemctl show, which is no bootc call)
        const afterLoad = host.calls().length;
        expect(bootcCalls(host).map(call => call.argv.slice(1, 4).join(" ")).sort()).toEqual([
            "--version",
            "image cmd list",
            "image list --type=host",
            "image list --type=logical",
            "status --format=json --format-version=1",
        ]);
        await sleep(6000);
        expect(host.calls()).toHaveLength(afterLoad);
    });
});

test("an upgrade run in a terminal shows up by itself", async () => {
    await visit({ scenario: "booted-only" }, async ({ app, host }) => {
        const rows = app.locator("#deployments-table tr.ct-deployment-row");
        await rows.first().waitFor();
        expect(await rows.count()).toBe(1);

        const upgrade = await host.runBootc(["upgrade"]);
        expect(upgrade.code).toBe(0);

        await app.locator("tr.ct-deployment-row[data-role='staged']").waitFor();
        expect((await app.locator("tr.ct-deployment-row[data-role='staged'] .ct-version").textContent())?.trim())
            .toBe(BUILDS.update.version);
        await app.locator("#host-summary [data-field='next-boot'] dd", { hasText: `${BUILDS.update.version} (staged` })
            .waitFor();
        // the page read status once on load and once (or twice, if the watch saw two events) after the change
        const reads = callsOf(host, "status").length;
        expect(reads).toBeGreaterThanOrEqual(2);
        expect(reads).toBeLessThanOrEqual(3);
    });
});

test("a rollback queued in a terminal shows up by itself", async () => {
    await visit({ scenario: "demo" }, async ({ app, host }) => {
        await app.locator("#deployments-table").waitFor();
        expect((await host.runBootc(["rollback"])).stdout).toBe("Next boot: rollback deployment\n");
        await app.locator("#rollback-banner").waitFor();
        await app.locator("tr.ct-deployment-row[data-role='rollback'] .ct-flag-boots-next").waitFor();
    });
});

test("bootc busy: the page says another operation runs, and shows the host once it ends", async () => {
    // the lock is held for 14 s: status times out after 10 s (busy), a retry then waits for the lock
    await visit({
        scenario: "demo", adjust: s => { s.faults.lockHeldUntil = Date.now() + 14_000; },
    }, async ({ app, host }) => {
        await app.locator("#state-loading").waitFor();
        await app.locator("#state-busy").getByText("Another bootc operation is running").waitFor({ timeout: 15_000 });
        expect(await app.locator("#deployments-table").count()).toBe(0);
        await app.locator("#deployments-table").waitFor({ timeout: 20_000 });
        const reads = callsOf(host, "status").length;
        expect(reads).toBeGreaterThanOrEqual(2);
        expect(reads).toBeLessThanOrEqual(3);
        // and once the host is shown, the retries stop
        await sleep(3000);
        expect(callsOf(host, "status")).toHaveLength(reads);
    });
});
