// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: an administrator logged in with limited access opens the page. It says bootc needs
// administrative access, runs nothing, and updates by itself once access is turned on in the shell.
// (The test host's user may sudo without a password, so the shell grants access without a prompt.)
import { bootcCalls, useBrowser, visit } from "./harness";

useBrowser();

test("administrative access: needed, then turned on in the shell, and the page follows", async () => {
    await visit({ scenario: "demo", user: "admin", shell: true }, async ({ app, page, host }) => {
        await app.locator("#state-admin-required").getByText("Administrative access is required").waitFor();
        // bootc never ran without root (the page only looked for bootc processes, with systemctl show)
        expect(bootcCalls(host)).toEqual([]);

        await page.getByRole("button", { name: "Limited access" }).click();
        await page.getByRole("dialog").getByText("You now have administrative access.").waitFor();
        await app.locator("#deployments-table tr.ct-deployment-row[data-role='booted']").waitFor();
        await app.locator("#bound-images-table").waitFor();
        // status, then the image cards' three listings, all as root; `bootc --version` needs no root
        const calls = bootcCalls(host).map(call => [call.argv[1], call.uid === 0 ? "root" : "admin"]);
        expect(calls[0]).toEqual(["status", "root"]);
        expect(calls.slice(1).sort())
            .toEqual([["--version", "admin"], ["image", "root"], ["image", "root"], ["image", "root"]]);
    });
});
