// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: an admin finds "OS Images" in Cockpit's menu on a machine with bootc, and not without it.
import { useBrowser, visit } from "./harness";

useBrowser();

test("the page in Cockpit's shell, listed as OS Images", async () => {
    await visit({ scenario: "demo", shell: true }, async ({ app, page }) => {
        await page.getByRole("link", { name: "OS Images" }).waitFor();
        await app.locator("#deployments-table").waitFor();
        await app.locator("tr.ct-deployment-row[data-role='booted']").waitFor();
    });
});

test("without bootc: the menu hides the page, or (Cockpit 287) the page says bootc is missing", async () => {
    await visit({ scenario: "demo", bootc: false, shell: true }, async ({ host, page, app }) => {
        const manifests = await (await fetch(`${host.url}/cockpit/@localhost/manifests.json`))
            .json() as Record<string, unknown>;
        if ("bootc" in manifests) {
            // cockpit-bridge 287 (Debian 12) ignores manifest conditions: the entry stays, and the page
            // itself says what is wrong
            await page.getByRole("link", { name: "OS Images" }).click();
            await app.locator("#state-bootc-missing").getByText("bootc is not installed").waitFor();
        } else {
            // bridges that honour `conditions` drop the package when /usr/bin/bootc is missing
            await page.getByRole("link", { name: "Overview" }).waitFor();
            expect(await page.getByRole("link", { name: "OS Images" }).count()).toBe(0);
        }
    });
});
