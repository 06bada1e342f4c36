// SPDX-License-Identifier: LGPL-2.1-or-later
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const BARRELS = ["@patternfly/react-core", "@patternfly/react-table", "@patternfly/react-icons"].map(name => ({
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

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", "build/", "test/e2e/artifacts/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { ecmaVersion: 2022, sourceType: "module" },
        rules: {
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/consistent-type-imports": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            eqeqeq: "error",
            "no-console": "off",
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
                patterns: [
                    { group: ["**/backend/*", "!**/backend/index"], message: "src/ui uses the backend only through src/backend/index.ts." },
                    { group: ["**/cockpit-transport", "**/backend/transport"], message: "src/ui never touches the transport: src/index.tsx wires it." },
                ],
            }],
        },
    },
    {
        files: ["test/**/*.{ts,tsx}", "tools/**/*.mjs", "*.mjs", "*.cjs", "test/**/*.cjs"],
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
