// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: the page arrives small. Its script and styles come gzipped from cockpit-ws (the package holds
// only index.js.gz and index.css.gz), its fonts are the ones Cockpit serves, and nothing it asks for
// is missing, by itself or inside the shell.
import type { Page, Response } from "playwright-core";

import { useBrowser, visit } from "./harness";

useBrowser();

interface Loaded {
    path: string;
    status: number;
    encoding: string | undefined;
}

/** Every response the browser gets from now on, and every request that failed. */
function record(page: Page, base: string): { loaded: Loaded[]; failed: string[] } {
    const loaded: Loaded[] = [];
    const failed: string[] = [];
    page.on("response", (response: Response) => {
        if (response.url().startsWith(base)) {
            loaded.push({
                path: response.url().slice(base.length).replace(/^\/cockpit\/\$[0-9a-f]+\//, "/cockpit/@localhost/"),
                status: response.status(),
                encoding: response.headers()["content-encoding"],
            });
        }
    });
    page.on("requestfailed", request => failed.push(`${request.url()}: ${request.failure()?.errorText ?? ""}`));
    return { loaded, failed };
}

function checkPage(loaded: Loaded[], failed: string[]): void {
    const ours = (name: string) => loaded.find(l => l.path.endsWith(`/bootc/${name}`));
    expect(ours("index.js")).toMatchObject({ status: 200, encoding: "gzip" });
    expect(ours("index.css")).toMatchObject({ status: 200, encoding: "gzip" });
    // no font of the page's own: Cockpit's, and all of them there
    const fonts = loaded.filter(l => l.path.endsWith(".woff2"));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
        expect(font.path).toMatch(/^\/cockpit\/static\/fonts\/RedHat(Text|Display|Mono)-\w+\.woff2$/);
        expect(font.status).toBe(200);
    }
    expect(loaded.filter(l => l.path.includes("/bootc/") && l.status >= 400)).toEqual([]);
    expect(failed.filter(url => url.includes("/bootc/") || url.includes("/fonts/"))).toEqual([]);
}

test("by itself: gzipped script and styles, Cockpit's fonts, nothing missing", async () => {
    await visit({ scenario: "staged-rollback" }, async ({ host, page }) => {
        const seen = record(page, host.url);
        await page.reload();
        await page.locator("tr.ct-deployment-row[data-role='booted'] .ct-version").waitFor();
        // headings, body text and a digest: the faces that the first screen uses
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        checkPage(seen.loaded, seen.failed);
        const families = await page.evaluate(() => [...document.fonts].filter(f => f.status === "loaded")
            .map(f => f.family.replace(/"/g, "")));
        expect(families).toEqual(expect.arrayContaining(["RedHatText", "RedHatDisplay"]));
    });
});

test("inside the shell: the same files, the fonts the shell has too", async () => {
    await visit({ scenario: "staged-rollback", shell: true }, async ({ host, page, app }) => {
        const seen = record(page, host.url);
        await page.reload();
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version").waitFor();
        const frame = page.frame({ name: "cockpit1:localhost/bootc" });
        await frame?.evaluate(() => document.fonts.ready.then(() => undefined));
        checkPage(seen.loaded, seen.failed);
    });
});
