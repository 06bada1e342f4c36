// SPDX-License-Identifier: LGPL-2.1-or-later
// e2e tests: the page in a real cockpit-ws and Debian's Chromium, against the bootc simulator.
// One browser per test file; each test gets its own simulated host (its own cockpit-ws on a free port,
// so the bridge's 15 s idle exit never bites) and a fresh browser context. Console errors (and, for the
// page on its own, warnings) and CSP violations fail the test; a failing test leaves a screenshot in
// test/e2e/artifacts/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";
import type { Browser, FrameLocator, Page } from "playwright-core";

import { TestHost } from "../sim/host";
import type { TestHostOptions } from "../sim/host";

export const ARTIFACTS = join(__dirname, "artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export interface Visit {
    host: TestHost;
    page: Page;
    /** the page's document: the iframe inside the shell, or the page itself */
    app: Page | FrameLocator;
    /** console errors, page errors and CSP violations seen so far */
    problems: string[];
}

export interface VisitOptions extends TestHostOptions {
    /** open the page inside Cockpit's shell instead of by itself */
    shell?: boolean;
    viewport?: { width: number; height: number };
    /** the browser's prefers-color-scheme (Cockpit's "auto" style follows it) */
    colorScheme?: "light" | "dark";
    /** the browser's language (Accept-Language: Cockpit serves the matching translation) */
    locale?: string;
}

let browser: Browser | null = null;

/** Call at the top of an e2e file: one Chromium for the file. */
export function useBrowser(): void {
    jest.setTimeout(90_000);
    beforeAll(async () => {
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    });
    afterAll(async () => {
        await browser?.close();
        browser = null;
    });
}

function safeName(name: string): string {
    return name.replace(/[^\w.-]+/g, "-").slice(0, 120);
}

/**
 * Starts a simulated host, opens the page, runs the test body, and always cleans up. Fails when the
 * page logged an error or violated the content security policy.
 */
export async function visit(options: VisitOptions, body: (visit: Visit) => Promise<void>): Promise<void> {
    if (!browser)
        throw new Error("call useBrowser() in the test file");
    const host = await TestHost.start(options);
    const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 900 }, colorScheme: options.colorScheme ?? "light",
        locale: options.locale ?? "en-US",
    });
    const problems: string[] = [];
    await context.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", event => {
            console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
        });
    });
    const page = await context.newPage();
    page.on("console", message => {
        // warnings count too, for the page by itself (in the shell they cannot be told apart from the shell's)
        if (message.type() === "error" || (message.type() === "warning" && !options.shell))
            problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", error => problems.push(`page error: ${error.message}`));

    const state = expect.getState();
    try {
        await page.goto(options.shell ? host.shellUrl : host.pageUrl);
        const app = options.shell ? page.frameLocator("iframe[name='cockpit1:localhost/bootc']") : page;
        await body({ host, page, app, problems });
        expect(problems.filter(p => !options.shell || !isShellNoise(p))).toEqual([]);
    } catch (error) {
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, `${safeName(state.currentTestName ?? "test")}.png`) })
            .catch(() => undefined);
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message}\n\nbrowser problems: ${JSON.stringify(problems, null, 1)}\n\nhost:\n${host.diagnostics()}\n\ncockpit-ws:\n${host.log.slice(-3000)}`, { cause: error });
    } finally {
        await context.close();
        await host.stop();
    }
}

/**
 * Cockpit 287's shell itself logs errors on a machine without D-Bus and systemd (this test machine):
 * they come from the shell's document, not from our page, which is checked without the shell.
 */
function isShellNoise(problem: string): boolean {
    return !problem.includes("/bootc/");
}

/** The bootc invocations so far (not systemctl's: the page looks for bootc processes with systemctl show). */
export function bootcCalls(host: TestHost): ReturnType<TestHost["calls"]> {
    return host.calls().filter(call => call.argv[0] === "bootc");
}

/** The bootc invocations of one kind so far. */
export function callsOf(host: TestHost, verb: string): string[][] {
    return host.calls().map(call => call.argv).filter(argv => argv[1] === verb);
}
