#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// `make bench`: what the page costs. Sizes of dist/ (raw and gzip), the build time, and (through
// build/sim/bench.cjs) the load time in real Cockpit + Chromium and the bootc calls per load.
// Measures only; nothing here asserts a number.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

function files(dir) {
    return readdirSync(dir).flatMap(name => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
    });
}

const kb = bytes => `${(bytes / 1024).toFixed(1)} KiB`;

const started = performance.now();
const build = spawnSync(process.execPath, ["build.mjs", "app"], { stdio: "ignore" });
const buildMs = Math.round(performance.now() - started);
if (build.status !== 0)
    throw new Error("build failed");

const rows = [];
let total = 0;
let totalGzip = 0;
for (const file of files("dist").sort()) {
    // the release build keeps only the gzipped scripts and styles: that is what cockpit-ws sends
    const stored = readFileSync(file);
    const content = file.endsWith(".gz") ? gunzipSync(stored) : stored;
    const gz = file.endsWith(".gz") ? stored.length : gzipSync(content, { level: 9 }).length;
    total += content.length;
    totalGzip += gz;
    if (/index\.(js|css)(\.gz)?$/.test(file))
        rows.push([file, kb(content.length), kb(gz)]);
}
rows.push(["dist/ (all files)", kb(total), kb(totalGzip)]);

const page = spawnSync(process.execPath, ["build/sim/bench.cjs"], { encoding: "utf8" });
if (page.status !== 0)
    throw new Error(`page benchmark failed: ${page.stderr}`);
const load = JSON.parse(page.stdout.trim().split("\n").pop());

console.log("size                       raw          gzip");
for (const [name, raw, gz] of rows)
    console.log(`${name.padEnd(26)} ${raw.padStart(12)} ${gz.padStart(12)}`);
console.log(`\nbuild (esbuild, minified)  ${buildMs} ms`);
console.log(`page load to deployments   median ${load.loadMedianMs} ms (min ${load.loadMinMs}, max ${load.loadMaxMs}, ${load.runs} runs)`);
console.log(`bootc calls per page load  ${load.bootcCallsPerLoad}`);
