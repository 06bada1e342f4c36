#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// `make check`: typecheck, lint, unit, ui and e2e tests, the e2e tests once per Cockpit (the machine's,
// then each folder in CHECK_COCKPITS). Every stage runs (so one failure does not hide
// another); the closing line sums them up and the exit status says whether all passed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const bin = name => `node_modules/.bin/${name}`;
mkdirSync("build/results", { recursive: true });

/** The Cockpit version in ROOT (an unpacked one, tools/fetch-cockpit.sh) or, for "", the machine's. */
function cockpitVersion(root) {
    if (root)
        return readFileSync(`${root}/VERSION`, "utf8").trim();
    const dpkg = spawnSync("dpkg-query", ["-W", "-f=${Version}", "cockpit-ws"], { encoding: "utf8" });
    return dpkg.status === 0 ? dpkg.stdout.trim() : "unknown";
}

/** A jest project's stage; e2e runs against the Cockpit in COCKPIT (an unpacked one) or the machine's. */
function jest(project, cockpit) {
    const label = cockpit === undefined ? project : `${project} (Cockpit ${cockpitVersion(cockpit)})`;
    const output = `build/results/${project}${cockpit ? "-" + cockpit.replace(/\W+/g, "_") : ""}.json`;
    rmSync(output, { force: true });
    return {
        name: label,
        env: cockpit ? { TEST_COCKPIT: cockpit } : {},
        command: [
            bin("jest"), "--selectProjects", project, "--json", "--outputFile", output,
            ...(project === "e2e" ? ["--maxWorkers=2"] : []),
        ],
        counts: () => {
            if (!existsSync(output))
                return "no results";
            const r = JSON.parse(readFileSync(output, "utf8"));
            const skipped = r.numPendingTests ? `, ${r.numPendingTests} skipped` : "";
            return `${r.numPassedTests}/${r.numTotalTests} passed${skipped}`;
        },
    };
}

const stages = [
    { name: "typecheck", command: ["sh", "-c", `${bin("tsc")} -p tsconfig.json && ${bin("tsc")} -p test/tsconfig.json`] },
    { name: "lint", command: [bin("eslint"), "--max-warnings", "0", "."] },
    { name: "stylelint", command: [bin("stylelint"), "--max-warnings", "0", "src/**/*.css"] },
    // the source and binary RPMs built, their metainfo validated, the RPM installed into a scratch root
    { name: "rpm", command: ["sh", "tools/check-rpm.sh"] },
    jest("unit"),
    jest("ui"),
    jest("e2e", ""),
    // CHECK_COCKPITS: more Cockpits (folders, colon-separated) to run the e2e tests against
    ...(process.env.CHECK_COCKPITS ?? "").split(":").filter(Boolean).map(root => jest("e2e", root)),
];

const results = [];
for (const stage of stages) {
    console.log(`\n=== ${stage.name}: ${stage.command.join(" ")}`);
    const started = Date.now();
    const run = spawnSync(stage.command[0], stage.command.slice(1), {
        stdio: "inherit", env: { ...process.env, ...stage.env },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const ok = run.status === 0;
    const detail = stage.counts ? `${stage.counts()}, ` : "";
    results.push({ ok, text: `${stage.name} ${ok ? "ok" : "FAILED"} (${detail}${seconds} s)` });
}

const failed = results.filter(r => !r.ok).length;
console.log(`\nmake check: ${failed === 0 ? "PASSED" : `FAILED (${failed} of ${results.length} stages)`}: ${results.map(r => r.text).join("; ")}`);
process.exit(failed === 0 ? 0 : 1);
