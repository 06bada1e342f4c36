// SPDX-License-Identifier: LGPL-2.1-or-later
// Jest transform: TypeScript/TSX (and ESM) to CommonJS with esbuild. Type checking is tsc's job.
const path = require("node:path");

const esbuild = require("esbuild");

const LOADERS = { ".ts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };

module.exports = {
    process(source, filename) {
        if (filename.endsWith(".sh"))
            return { code: `module.exports = { __esModule: true, default: ${JSON.stringify(source)} };` };
        const result = esbuild.transformSync(source, {
            loader: LOADERS[path.extname(filename)] ?? "js",
            format: "cjs",
            target: "node20",
            jsx: "automatic",
            sourcemap: "inline",
            sourcefile: filename,
        });
        return { code: result.code };
    },
};
