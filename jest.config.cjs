// SPDX-License-Identifier: LGPL-2.1-or-later
const transform = {
    "\\.[cm]?[jt]sx?$": "<rootDir>/test/jest-transform.cjs",
    // the backend's host scripts, imported as text (esbuild's "text" loader in the build)
    "\\.sh$": "<rootDir>/test/jest-transform.cjs",
};
const moduleNameMapper = {
    // the app imports PatternFly's ESM builds (for esbuild); jest runs their CommonJS twins
    "^@patternfly/(react-[a-z]+)/dist/esm/(.*)$": "@patternfly/$1/dist/js/$2",
    // class names straight from react-styles (common/label.tsx, table.tsx, app.tsx): the .js twin
    "^(@patternfly/react-styles/css/.*)\\.mjs$": "$1.js",
    "\\.css$": "<rootDir>/test/ui/style-stub.cjs",
};

const moduleFileExtensions = ["js", "mjs", "cjs", "jsx", "ts", "tsx", "json", "node", "sh"];

module.exports = {
    projects: [
        {
            displayName: "unit",
            testEnvironment: "node",
            testMatch: ["<rootDir>/test/unit/**/*.test.ts", "<rootDir>/test/sim/**/*.test.ts"],
            transform,
            moduleFileExtensions,
            moduleNameMapper,
        },
        {
            displayName: "ui",
            testEnvironment: "jsdom",
            testMatch: ["<rootDir>/test/ui/**/*.test.tsx"],
            setupFiles: ["<rootDir>/test/ui/setup.ts"],
            transform,
            moduleFileExtensions,
            // jsdom resolves the "browser" build of yaml, which is ESM; the fixtures loader wants node's
            moduleNameMapper: { ...moduleNameMapper, "^yaml$": "<rootDir>/node_modules/yaml/dist/index.js" },
        },
        {
            displayName: "e2e",
            testEnvironment: "node",
            testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
            transform,
            moduleFileExtensions,
            moduleNameMapper,
            slowTestThreshold: 60,
        },
    ],
};
