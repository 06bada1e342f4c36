#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// `make bench`: what the page costs, beside a bare page and Debian's Cockpit pages measured in the same
// run (build/sim/bench.cjs does the measuring, in real Cockpit and Chromium against the simulator).
// Prints ratios with their spread, sizes as the browser received them, and counts; asserts nothing.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const kb = bytes => (bytes === undefined ? "—" : `${(bytes / 1024).toFixed(0)} KB`);
const ms = value => `${Math.round(value)} ms`;
const times = value => `${value.toFixed(2)}×`;
const row = (label, ...cells) =>
    console.log(`  ${label.padEnd(44)}${cells.map((c, i) => String(c).padStart(i === 2 ? 24 : 18)).join("")}`);

function files(dir) {
    return readdirSync(dir).flatMap(name => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
    });
}

const started = performance.now();
const build = spawnSync(process.execPath, ["build.mjs", "app"], { stdio: "ignore" });
const buildMs = performance.now() - started;
if (build.status !== 0)
    throw new Error("build failed");

const page = spawnSync(process.execPath, ["build/sim/bench.cjs"], {
    encoding: "utf8", stdio: ["ignore", "pipe", "inherit"],
});
if (page.status !== 0)
    throw new Error("the page benchmark failed");
const r = JSON.parse(page.stdout.trim().split("\n").pop());

console.log(`cockpit-bootc benchmark: ${r.pairs} interleaved pairs per setting, medians (p10–p90); nothing here is a pass or fail\n`);

const settings = [["first visit, the page by itself", r.standalone], ["first visit, inside Cockpit's shell", r.shell]];
for (const [title, m] of settings) {
    console.log(title);
    row("", "this page", "bare page", "ratio");
    row("time to the booted image on screen", ms(m.contentMs.bootc.median), ms(m.contentMs.bare.median),
        `${times(m.ratio.median)} (${times(m.ratio.p10)}–${times(m.ratio.p90)})`);
    row("  spread of this page's time", `${ms(m.contentMs.bootc.p10)}–${ms(m.contentMs.bootc.p90)}`,
        `${ms(m.contentMs.bare.p10)}–${ms(m.contentMs.bare.p90)}`);
    row("bytes on the wire (JS+CSS+fonts)", kb(m.bytes.bootc?.total), kb(m.bytes.bare?.total),
        times(m.bytes.bootc.total / m.bytes.bare.total));
    row("  the page's own JS / CSS", `${kb(m.bytes.bootc?.js)} / ${kb(m.bytes.bootc?.css)}`, kb(m.bytes.bare?.js));
    row("  Cockpit's cockpit.js / fonts", `${kb(m.bytes.bootc?.cockpitJs)} / ${kb(m.bytes.bootc?.fonts)}`,
        `${kb(m.bytes.bare?.cockpitJs)} / ${kb(m.bytes.bare?.fonts)}`);
    row("host channels opened before content", m.channelsBeforeContent.bootc, m.channelsBeforeContent.bare);
    row("bootc calls per load", m.bootcCallsPerLoad, 1);
    console.log("");
}

console.log("Debian's Cockpit pages, first visit by themselves (JS+CSS+fonts on the wire)");
const debian = Object.entries(r.debian);
if (debian.length === 0)
    console.log("  (none installed)");
for (const [name, bytes] of debian)
    row(name, kb(bytes), "", `this page ${times(r.standalone.bytes.bootc.total / bytes)}`);
console.log("");

console.log(`the page left open, nothing happening (${r.idle.seconds} s)`);
row("channels opened", r.idle.channels);
row("host commands run (bootc, systemctl)", r.idle.hostCalls);
console.log("");

console.log(`an update downloading, 5 progress events per second (${r.running.seconds} s${r.running.stillPulling ? "" : ", ended early"})`);
row("channels opened per minute", r.running.channelsPerMinute);
row("processes forked per minute (whole machine)", r.running.forksPerMinute);
row("page main thread busy, ms per second", r.running.mainThreadMsPerSecond);
row(`progress event to screen, p50 / p90 (${r.running.progressEvents} events)`,
    `${ms(r.running.progressLatencyMs.p50)} / ${ms(r.running.progressLatencyMs.p90)}`);
console.log("");

console.log(`a large host: 10 deployments, 200 bound images, ${"≥"}100 host images (median of ${r.scale.loads} loads)`);
row("time to the booted image on screen", ms(r.scale.toContentMs));
row("deployments on screen after status arrived", ms(r.scale.deploymentsMs));
row("200 bound images on screen after their data arrived", ms(r.scale.boundImagesMs));
row("host images on screen after their list arrived", ms(r.scale.hostImagesMs));
console.log("");

let stored = 0;
let unpacked = 0;
for (const file of files("dist")) {
    const content = readFileSync(file);
    stored += content.length;
    unpacked += file.endsWith(".gz") ? gunzipSync(content).length : content.length;
}
console.log("the package");
row("dist/ as installed (JS and CSS gzipped)", kb(stored));
row("dist/ unpacked", kb(unpacked));
row("build (esbuild, minified)", ms(buildMs));
