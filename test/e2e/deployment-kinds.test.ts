// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: the page reads every kind of bootc host correctly: pinned deployments, local rpm-ostree
// changes, the composefs backend, a newer bootc with fields we do not know, host-wide conditions.
import type { Locator } from "playwright-core";

import { BUILDS } from "../sim/scenarios";

import { callsOf, useBrowser, visit } from "./harness";

useBrowser();

async function texts(locator: Locator): Promise<string[]> {
    await locator.first().waitFor();
    return (await locator.allTextContents()).map(t => t.trim());
}

test("pinned other deployments, in other stateroots too", async () => {
    await visit({ scenario: "pinned" }, async ({ app }) => {
        const rows = app.locator("#deployments-table tr.ct-deployment-row");
        expect(await texts(rows.locator(".ct-role"))).toEqual(["Booted", "Other", "Other"]);
        expect(await texts(rows.nth(1).locator(".ct-flag-pinned"))).toEqual(["Pinned"]);
        expect(await texts(rows.nth(2).locator(".ct-flag-pinned"))).toEqual(["Pinned"]);
        expect(await texts(rows.locator(".ct-version")))
            .toEqual([BUILDS.booted.version, BUILDS.rollback.version, BUILDS.next.version]);
        await rows.nth(2).getByRole("button", { name: "Details" }).click();
        expect(await texts(app.locator(".ct-deployment-details [data-field='stateroot'] dd")))
            .toEqual(["fedora-43-test"]);
        expect(await texts(app.locator(".ct-deployment-details [data-field='pinned'] dd"))).toEqual(["Yes"]);
    });
});

test("a booted deployment with local rpm-ostree changes", async () => {
    await visit({ scenario: "incompatible" }, async ({ app }) => {
        await app.locator("#notice-incompatible").waitFor();
        expect(await texts(app.locator("#notice-incompatible .pf-v6-c-alert__title")))
            .toEqual([expect.stringContaining("The running deployment has local rpm-ostree changes")]);
        const booted = app.locator("tr.ct-deployment-row[data-role='booted']");
        expect(await texts(booted.locator(".ct-flag-incompatible"))).toEqual(["Local rpm-ostree changes"]);
        // bootc reports no image for such a deployment: the row says why
        expect(await texts(booted.locator("td[data-label='Image'] div").first()))
            .toEqual(["Image not reported (local rpm-ostree changes)"]);
    });
});

test("the composefs backend", async () => {
    await visit({ scenario: "composefs" }, async ({ app, host }) => {
        expect(await texts(app.locator("#host-summary [data-field='backend'] dd"))).toEqual(["composefs (native)"]);
        await app.locator("tr.ct-deployment-row[data-role='booted']").getByRole("button", { name: "Details" }).click();
        const details = app.locator(".ct-deployment-details");
        expect(await texts(details.locator("[data-field='verity'] dd")))
            .toEqual([host.state().booted?.composefs?.verity]);
        expect(await texts(details.locator("[data-field='store'] dd"))).toEqual(["composefs (native)"]);
        expect(await texts(details.locator("[data-field='bootloader'] dd"))).toEqual(["systemd"]);
        expect(await details.locator("[data-field='checksum']").count()).toBe(0);
    });
});

test("a newer bootc that prints fields we do not know", async () => {
    await visit({ scenario: "extra-fields" }, async ({ app }) => {
        const rows = app.locator("#deployments-table tr.ct-deployment-row");
        expect(await texts(rows.locator(".ct-role"))).toEqual(["Booted", "Rollback"]);
        expect(await app.locator("#state-bad-output").count()).toBe(0);
    });
});

test("an old bootc (1.1) without the newer fields", async () => {
    await visit({ scenario: "old-bootc" }, async ({ app }) => {
        const rows = app.locator("#deployments-table tr.ct-deployment-row");
        expect(await texts(rows.locator(".ct-role"))).toEqual(["Booted", "Rollback"]);
    });
});

test.each([
    ["0.1.9 (v1alpha1, no --format-version: read with --json)", "bootc-0.1"],
    ["1.2 (no stateroot; errors as \"ERROR\")", "bootc-1.2"],
])("bootc %s: its deployments, not \"not a bootc host\"", async (_label, scenario) => {
    await visit({ scenario }, async ({ app, host }) => {
        const rows = app.locator("#deployments-table tr.ct-deployment-row");
        await rows.first().waitFor();
        expect(await texts(rows.locator(".ct-role"))).toEqual(["Booted", "Rollback"]);
        expect(await app.locator("#state-not-bootc").count()).toBe(0);
        const statusCalls = callsOf(host, "status");
        if (scenario === "bootc-0.1") {
            expect(statusCalls.slice(0, 2))
                .toEqual([["bootc", "status", "--format=json", "--format-version=1"], ["bootc", "status", "--json"]]);
            expect(statusCalls.slice(2).every(argv => argv.join(" ") === "bootc status --json")).toBe(true);
        }
        await rows.first().getByRole("button", { name: "Details" }).click();
        const details = app.locator(".ct-deployment-details");
        await details.waitFor();
        // bootc before 1.3.0 does not name the stateroot: the page does not make one up
        expect(await details.locator("[data-field='stateroot']").count()).toBe(0);
    });
});

test.each([
    ["read-only media", "read-only", "#notice-read-only"],
    ["a writable /usr overlay", "usr-overlay", "#notice-usr-overlay"],
    ["a queued rollback", "rollback-queued", "#rollback-banner"],
    ["a download-only update", "download-only", "#staged-banner[data-kind='download-only']"],
])("host conditions: %s", async (_label, scenario, notice) => {
    await visit({ scenario }, async ({ app }) => {
        await app.locator(notice).waitFor();
        if (scenario === "rollback-queued") {
            expect(await texts(app.locator("tr.ct-deployment-row[data-role='rollback'] .ct-flag-boots-next"))).toEqual(["Boots next"]);
            expect(await texts(app.locator("#host-summary [data-field='next-boot'] dd")))
                .toEqual([`${BUILDS.rollback.version} (rollback queued)`]);
        }
        if (scenario === "download-only") {
            expect(await texts(app.locator("tr.ct-deployment-row[data-role='staged'] .ct-flag-download-only"))).toEqual(["Download only"]);
            expect(await texts(app.locator("tr.ct-deployment-row[data-role='booted'] .ct-flag-boots-next"))).toEqual(["Boots next"]);
        }
    });
});
