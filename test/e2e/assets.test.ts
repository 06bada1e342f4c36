// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: the page arrives small. Its script and styles come gzipped from cockpit-ws (the package holds
// only index.js.gz and index.css.gz), its fonts are the ones Cockpit serves, and nothing it asks for
// is missing, by itself or inside the shell.
import type { Page, Response } from "playwright-core";

import { useBrowser, visit } from "./harness";

useBrowser();

interface Loaded {
    /** the frame that asked: the page's own, or (inside the shell) the shell's */
    frame: string;
    path: string;
    status: number;
    encoding: string | undefined;
}

interface Failed {
    frame: string;
    request: string;
}

/** Every response the browser gets from now on, and every request that failed. */
function record(page: Page, base: string): { loaded: Loaded[]; failed: Failed[] } {
    const loaded: Loaded[] = [];
    const failed: Failed[] = [];
    page.on("response", (response: Response) => {
        if (response.url().startsWith(base)) {
            loaded.push({
                frame: response.request().frame().name(),
                path: response.url().slice(base.length).replace(/^\/cockpit\/\$[0-9a-f]+\//, "/cockpit/@localhost/"),
                status: response.status(),
                encoding: response.headers()["content-encoding"],
            });
        }
    });
    page.on("requestfailed", request => failed.push({
        frame: request.frame().name(), request: `${request.url()}: ${request.failure()?.errorText ?? ""}`,
    }));
    return { loaded, failed };
}

/** What the page's frame (FRAME: "" by itself) asked for; the shell's own requests are the shell's. */
function checkPage(all: Loaded[], allFailed: Failed[], frame: string): void {
    const loaded = all.filter(l => l.frame === frame);
    const ours = (name: string) => loaded.find(l => l.path.endsWith(`/bootc/${name}`));
    expect(ours("index.js")).toMatchObject({ status: 200, encoding: "gzip" });
    expect(ours("index.css")).toMatchObject({ status: 200, encoding: "gzip" });
    // no font of the page's own: Cockpit's, and all of them there
    const fonts = loaded.filter(l => l.path.endsWith(".woff2"));
    for (const font of fonts) {
        expect(font.path).toMatch(/^\/cockpit\/static\/fonts\/RedHat(Text|Display|Mono)-\w+\.woff2$/);
        expect(font.status).toBe(200);
    }
    expect(loaded.filter(l => l.path.includes("/bootc/") && l.status >= 400)).toEqual([]);
    expect(allFailed.filter(f => f.frame === frame).map(f => f.request)).toEqual([]);
}

test("by itself: gzipped script and styles, Cockpit's fonts, nothing missing", async () => {
    await visit({ scenario: "staged-rollback" }, async ({ host, page }) => {
        // the first load done (a reload would abort what it still fetches), then a load from the start
        await page.locator("tr.ct-deployment-row[data-role='booted'] .ct-version").waitFor();
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const seen = record(page, host.url);
        await page.reload();
        await page.locator("tr.ct-deployment-row[data-role='booted'] .ct-version").waitFor();
        // headings, body text and a digest: the faces that the first screen uses
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        checkPage(seen.loaded, seen.failed, "");
        expect(seen.loaded.filter(l => l.path.endsWith(".woff2")).length).toBeGreaterThan(0);
        const families = await page.evaluate(() => [...document.fonts].filter(f => f.status === "loaded")
            .map(f => f.family.replace(/"/g, "")));
        expect(families).toEqual(expect.arrayContaining(["RedHatText", "RedHatDisplay"]));
    });
});

test("inside the shell: the same files, the fonts the shell has too (or has cached)", async () => {
    await visit({ scenario: "staged-rollback", shell: true }, async ({ host, page, app }) => {
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version").waitFor();
        const first = page.frame({ name: "cockpit1:localhost/bootc" });
        await first?.evaluate(() => document.fonts.ready.then(() => undefined));
        const seen = record(page, host.url);
        await page.reload();
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version").waitFor();
        const frame = page.frame({ name: "cockpit1:localhost/bootc" });
        await frame?.evaluate(() => document.fonts.ready.then(() => undefined));
        checkPage(seen.loaded, seen.failed, "cockpit1:localhost/bootc");
    });
});
