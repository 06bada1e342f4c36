// SPDX-License-Identifier: LGPL-2.1-or-later
// Stories: an admin sees the bound images the running OS declares and whether bootc has them, what a
// staged update changes, and a missing image and a declaration bootc refuses.
import { symlinkSync } from "node:fs";

import type { Locator } from "playwright-core";

import { callsOf, useBrowser, visit } from "./harness";

useBrowser();

async function texts(locator: Locator): Promise<string[]> {
    return (await locator.allTextContents()).map(t => t.trim());
}

test("the booted OS's bound images, all stored, and what the staged update changes", async () => {
    await visit({ scenario: "staged-rollback" }, async ({ app, host }) => {
        const rows = app.locator("#bound-images-table tr.ct-bound-row");
        await rows.first().waitFor();
        expect(await rows.evaluateAll(els => els.map(el => el.getAttribute("data-image")))).toEqual([
            "quay.io/curl/curl-base:latest", "quay.io/curl/curl:latest", "registry.access.redhat.com/ubi9/podman:latest",
        ]);
        expect(await texts(rows.locator(".ct-bound-storage"))).toEqual(["Stored", "Stored", "Stored"]);
        expect(await texts(rows.nth(1).locator("code"))).toEqual(["curl.container"]);
        await app.locator("#bound-images-floating-help").waitFor();

        const changes = app.locator("#bound-images-staged li");
        expect(await changes.evaluateAll(els => els.map(el => el.getAttribute("data-change")))).toEqual(["added", "removed"]);
        expect(await texts(changes)).toEqual([
            "Adds quay.io/fedora/postgresql-16:20251110",
            "Removes registry.access.redhat.com/ubi9/podman:latest (bootc prunes it from its storage once no deployment declares it)",
        ]);
        expect(callsOf(host, "image")).toEqual(expect.arrayContaining([
            ["bootc", "image", "list", "--type=logical", "--format=json"],
            ["bootc", "image", "cmd", "list", "--format=json"],
        ]));
    });
});

test("a bound image missing from storage, and a declaration bootc refuses", async () => {
    await visit({ scenario: "booted-only" }, async ({ app, host, page }) => {
        await app.locator("#bound-images-table").waitFor();
        // someone removed it from bootc's storage, and a bad declaration was dropped into the root
        host.update(s => { s.boundStorage = s.boundStorage.filter(ref => ref !== "quay.io/curl/curl:latest"); });
        host.writeHostFile("/usr/share/containers/systemd/jboss.image", "[Image]\nImage=registry.redhat.io/jboss-webserver-5/jws5-rhel8-operator:latest\nAuthFile=/root/auth.json\n");
        symlinkSync("/usr/share/containers/systemd/jboss.image", host.hostFile("/usr/lib/bootc/bound-images.d/jboss.image"));
        await page.reload();

        const curl = app.locator("#bound-images-table tr.ct-bound-row[data-image='quay.io/curl/curl:latest']");
        await curl.waitFor();
        expect(await curl.locator(".ct-bound-storage").getAttribute("data-stored")).toBe("no");
        expect((await app.locator("#bound-images-missing").textContent())).toContain("1 of them are not in bootc's storage");
        const jboss = app.locator("#bound-images-table tr.ct-bound-row[data-problem='auth-file']");
        expect(await jboss.textContent()).toContain("bootc refuses this declaration: AuthFile is not supported by bound bootc images");
        expect(await app.locator("#bound-images-list-error").textContent()).toContain("AuthFile is not supported by bound bootc images");
    });
});
