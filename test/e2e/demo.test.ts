// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: `make demo` keeps serving. Cockpit's local session ends about 15 s after the last tab closes
// (cockpit-ws asks for a login from then on); the demo starts a new one over the same simulated host,
// so the URL it printed still opens the page, without a login.
import { spawn } from "node:child_process";
import { join } from "node:path";

import { chromium } from "playwright-core";

import { freePort } from "../sim/host";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const DEMO = join(__dirname, "../../build/sim/demo.cjs");

jest.setTimeout(120_000);

test("the demo still opens the page, without a login, after its last tab closed and the session ended", async () => {
    const port = await freePort();
    const demo = spawn(process.execPath, [DEMO], {
        env: { ...process.env, DEMO_PORT: String(port), DEMO_ADDRESS: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    demo.stdout.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    demo.stderr.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise(resolve => demo.once("exit", resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    const until = async (what: string, done: () => boolean, ms: number) => {
        for (const deadline = Date.now() + ms; !done(); await new Promise(r => setTimeout(r, 200))) {
            if (Date.now() > deadline)
                throw new Error(`${what} did not happen:\n${output}`);
        }
    };
    const pageUrl = `http://127.0.0.1:${port}/cockpit/@localhost/bootc/index.html`;
    const openPage = async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(pageUrl);
        await page.locator("#deployments-table").waitFor({ timeout: 20_000 });
        await context.close();
    };
    try {
        await until("the demo's start", () => output.includes(pageUrl), 30_000);
        await openPage();
        // the tab is closed: on Cockpit 287 the session ends ~15 s later, and the demo starts a new one;
        // a Cockpit whose session outlives the tab needs none. Either way, past that time the page opens.
        const closed = Date.now();
        const restartedOrLater = () => output.includes("starting a new one") || Date.now() > closed + 25_000;
        await until("a new session, or 25 s", restartedOrLater, 40_000);
        await new Promise(r => setTimeout(r, 1000));
        await openPage();
    } finally {
        await browser.close();
        demo.kill("SIGINT");
        await exited;
    }
    expect(output).toContain("stopping the demo host");
});
