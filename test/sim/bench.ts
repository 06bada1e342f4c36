// SPDX-License-Identifier: LGPL-2.1-or-later
// The browser half of `make bench` (tools/bench.mjs prints it): what the page costs in real Cockpit and
// Chromium against the simulator, measured beside a bare page that this file builds (a package that
// spawns `bootc status` and prints the booted image, nothing else) in the same run, loads interleaved, so
// that the ratios hold on a slow or busy machine where the absolute times do not. Prints one JSON object.
// Measures only: nothing here asserts a number.
//
//   BENCH_PAIRS   interleaved loads of each page (default 15), standalone and again inside the shell
//   BENCH_IDLE_S  seconds the open page is watched for spawns while nothing happens (default 60)
//   BENCH_RUN_S   seconds an update is followed (default 30)
//   BENCH_SCALE_LOADS  loads of the scale host (10 deployments, 200 bound images; default 5)
//   BENCH_ONLY=scale  only the scale point, as JSON (to try a change to it)
//   BENCH_TRACE   if set, measures nothing of the above: prints where the time of a few standalone loads of
//                 each page goes (resources, channels opened and closed, content), as text
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";

import { TestHost } from "./host";
import type { SimState } from "./src/state";

const PAIRS = Number(process.env.BENCH_PAIRS ?? "15");
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? "60");
const RUN_S = Number(process.env.BENCH_RUN_S ?? "30");
const SCALE_LOADS = Number(process.env.BENCH_SCALE_LOADS ?? "5");
const FEDORA = "quay.io/fedora/fedora-bootc";

/** What the booted image looks like when it is on the screen, per page. */
const CONTENT = {
    bootc: "tr.ct-deployment-row[data-role='booted'] .ct-version",
    bare: "#bare-booted",
} as const;
type PageName = keyof typeof CONTENT;

/** The bare page: Cockpit's cockpit.js, one spawn, one text node. */
function writeBarePage(): string {
    const dir = mkdtempSync(join(tmpdir(), "bench-bare-"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({
        version: 0, menu: { index: { label: "Bare bootc", order: 36 } },
    }));
    writeFileSync(join(dir, "index.html"), `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bare bootc</title>
<script src="../base1/cockpit.js"></script><script defer src="bare.js"></script></head>
<body><p id="bare-booted-line">Booted: <span id="bare-out"></span></p></body></html>
`);
    writeFileSync(join(dir, "bare.js"), `"use strict";
cockpit.spawn(["bootc", "status", "--format=json", "--format-version=1"], { superuser: "try", err: "message" })
    .then(function (out) {
        var host = JSON.parse(out);
        var booted = host.status && host.status.booted;
        var out = document.getElementById("bare-out");
        out.textContent = booted && booted.image
            ? booted.image.image.image + " " + (booted.image.version || "") : "none";
        out.id = "bare-booted";
    });
`);
    return dir;
}

/**
 * Runs in every frame's document before its own scripts: notes (on the document) when the page's content
 * first appears, as an absolute time, so that a frame's moment compares with the top document's start.
 * A frame's first document is about:blank, and Chromium keeps its window for the page that replaces it
 * without running init scripts again: load() runs this again when a frame navigates.
 */
function contentProbe(selectors: string[]): void {
    const doc = document as Document & { benchContentAt?: number; benchProbed?: boolean };
    if (doc.benchProbed)
        return;
    doc.benchProbed = true;
    const check = () => {
        if (doc.benchContentAt === undefined && selectors.some(s => doc.querySelector(s)))
            doc.benchContentAt = performance.timeOrigin + performance.now();
        return doc.benchContentAt !== undefined;
    };
    const observer = new MutationObserver(() => {
        if (check())
            observer.disconnect();
    });
    // the document node exists before any of its content: watch it from the start
    if (!check())
        observer.observe(doc, { subtree: true, childList: true, attributes: true });
}

interface Load {
    contentMs: number;
    bytes: { total: number; page: number; cockpitJs: number; fonts: number; css: number; js: number };
    channelsBeforeContent: number;
    bootcCalls: number;
}

/** Counts what the browser received and what it asked the bridge to open, from a page's start. */
async function instrument(context: BrowserContext, page: Page): Promise<{
    cdp: CDPSession; received: { url: string; type: string; bytes: number }[]; opens: { at: number; frame: string }[];
}> {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const types = new Map<string, { url: string; type: string }>();
    const received: { url: string; type: string; bytes: number }[] = [];
    const opens: { at: number; frame: string }[] = [];
    cdp.on("Network.responseReceived", event => {
        types.set(event.requestId, { url: event.response.url, type: event.type });
    });
    cdp.on("Network.loadingFinished", event => {
        const known = types.get(event.requestId);
        if (known)
            received.push({ ...known, bytes: event.encodedDataLength });
    });
    // Cockpit's protocol: a control message opening a channel, sent over the one WebSocket
    cdp.on("Network.webSocketFrameSent", event => {
        const data = event.response.payloadData;
        if (data.includes("\"command\":\"open\"")) {
            const channel = /"channel":"([^"]*)"/.exec(data)?.[1] ?? "";
            opens.push({ at: Date.now(), frame: channel.includes("!") ? channel.split("!")[0] ?? "" : "" });
        }
    });
    return { cdp, received, opens };
}

async function contentAt(page: Page, frameName: string | null, selector: string): Promise<number> {
    const frameLocator = frameName ? page.frameLocator(`iframe[name='${frameName}']`) : page;
    await frameLocator.locator(selector).first().waitFor({ timeout: 30_000 });
    const frame = frameName ? page.frame({ name: frameName }) : page.mainFrame();
    for (let i = 0; i < 100; i++) {
        const at = await frame?.evaluate(() => (document as Document & { benchContentAt?: number }).benchContentAt);
        if (at !== undefined)
            return at;
        await page.waitForTimeout(10);
    }
    throw new Error(`the content probe did not see ${selector} in ${frameName ?? "the page"}`);
}

async function load(browser: Browser, host: TestHost, name: PageName, shell: boolean): Promise<Load> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(contentProbe, Object.values(CONTENT));
    const page = await context.newPage();
    page.on("framenavigated", frame => {
        frame.evaluate(contentProbe, Object.values(CONTENT)).catch(() => undefined);
    });
    const probe = await instrument(context, page);
    const before = host.calls().filter(c => c.argv[0] === "bootc").length;
    const pkg = name === "bootc" ? "bootc" : "bench-bare";
    await page.goto(shell ? `${host.url}/${pkg}` : `${host.url}/cockpit/@localhost/${pkg}/index.html`);
    const start = await page.evaluate(() => performance.timeOrigin);
    const at = await contentAt(page, shell ? `cockpit1:localhost/${pkg}` : null, CONTENT[name]);
    const fontsReady = shell ? Promise.resolve() : page.evaluate(() => document.fonts.ready.then(() => undefined));
    await fontsReady;
    await page.waitForTimeout(300);
    const ours = (url: string) => url.includes(`/${pkg}/`);
    const sum = (f: (r: { url: string; type: string }) => boolean) =>
        probe.received.filter(f).reduce((s, r) => s + r.bytes, 0);
    const result: Load = {
        contentMs: at - start,
        bytes: {
            total: sum(r => r.type === "Script" || r.type === "Stylesheet" || r.type === "Font"),
            page: sum(r => ours(r.url) && (r.type === "Script" || r.type === "Stylesheet")),
            js: sum(r => ours(r.url) && r.type === "Script"),
            css: sum(r => ours(r.url) && r.type === "Stylesheet"),
            cockpitJs: sum(r => r.url.includes("/base1/cockpit.js")),
            fonts: sum(r => r.type === "Font"),
        },
        channelsBeforeContent: probe.opens.filter(o => o.at <= at).length,
        bootcCalls: host.calls().filter(c => c.argv[0] === "bootc").length - before,
    };
    await context.close();
    return result;
}

function quantile(values: number[], q: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    if (sorted.length === 0)
        return NaN;
    const index = (sorted.length - 1) * q;
    const low = Math.floor(index);
    const high = Math.ceil(index);
    return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (index - low);
}

const summary = (values: number[]) => ({
    median: quantile(values, 0.5), p10: quantile(values, 0.1), p90: quantile(values, 0.9),
});

/** PAIRS loads of each, interleaved ABBA so that neither page always goes first. */
async function pairs(browser: Browser, host: TestHost, shell: boolean) {
    const loads: Record<PageName, Load[]> = { bootc: [], bare: [] };
    // one of each first, not counted: Chromium's and the bridge's first start
    await load(browser, host, "bare", shell);
    await load(browser, host, "bootc", shell);
    for (let i = 0; i < PAIRS; i++) {
        const order: PageName[] = i % 2 === 0 ? ["bare", "bootc"] : ["bootc", "bare"];
        for (const name of order)
            loads[name].push(await load(browser, host, name, shell));
    }
    const ratios = loads.bootc.map((l, i) => l.contentMs / (loads.bare[i]?.contentMs ?? NaN));
    const last = (name: PageName) => loads[name][loads[name].length - 1];
    return {
        contentMs: {
            bootc: summary(loads.bootc.map(l => l.contentMs)), bare: summary(loads.bare.map(l => l.contentMs)),
        },
        ratio: summary(ratios),
        bytes: { bootc: last("bootc")?.bytes, bare: last("bare")?.bytes },
        channelsBeforeContent: {
            bootc: Math.max(...loads.bootc.map(l => l.channelsBeforeContent)),
            bare: Math.max(...loads.bare.map(l => l.channelsBeforeContent)),
        },
        bootcCallsPerLoad: Math.max(...loads.bootc.map(l => l.bootcCalls)),
    };
}

/** First-visit bytes of the Debian Cockpit pages that are installed (standalone, JS+CSS+fonts). */
async function debianPages(browser: Browser, host: TestHost) {
    const results: Record<string, number> = {};
    for (const [name, path] of [
        ["cockpit-packagekit", "packagekit/index.html"], ["cockpit-podman", "podman/index.html"],
        ["cockpit-storaged", "storaged/index.html"], ["services (cockpit-system)", "system/services.html"],
        ["accounts (cockpit-system)", "users/index.html"],
    ] as const) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const probe = await instrument(context, page);
        const response = await page.goto(`${host.url}/cockpit/@localhost/${path}`);
        if (response?.status() === 200) {
            await page.waitForLoadState("load");
            await page.waitForTimeout(2000);
            await page.evaluate(() => document.fonts.ready.then(() => undefined));
            results[name] = probe.received.filter(r => ["Script", "Stylesheet", "Font"].includes(r.type))
                .reduce((s, r) => s + r.bytes, 0);
        }
        await context.close();
    }
    return results;
}

/** Forks on the whole machine since boot (/proc/stat "processes"): the test host's are among them. */
function forks(): number {
    return Number(/^processes (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1] ?? NaN);
}

/** The page left open with nothing happening: what it starts on the host. */
async function idle(browser: Browser, host: TestHost) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const probe = await instrument(context, page);
    await page.goto(host.pageUrl);
    await page.locator(CONTENT.bootc).waitFor();
    await page.waitForTimeout(2000);
    const opens = probe.opens.length;
    const calls = host.calls().length;
    await page.waitForTimeout(IDLE_S * 1000);
    const result = { seconds: IDLE_S, channels: probe.opens.length - opens, hostCalls: host.calls().length - calls };
    await context.close();
    return result;
}

/** An update downloading at bootc's 5 progress events per second: what following it costs. */
async function running(browser: Browser) {
    const bytesPerSecond = 8_000_000;
    const host = await TestHost.start({
        scenario: "booted-only",
        adjust: (s: SimState) => {
            s.timing = { bytesPerSecond, tickMs: 200, stepMs: 300, rebootDelayMs: 200 };
            if (s.booted)
                s.booted.cachedUpdate = s.registry[FEDORA]?.["42"] ?? null;
        },
    });
    try {
        const context = await browser.newContext();
        const page = await context.newPage();
        const probe = await instrument(context, page);
        await page.goto(host.pageUrl);
        await page.locator("#update-start").click();
        await page.locator("#update-dialog-start").click();
        await page.locator("#operation[data-phase='pulling']").waitFor();
        await page.waitForTimeout(1000);
        await probe.cdp.send("Performance.enable");
        const metric = async (name: string) =>
            (await probe.cdp.send("Performance.getMetrics")).metrics.find(m => m.name === name)?.value ?? 0;
        // when each number of bytes the page shows first appeared (the page's clock is the wall clock)
        await page.evaluate(() => {
            const shown: { at: number; bytes: number }[] = [];
            (window as Window & { benchShown?: typeof shown }).benchShown = shown;
            let last = "";
            new MutationObserver(() => {
                const bytes = document.querySelector<HTMLElement>("#operation-bytes")?.dataset.bytes ?? "";
                if (bytes !== "" && bytes !== last) {
                    last = bytes;
                    shown.push({ at: performance.timeOrigin + performance.now(), bytes: Number(bytes) });
                }
            }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        });
        const opens = probe.opens.length;
        const forked = forks();
        const busy = await metric("TaskDuration");
        const started = Date.now();
        const seen: string[] = [];
        while (Date.now() - started < RUN_S * 1000) {
            const phase = await page.locator("#operation").getAttribute("data-phase").catch(() => null);
            seen.push(phase ?? "");
            if (phase !== "pulling")
                break;
            await page.waitForTimeout(500);
        }
        const seconds = (Date.now() - started) / 1000;
        const shown = await page.evaluate(
            () => (window as Window & { benchShown?: { at: number; bytes: number }[] }).benchShown ?? [],
        );
        // each download event written after the watch began: how long until the page showed its bytes
        // (or more); events of the last second may not have arrived yet and are left out
        const latencies = host.progressEvents()
            .filter(e => e.event.type === "ProgressBytes" && e.at >= started && e.at <= Date.now() - 1000)
            .map(e => {
                const bytes = Number(e.event.bytes);
                const seenAt = shown.find(s => s.bytes >= bytes && s.at >= e.at)?.at;
                return seenAt === undefined ? NaN : seenAt - e.at;
            })
            .filter(latency => !Number.isNaN(latency));
        const result = {
            seconds: Math.round(seconds),
            stillPulling: seen[seen.length - 1] === "pulling",
            channelsPerMinute: Math.round((probe.opens.length - opens) / seconds * 60),
            forksPerMinute: Math.round((forks() - forked) / seconds * 60),
            mainThreadMsPerSecond: Math.round((await metric("TaskDuration") - busy) * 1000 / seconds),
            progressEvents: latencies.length,
            progressLatencyMs: { p50: quantile(latencies, 0.5), p90: quantile(latencies, 0.9) },
        };
        await context.close();
        return result;
    } finally {
        await host.stop();
    }
}

const SCALE_ROWS: [string, number][] = [
    ["tr.ct-deployment-row", 5], ["#bound-images-table tbody tr", 200],
    ["tr.ct-host-image-row, li.ct-storage-image", 100],
];

/** In the page: notes (window.benchRows) when each selector first matched that many elements. */
function rowProbe(wanted: [string, number][]): void {
    const w = window as Window & { benchRows?: Record<string, number> };
    const rows: Record<string, number> = {};
    w.benchRows = rows;
    new MutationObserver(() => {
        for (const [selector, count] of wanted) {
            const key = `${selector} ${count}`;
            if (rows[key] === undefined && document.querySelectorAll(selector).length >= count)
                rows[key] = performance.timeOrigin + performance.now();
        }
    }).observe(document, { subtree: true, childList: true });
}

/**
 * The scale point: 10 deployments, 200 bound images (and as many host images), standalone. How long
 * after its data arrived (the channel that brought it closed) each table is on the screen, in full.
 */
async function scale(browser: Browser) {
    const host = await TestHost.start({ scenario: "scale" });
    const loads: { toContent: number; deployments: number; boundImages: number; hostImages: number }[] = [];
    try {
        for (let i = 0; i < SCALE_LOADS + 1; i++) {
            const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            const page = await context.newPage();
            const cdp = await context.newCDPSession(page);
            await cdp.send("Network.enable");
            const opened = new Map<string, string>();
            const closedAt = new Map<string, number>();
            cdp.on("Network.webSocketFrameSent", event => {
                const data = event.response.payloadData;
                const channel = /"channel":"([^"]*)"/.exec(data)?.[1];
                if (channel && data.includes("\"command\":\"open\""))
                    opened.set(channel, data);
            });
            cdp.on("Network.webSocketFrameReceived", event => {
                const data = event.response.payloadData;
                const channel = /"channel":"([^"]*)"/.exec(data)?.[1];
                if (channel && data.includes("\"command\":\"close\"") && !closedAt.has(channel))
                    closedAt.set(channel, Date.now());
            });
            const arrived = (match: (open: string) => boolean) => Math.max(
                ...[...opened].filter(([, open]) => match(open)).map(([id]) => closedAt.get(id) ?? NaN),
            );
            await context.addInitScript(rowProbe, SCALE_ROWS);
            await page.goto(host.pageUrl);
            const start = await page.evaluate(() => performance.timeOrigin);
            // when each table first had that many rows, noted in the page as it happens (wall clock);
            // NaN when it never did
            const rowsAt = (selector: string, count: number) => page.waitForFunction(
                ([sel, n]) => {
                    const w = window as Window & { benchRows?: Record<string, number> };
                    return w.benchRows?.[`${sel as string} ${n as number}`];
                },
                [selector, count], { timeout: 30_000 },
            ).then(handle => handle.jsonValue() as Promise<number>, () => NaN);
            const deploymentsAt = await rowsAt("tr.ct-deployment-row", 5);
            const boundAt = await rowsAt("#bound-images-table tbody tr", 200);
            const hostAt = await rowsAt("tr.ct-host-image-row, li.ct-storage-image", 100);
            const status = arrived(open => open.includes("\"status\""));
            const declarations = arrived(open => open.includes("bound image declarations"));
            const lists = arrived(open => open.includes("\"image\",\"list\""));
            if (i > 0) // the first load warms Chromium and the bridge up
                loads.push({
                    toContent: deploymentsAt - start,
                    deployments: deploymentsAt - status,
                    boundImages: boundAt - Math.max(declarations, lists),
                    hostImages: hostAt - lists,
                });
            await context.close();
        }
    } finally {
        await host.stop();
    }
    const median = (values: number[]) => quantile(values, 0.5);
    return {
        loads: loads.length,
        toContentMs: median(loads.map(l => l.toContent)),
        deploymentsMs: median(loads.map(l => l.deployments)),
        boundImagesMs: median(loads.map(l => l.boundImages)),
        hostImagesMs: median(loads.map(l => l.hostImages)),
    };
}

/** BENCH_TRACE: one timeline per load, in ms from the navigation's start, for reading, not comparing. */
async function trace(browser: Browser, host: TestHost): Promise<void> {
    for (const name of ["bare", "bootc", "bare", "bootc", "bare", "bootc"] as PageName[]) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addInitScript(contentProbe, Object.values(CONTENT));
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        const events: { at: number; what: string }[] = [];
        const note = (what: string) => events.push({ at: Date.now(), what });
        const opened = new Map<string, string>();
        cdp.on("Network.webSocketFrameSent", event => {
            const data = event.response.payloadData;
            if (!data.includes("\"command\":\"open\""))
                return;
            const channel = /"channel":"([^"]*)"/.exec(data)?.[1] ?? "";
            const what = /"spawn":\[([^\]]*)\]/.exec(data)?.[1]?.slice(0, 70) ??
                /"payload":"([^"]*)"/.exec(data)?.[1] ?? "?";
            const path = /"path":"([^"]*)"/.exec(data)?.[1];
            opened.set(channel, path ? `${what} ${path}` : what);
            note(`open  ${channel} ${opened.get(channel)}`);
        });
        cdp.on("Network.webSocketFrameReceived", event => {
            const data = event.response.payloadData;
            const channel = /"command":"(close|ready)","channel":"([^"]*)"/.exec(data) ??
                /"channel":"([^"]*)","command":"(close|ready)"/.exec(data);
            if (channel) {
                const [command, id] = channel[1] === "close" || channel[1] === "ready"
                    ? [channel[1], channel[2] ?? ""] : [channel[2] ?? "", channel[1] ?? ""];
                if (command === "close")
                    note(`close ${id} ${opened.get(id) ?? ""}`);
            }
        });
        const pkg = name === "bootc" ? "bootc" : "bench-bare";
        await cdp.send("Performance.enable");
        // BENCH_TRACE=profile or FROM-TO: with a CPU profile (which slows the page down)
        const profiling = process.env.BENCH_TRACE !== "1";
        if (profiling) {
            await cdp.send("Profiler.enable");
            await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
            await cdp.send("Profiler.start");
        }
        await page.goto(`${host.url}/cockpit/@localhost/${pkg}/index.html`);
        const start = await page.evaluate(() => performance.timeOrigin);
        const at = await contentAt(page, null, CONTENT[name]);
        type Profile = Awaited<ReturnType<typeof cdp.send<"Profiler.stop">>>["profile"];
        const profile: Profile = profiling
            ? (await cdp.send("Profiler.stop")).profile : { nodes: [], startTime: 0, endTime: 0 };
        const metrics = (await cdp.send("Performance.getMetrics")).metrics
            .filter(m => /Duration$/.test(m.name)).map(m => `${m.name} ${Math.round(m.value * 1000)} ms`);
        console.error(`\n${name}: ${metrics.join(", ")}`);
        const self = new Map<string, number>();
        const byId = new Map(profile.nodes.map(n => [n.id, n]));
        const deltas = profile.timeDeltas ?? [];
        // BENCH_TRACE=FROM-TO: only the samples between FROM and TO ms after the start (roughly: the
        // profile starts just before the navigation)
        const [from, to] = /^(\d+)-(\d+)$/.exec(process.env.BENCH_TRACE ?? "")?.slice(1).map(Number) ?? [0, Infinity];
        let clock = 0;
        (profile.samples ?? []).forEach((id, i) => {
            clock += (deltas[i] ?? 0) / 1000;
            const node = byId.get(id);
            if (!node || clock < (from ?? 0) || clock > (to ?? Infinity))
                return;
            const f = node.callFrame;
            const key = `${f.functionName || "(anon)"} ${f.url.replace(/^.*\//, "")}:${f.lineNumber}:${f.columnNumber}`;
            self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
        });
        const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
        console.error(`\n${name}: CPU self time (ms), top functions`);
        for (const [key, value] of top)
            console.error(`  ${value.toFixed(1).padStart(7)}  ${key}`);
        const timing = await page.evaluate(() => {
            const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
            return {
                resources: performance.getEntriesByType("resource").map(r => {
                    const e = r as PerformanceResourceTiming;
                    return { name: e.name.replace(/^.*\//, ""), start: e.startTime, end: e.responseEnd };
                }),
                domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
                marks: performance.getEntriesByType("mark").map(m => ({ name: m.name, at: m.startTime })),
            };
        });
        const lines = [
            ...timing.resources.map(r => ({ at: r.end, what: `got   ${r.name} (from ${Math.round(r.start)})` })),
            { at: timing.domContentLoaded, what: "DOMContentLoaded" },
            ...timing.marks.map(m => ({ at: m.at, what: `mark  ${m.name}` })),
            ...events.map(e => ({ at: e.at - start, what: e.what })),
            { at: at - start, what: "CONTENT" },
        ].sort((a, b) => a.at - b.at);
        console.error(`\n${name}: content at ${Math.round(at - start)} ms`);
        for (const line of lines)
            console.error(`  ${String(Math.round(line.at)).padStart(6)}  ${line.what}`);
        await context.close();
    }
}

async function main(): Promise<void> {
    const bare = writeBarePage();
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
        args: [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
        ],
    });
    const host = await TestHost.start({ scenario: "staged-rollback", packages: { "bench-bare": bare } });
    try {
        if (process.env.BENCH_ONLY === "scale") {
            await host.stop();
            console.log(JSON.stringify({ scale: await scale(browser) }));
            return;
        }
        if (process.env.BENCH_TRACE) {
            await trace(browser, host);
            return;
        }
        const standalone = await pairs(browser, host, false);
        const shell = await pairs(browser, host, true);
        const debian = await debianPages(browser, host);
        const quiet = await idle(browser, host);
        await host.stop();
        const operation = await running(browser);
        const large = await scale(browser);
        console.log(JSON.stringify({
            pairs: PAIRS, standalone, shell, debian, idle: quiet, running: operation, scale: large,
        }));
    } finally {
        await browser.close();
        await host.stop();
        rmSync(bare, { recursive: true, force: true });
        mkdirSync(tmpdir(), { recursive: true });
    }
}

main().catch(error => {
    console.error(error);
    process.exit(1);
});
