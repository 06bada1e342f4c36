#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// Builds the page into dist/ (minified JS and the PatternFly CSS it uses, index.html, manifest.json,
// po.<lang>.js, licenses.txt) and the bootc simulator into build/sim/bootc. A release build stores the JS and CSS
// gzipped only (index.js.gz, …), as Cockpit's own packages do: cockpit-ws sends them with
// Content-Encoding: gzip, or unpacks them for a browser that does not take gzip.
//   node build.mjs [app|sim|all] [--watch]
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

import * as esbuild from "esbuild";

import { patternflyCss } from "./tools/patternfly-css.mjs";
import { poToJavascript } from "./tools/po.mjs";

const {
    values, positionals,
} = parseArgs({ options: { watch: { type: "boolean", default: false } }, allowPositionals: true });
const what = positionals[0] ?? "all";
const watch = values.watch;

/** What cockpit-ws serves compressed: the page's scripts and styles (not index.html, not the manifest). */
const COMPRESSED = /^((index|first)\.js|index\.css|po\.(manifest\.)?[\w@-]+\.js)$/;

/** Replaces each such file of dist/ by its .gz (gzip -9; the bytes are the same on every build). */
function compressDist() {
    for (const name of readdirSync("dist").filter(file => COMPRESSED.test(file))) {
        const path = join("dist", name);
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
        rmSync(path);
    }
}

/**
 * dist/licenses.txt: for every npm package with code or styles in the bundle, its name, version,
 * licence and licence text (from the package's LICENSE file).
 */
function writeLicenses(metafile) {
    const packages = new Map();
    for (const output of Object.values(metafile.outputs)) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
            const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
            if (match && bytesInOutput > 0)
                packages.set(match[1], join("node_modules", match[1]));
        }
    }
    const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        const file = readdirSync(dir).find(entry => /^(licen[sc]e|copying)(\.(md|txt))?$/i.test(entry));
        if (!file)
            throw new Error(`${name} has no licence file: dist/licenses.txt cannot be complete`);
        return `${name} ${manifest.version} (${manifest.license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`;
    });
    const header = "What dist/ bundles, and under which licences. cockpit-bootc itself: LGPL-2.1-or-later.";
    writeFileSync("dist/licenses.txt", `${header}\n\n${sections.join(`\n${"-".repeat(72)}\n\n`)}`);
}

/** Copies the static files and writes po.<lang>.js and po.manifest.<lang>.js after every app build. */
const staticFiles = {
    name: "static-files",
    setup(build) {
        build.onEnd(result => {
            if (result.errors.length > 0)
                return;
            copyFileSync("src/index.html", "dist/index.html");
            copyFileSync("manifest.json", "dist/manifest.json");
            for (const file of readdirSync("po").filter(name => name.endsWith(".po"))) {
                const language = file.slice(0, -3);
                writeFileSync(join("dist", `po.${language}.js`), poToJavascript(join("po", file), language));
                writeFileSync(
                    join("dist", `po.manifest.${language}.js`), poToJavascript(join("po", file), language, "manifest"),
                );
            }
            writeLicenses(result.metafile);
            if (!watch) // `make watch` serves what it just wrote, as it is
                compressDist();
            console.log(`built dist/ (${new Date().toLocaleTimeString()})`);
        });
    },
};

const app = {
    entryPoints: { index: "src/index.tsx", first: "src/first.ts" },
    bundle: true,
    minify: !watch,
    sourcemap: watch ? "linked" : false,
    target: ["es2020"],
    outdir: "dist",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": watch ? '"development"' : '"production"' },
    loader: {
        ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file",
        ".svg": "file", ".png": "file", ".jpg": "file",
        // the backend's host scripts (src/backend/scripts/*.sh), run with cockpit.script
        ".sh": "text",
    },
    assetNames: "assets/[name]-[hash]",
    // Cockpit's fonts (src/ui/fonts.css), by their URL relative to the page
    external: ["../../static/*"],
    legalComments: "external",
    metafile: true,
    logLevel: "warning",
    plugins: [patternflyCss, staticFiles],
};

const sim = {
    entryPoints: ["test/sim/src/entry.ts"],
    bundle: true,
    platform: "node",
    target: ["node20"],
    format: "cjs",
    outfile: "build/sim/bootc",
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "warning",
    plugins: [{
        name: "executable",
        setup(build) {
            build.onEnd(result => {
                if (result.errors.length === 0)
                    chmodSync("build/sim/bootc", 0o755);
            });
        },
    }],
};

const demo = {
    entryPoints: ["test/sim/demo.ts"],
    bundle: true,
    platform: "node",
    target: ["node20"],
    format: "cjs",
    outfile: "build/sim/demo.cjs",
    logLevel: "warning",
};

const bench = {
    ...demo, entryPoints: ["test/sim/bench.ts"], outfile: "build/sim/bench.cjs", external: ["playwright-core"],
};

const configs = { app: [app], sim: [sim, demo, bench], all: [app, sim, demo, bench] }[what];
if (!configs) {
    console.error(`usage: node build.mjs [app|sim|all] [--watch]`);
    process.exit(2);
}
if (configs.includes(app))
    rmSync("dist", { recursive: true, force: true });
mkdirSync("build/sim", { recursive: true });
// build/sim/bootc has no extension: without this, the repository's "type": "module" would make it ESM
writeFileSync("build/sim/package.json", "{ \"type\": \"commonjs\" }\n");

if (watch) {
    for (const config of configs)
        await (await esbuild.context(config)).watch();
    console.log("watching for changes; Ctrl-C to stop");
} else {
    await Promise.all(configs.map(config => esbuild.build(config)));
}
