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
    await visit({ scenario: "demo", bootc: false, shell: true }, async ({ host, page, app, problems }) => {
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
            // the test opened /bootc: the shell asks for the page's frame before it knows that the
            // package is gone, and the browser logs the 404 (once, nothing else of ours)
            const missing = problems.filter(p => p.includes("404") && p.includes("/bootc/index.html"));
            expect(missing.length).toBeLessThanOrEqual(1);
            problems.splice(0, problems.length, ...problems.filter(p => !missing.includes(p)));
        }
    });
});
