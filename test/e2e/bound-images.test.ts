// SPDX-License-Identifier: LGPL-2.1-or-later
// Stories: an admin sees the bound images the running OS declares and whether bootc has them, what a
// staged update changes, a missing image and a declaration bootc refuses; and copies a host image into
// podman's storage.
import { symlinkSync } from "node:fs";

import type { Locator } from "playwright-core";

import { BUILDS } from "../sim/scenarios";
import type { SimState } from "../sim/src/state";

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
            "quay.io/curl/curl-base:latest",
            "quay.io/curl/curl:latest",
            "registry.access.redhat.com/ubi9/podman:latest",
        ]);
        expect(await texts(rows.locator(".ct-bound-storage"))).toEqual(["Stored", "Stored", "Stored"]);
        expect(await texts(rows.nth(1).locator("code"))).toEqual(["curl.container"]);
        await app.locator("#bound-images-floating-help").waitFor();

        const changes = app.locator("#bound-images-staged li");
        expect(await changes.evaluateAll(els => els.map(el => el.getAttribute("data-change"))))
            .toEqual(["added", "removed"]);
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
        symlinkSync(
            "/usr/share/containers/systemd/jboss.image", host.hostFile("/usr/lib/bootc/bound-images.d/jboss.image"),
        );
        await page.reload();

        const curl = app.locator("#bound-images-table tr.ct-bound-row[data-image='quay.io/curl/curl:latest']");
        await curl.waitFor();
        expect(await curl.locator(".ct-bound-storage").getAttribute("data-stored")).toBe("no");
        expect((await app.locator("#bound-images-missing").textContent()))
            .toContain("1 of them is not in bootc's storage");
        const jboss = app.locator("#bound-images-table tr.ct-bound-row[data-problem='auth-file']");
        expect(await jboss.textContent()).toContain("bootc refuses this declaration: AuthFile is not supported by bound bootc images");
        expect(await app.locator("#bound-images-list-error").textContent())
            .toContain("AuthFile is not supported by bound bootc images");
    });
});

test("an update whose bound image the registry refuses: staged all the same, and the page says which image", async () => {
    const adjust = (s: SimState) => {
        const digest = s.registry["quay.io/fedora/fedora-bootc"]?.["42"] ?? "";
        const app = { file: "app.image", content: "[Image]\nImage=registry.example.com/app:1\n" };
        s.manifests[digest]?.boundImages.push(app);
        s.faults.authFailRegistries = ["registry.example.com"];
        if (s.booted)
            s.booted.cachedUpdate = digest;
    };
    await visit({ scenario: "booted-only", adjust }, async ({ app, host }) => {
        await app.locator("#update-start").click();
        await app.locator("#update-dialog-start").click();
        const result = app.locator("#operation-result[data-outcome='failed']");
        await result.waitFor({ timeout: 30_000 });
        expect(await result.getAttribute("data-cause")).toBe("bound-images");
        expect(await result.textContent())
            .toContain(`${BUILDS.update.version} is staged, but its bound image registry.example.com/app:1 could not be pulled.`);
        // bootc wrote the deployment before it pulled the bound images (deploy.rs)
        await app.locator("tr.ct-deployment-row[data-role='staged']").waitFor();
        expect(host.state().staged?.digest).toBe(host.state().registry["quay.io/fedora/fedora-bootc"]?.["42"]);
    });
});

test("copy a host image to container storage: a name refused, the copy running, done; then a copy that fails", async () => {
    const adjust = (s: SimState) => { s.timing = { ...s.timing, bytesPerSecond: 250_000_000, tickMs: 20 }; };
    await visit({ scenario: "pinned", adjust }, async ({ app, host }) => {
        const row = app.locator("#host-images-table tr.ct-host-image-row[data-image='docker://quay.io/fedora/fedora-bootc:43']");
        await row.waitFor();
        expect(await texts(row.locator(".ct-host-image-use"))).toEqual([`Other ${BUILDS.next.version}`]);
        expect(
            await app.locator("#host-images-table tr.ct-host-image-row")
                .evaluateAll(els => els.map(el => el.getAttribute("data-image"))),
        )
            .toEqual(["docker://quay.io/fedora/fedora-bootc:42", `docker://quay.io/fedora/fedora-bootc:${BUILDS.rollback.version}`, "docker://quay.io/fedora/fedora-bootc:43"]);

        await row.getByRole("button", { name: "Copy to container storage…" }).click();
        const dialog = app.locator("#copy-dialog");
        const name = dialog.locator("#copy-dialog-target");
        expect(await name.inputValue()).toBe("localhost/bootc");
        await name.fill("localhost/fedora:43; reboot");
        expect(await dialog.locator("#copy-dialog-target-error").textContent()).toContain("It contains a space");
        await name.press("Enter");
        expect(callsOf(host, "image").filter(argv => argv[2] === "copy-to-storage")).toEqual([]);

        await name.fill("localhost/fedora:43");
        await dialog.getByRole("button", { name: "Copy" }).click();
        await dialog.waitFor({ state: "detached" });
        const card = app.locator("#operation[data-operation='copy-to-storage']");
        expect(await card.locator("h2").textContent()).toBe(`Copying quay.io/fedora/fedora-bootc:43 (${BUILDS.next.version}) to container storage as localhost/fedora:43`);
        await card.locator("#operation-output", { hasText: "Copying blob" }).waitFor();
        expect(await card.getByRole("button", { name: "Cancel" }).count()).toBe(0);

        const result = app.locator("#operation-result[data-outcome='succeeded']");
        await result.waitFor({ timeout: 30_000 });
        expect(await result.textContent()).toMatch(new RegExp(`Copied quay\\.io/fedora/fedora-bootc:43 \\(${BUILDS.next.version.replace(/\./g, "\\.")}\\) to container storage as localhost/fedora:43 \\([0-9a-f]{12}\\)`));
        expect(await result.locator("#operation-usage").textContent())
            .toContain("podman run --rm -it localhost/fedora:43 /bin/bash");
        expect(host.state().containersStorage).toEqual(["localhost/fedora:43"]);
        expect(callsOf(host, "image").filter(argv => argv[2] === "copy-to-storage")).toEqual([
            [
                "bootc", "image", "copy-to-storage", "--source=docker://quay.io/fedora/fedora-bootc:43",
                "--target=localhost/fedora:43",
            ],
        ]);

        // the storage fills up during the next copy
        host.update(s => { s.faults.copyError = "writing blob: adding layer with blob \"sha256:4f\": write /var/lib/containers/storage/overlay/4f/diff/usr/lib64/libLLVM.so.19: no space left on device"; });
        await result.getByRole("button", { name: "Dismiss" }).click();
        await result.waitFor({ state: "detached" });
        const booted = app.locator("#host-images-table tr.ct-host-image-row[data-image='docker://quay.io/fedora/fedora-bootc:42']");
        await booted.getByRole("button", { name: "Copy to container storage…" }).click();
        await dialog.getByRole("button", { name: "Copy" }).click();
        const failure = app.locator("#operation-result[data-outcome='failed']");
        await failure.waitFor({ timeout: 30_000 });
        expect(await failure.getAttribute("data-cause")).toBe("disk-space");
        expect(await failure.textContent()).toContain("no space left on device");
        expect(await failure.textContent()).toContain("/var/lib/containers");
        expect(await failure.textContent()).toContain("The deployments are not affected.");
        expect(host.state().containersStorage).toEqual(["localhost/fedora:43"]);
    });
});
