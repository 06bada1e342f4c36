// SPDX-License-Identifier: LGPL-2.1-or-later
import { readdirSync } from "node:fs";

import js from "@eslint/js";
import stylistic from "@stylistic/eslint-plugin";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const BARRELS = ["@patternfly/react-core", "@patternfly/react-icons"].map(name => ({
    name,
    message: "Import PatternFly components from their dist/esm/... module (barrel imports pull in every component's CSS).",
}));

// Who may use what (architecture.md): the ui never runs anything on the host, the backend never
// renders, and only cockpit-transport.ts talks to cockpit.js for processes, files and D-Bus.
const HOST_ACCESS = ["spawn", "script", "file", "dbus", "channel", "http"].map(property => ({
    object: "cockpit",
    property,
    message: "Only src/backend/cockpit-transport.ts talks to the host; go through the backend client.",
}));

// The ui's layers (HACKING.md): the app (app.tsx, dialogs.tsx) composes the feature folders; a
// feature uses the shared layers (common/, state/, i18n.ts, format.ts) and never another feature;
// common/ may use state/, and state/ only the backend. Every folder of src/ui but common and state
// is a feature, so a new one is covered without editing this file.
const SHARED = ["common", "state"];
const FEATURES = readdirSync("src/ui", { withFileTypes: true })
    .filter(entry => entry.isDirectory() && !SHARED.includes(entry.name))
    .map(entry => entry.name);
const SHARED_FILES = ["./i18n.ts", "./format.ts", "./theme.ts"];
const UI_ZONES = [
    ...FEATURES.map(feature => ({
        target: `./src/ui/${feature}`,
        from: "./src/ui",
        except: [`./${feature}`, ...SHARED.map(dir => `./${dir}`), ...SHARED_FILES],
        message: `src/ui/${feature} is a feature: it may use common/, state/ and the shared ui files, not other features or the app (open another feature's dialog with useDialogs()).`,
    })),
    {
        target: "./src/ui/common",
        from: "./src/ui",
        except: ["./common", "./state", ...SHARED_FILES],
        message: "src/ui/common is shared by the features: it may use state/ and the shared ui files only.",
    },
    {
        target: "./src/ui/state",
        from: "./src/ui",
        except: ["./state"],
        message: "src/ui/state is the lowest ui layer: it uses the backend only.",
    },
];

// a line that holds a string literal of 60 characters or more
const LONG_LITERAL = ["\"", "'", "`"].map(q => `${q}(?:[^${q}\\\\]|\\\\.){60,}${q}`).join("|");

const STYLE = {
    "@stylistic/max-len": ["error", {
        code: 120,
        // a long string literal stays whole (a translatable message must be one literal for po
        // extraction and translators; test data reads better whole): only such a line may be longer
        ignorePattern: LONG_LITERAL,
        ignoreUrls: true,
        ignoreRegExpLiterals: true,
    }],
    "@stylistic/padding-line-between-statements": ["error",
        { blankLine: "always", prev: "import", next: "*" },
        { blankLine: "any", prev: "import", next: "import" },
        { blankLine: "always", prev: "*", next: ["function", "class", "interface", "multiline-export"] },
        { blankLine: "always", prev: ["function", "class", "interface", "multiline-export"], next: "*" },
        { blankLine: "always", prev: "directive", next: "*" },
    ],
    "@stylistic/lines-between-class-members": ["error", "always", { exceptAfterSingleLine: true }],
    // a comment starts its own line: no code after the end of a block comment
    "@stylistic/lines-around-comment": ["error", {
        beforeBlockComment: false,
        allowBlockStart: true,
        allowObjectStart: true,
        allowArrayStart: true,
        allowClassStart: true,
    }],
    "import-x/order": ["error", {
        groups: ["builtin", "external", "internal", "parent", "sibling", "index"],
        pathGroups: [{ pattern: "react", group: "external", position: "before" }],
        pathGroupsExcludedImportTypes: ["builtin"],
        "newlines-between": "always",
        alphabetize: { order: "asc", caseInsensitive: true, orderImportKind: "ignore" },
    }],
    "import-x/first": "error",
    "import-x/no-duplicates": ["error", { "prefer-inline": false, considerQueryString: true }],
    "import-x/newline-after-import": "error",
};

/** What src/ui may not import: the backend's insides, and the transport. */
const UI_IMPORT_PATTERNS = [
    {
        group: ["**/backend/*", "!**/backend/index"],
        message: "src/ui uses the backend only through src/backend/index.ts.",
    },
    {
        group: ["**/cockpit-transport", "**/backend/transport"],
        message: "src/ui never touches the transport: src/index.tsx wires it.",
    },
];

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", "build/", "test/e2e/artifacts/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        plugins: { "@stylistic": stylistic, "import-x": importX },
        languageOptions: { ecmaVersion: 2022, sourceType: "module" },
        settings: {
            "import-x/resolver-next": [
                createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".sh"] }),
            ],
        },
        rules: {
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/consistent-type-imports": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            eqeqeq: "error",
            "no-console": "off",
            ...STYLE,
        },
    },
    {
        files: ["src/**/*.{ts,tsx}"],
        languageOptions: { globals: { ...globals.browser, cockpit: "readonly" } },
        plugins: { "react-hooks": reactHooks },
        rules: {
            "react-hooks/rules-of-hooks": "error",
            "react-hooks/exhaustive-deps": "error",
            "no-restricted-imports": ["error", { paths: BARRELS }],
            "import-x/no-cycle": "error",
        },
    },
    {
        files: ["src/**/*.tsx"],
        ...jsxA11y.configs.recommended,
        languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    {
        files: ["src/**/*.tsx"],
        rules: {
            // a digest or a time with its full form in a tooltip: the tooltip must be reachable by keyboard too
            "jsx-a11y-x/no-noninteractive-tabindex": [
                "error", { tags: ["code", "time"], roles: ["tabpanel"], allowExpressionValues: true },
            ],
        },
    },
    {
        files: ["src/backend/**/*.ts"],
        ignores: ["src/backend/cockpit-transport.ts"],
        rules: {
            "no-restricted-globals": ["error", { name: "cockpit", message: "Only cockpit-transport.ts may use cockpit.js; take a Transport." }],
        },
    },
    {
        files: ["src/backend/**/*.ts"],
        rules: {
            "no-restricted-imports": ["error", {
                patterns: [
                    { group: ["react", "react-dom", "react-dom/*", "@patternfly/*"], message: "src/backend has no React or PatternFly: it returns data, the ui renders it." },
                    { group: ["**/ui/**", "../ui", "../ui/*"], message: "src/backend must not depend on src/ui." },
                ],
            }],
        },
    },
    {
        files: ["src/ui/**/*.{ts,tsx}"],
        rules: {
            "no-restricted-properties": ["error", ...HOST_ACCESS],
            "no-restricted-imports": ["error", {
                paths: BARRELS,
                patterns: UI_IMPORT_PATTERNS,
            }],
            "import-x/no-restricted-paths": ["error", { zones: UI_ZONES }],
        },
    },
    {
        files: ["src/ui/**/*.tsx"],
        ignores: ["src/ui/common/alert.tsx"],
        rules: {
            "no-restricted-imports": ["error", {
                paths: [
                    ...BARRELS,
                    {
                        name: "@patternfly/react-core/dist/esm/components/Alert/index.js",
                        importNames: ["Alert"],
                        message: "Use Alert from common/alert.tsx: its title takes the heading level of where it is.",
                    },
                    // what measures the page after every render (see common/label.tsx, common/table.tsx, app.tsx)
                    {
                        name: "@patternfly/react-core/dist/esm/components/Label/index.js",
                        message: "Use Label and LabelList from common/label.tsx: PatternFly's measure every label.",
                    },
                    {
                        name: "@patternfly/react-core/dist/esm/components/Page/index.js",
                        message: "The page frame is app.tsx's markup: PatternFly's Page observes the window's size.",
                    },
                ],
                patterns: UI_IMPORT_PATTERNS,
            }],
        },
    },
    {
        files: ["test/**/*.{ts,tsx}", "tools/**/*.mjs", "*.mjs", "*.cjs", "test/**/*.cjs"],
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
