// SPDX-License-Identifier: LGPL-2.1-or-later
// The rules of eslint.config.mjs catch what they are meant to catch: the layers, the ui's folders, style.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

// one eslint run for all cases: each snippet is linted as if it were the named file
const LINT = `
import { ESLint } from "eslint";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint();
const out = [];
for (const [file, source] of JSON.parse(input)) {
    const [report] = await eslint.lintText(source, { filePath: file });
    out.push(report.messages.map(m => m.ruleId ?? "parse-error: " + m.message));
}
console.log(JSON.stringify(out));
`;

function lintAll(cases: [string, string][]): string[][] {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", LINT], { cwd: ROOT, input: JSON.stringify(cases), encoding: "utf8" });
    if (result.status !== 0)
        throw new Error(result.stderr);
    return JSON.parse(result.stdout) as string[][];
}

interface Case {
    what: string;
    /** the file the source is linted as */
    file: string;
    source: string;
}

const PF_BUTTON = "@patternfly/react-core/dist/esm/components/Button/index.js";

/** Each with the rule that refuses it. */
const REFUSED: (Case & { rule: string })[] = [
    // the layers: the ui never reaches the host, the backend never renders
    {
        what: "the ui spawning", file: "src/ui/x.ts", rule: "no-restricted-properties",
        source: "export const run = () => cockpit.spawn([\"bootc\"]);\n",
    },
    {
        what: "the ui reading files", file: "src/ui/x.ts", rule: "no-restricted-properties",
        source: "export const read = () => cockpit.file(\"/etc/os-release\").read();\n",
    },
    {
        what: "the ui importing the transport", file: "src/ui/x.ts", rule: "no-restricted-imports",
        source: "import { createCockpitTransport } from \"../backend/cockpit-transport\";\nexport const t = createCockpitTransport;\n",
    },
    {
        what: "the ui importing backend internals", file: "src/ui/x.ts", rule: "no-restricted-imports",
        source: "import { buildHostModel } from \"../backend/model\";\nexport const b = buildHostModel;\n",
    },
    {
        what: "the backend importing React", file: "src/backend/x.ts", rule: "no-restricted-imports",
        source: "import { useState } from \"react\";\nexport const s = useState;\n",
    },
    {
        what: "the backend importing PatternFly", file: "src/backend/x.ts", rule: "no-restricted-imports",
        source: `import { Button } from "${PF_BUTTON}";\nexport const b = Button;\n`,
    },
    {
        what: "the backend importing the ui", file: "src/backend/x.ts", rule: "no-restricted-imports",
        source: "import { App } from \"../ui/app\";\nexport const a = App;\n",
    },
    {
        what: "the backend using cockpit outside the transport", file: "src/backend/x.ts",
        rule: "no-restricted-globals",
        source: "export const v = () => cockpit.spawn([\"bootc\"]);\n",
    },
    {
        what: "a PatternFly barrel import", file: "src/ui/x.tsx", rule: "no-restricted-imports",
        source: "import { Button } from \"@patternfly/react-core\";\nexport const b = Button;\n",
    },
    {
        what: "any", file: "src/backend/x.ts", rule: "@typescript-eslint/no-explicit-any",
        source: "export const f = (x: any) => x;\n",
    },
    // the ui's folders: features use the shared layers, never each other
    {
        what: "a feature importing another feature", file: "src/ui/updates/x.tsx", rule: "import-x/no-restricted-paths",
        source: "import { DeploymentsCard } from \"../deployments/deployments-card\";\nexport const c = DeploymentsCard;\n",
    },
    {
        what: "a feature importing the app", file: "src/ui/host-images/x.tsx", rule: "import-x/no-restricted-paths",
        source: "import { renderDialog } from \"../dialogs\";\nexport const r = renderDialog;\n",
    },
    {
        what: "common/ importing a feature", file: "src/ui/common/x.tsx", rule: "import-x/no-restricted-paths",
        source: "import { UpdatesCard } from \"../updates/updates-card\";\nexport const u = UpdatesCard;\n",
    },
    {
        what: "state/ importing common/", file: "src/ui/state/x.ts", rule: "import-x/no-restricted-paths",
        source: "import { imageVersion } from \"../common/image-text\";\nexport const v = imageVersion;\n",
    },
    // style
    {
        what: "imports out of order", file: "src/ui/x.ts", rule: "import-x/order",
        source: "import { shortDigest } from \"../backend\";\nimport { useState } from \"react\";\nexport const a = [shortDigest, useState];\n",
    },
    {
        what: "a line of code over 120 characters", file: "src/backend/x.ts", rule: "@stylistic/max-len",
        source: `export const sum = (first: number, second: number) => ${"first + second + ".repeat(5)}first + second + 0;\n`,
    },
    {
        what: "a declaration fused onto the one before it", file: "src/backend/x.ts",
        rule: "@stylistic/padding-line-between-statements",
        source: "export function a(): number {\n    return 1;\n}\nexport function b(): number {\n    return 2;\n}\n",
    },
    {
        what: "an image without alt text", file: "src/ui/x.tsx", rule: "jsx-a11y-x/alt-text",
        source: "export const Logo = () => <img src=\"logo.png\" />;\n",
    },
];

const ALLOWED: Case[] = [
    {
        what: "the ui using the backend's index and gettext", file: "src/ui/x.ts",
        source: "import { shortDigest } from \"../backend\";\n\nexport const f = (d: string) => cockpit.gettext(shortDigest(d));\n",
    },
    {
        what: "the transport using cockpit", file: "src/backend/cockpit-transport.ts",
        source: "export const v = () => cockpit.spawn([\"bootc\"]);\n",
    },
    {
        what: "a feature using common/, state/ and i18n", file: "src/ui/updates/x.tsx",
        source: [
            "import { imageVersion } from \"../common/image-text\";",
            "import { _ } from \"../i18n\";",
            "import { usePage } from \"../state/context\";",
            "",
            "export const a = [imageVersion, _, usePage];",
            "",
        ].join("\n"),
    },
    {
        what: "the app composing the features", file: "src/ui/x.tsx",
        source: "import { UpdatesCard } from \"./updates/updates-card\";\n\nexport const u = UpdatesCard;\n",
    },
    {
        what: "a long translatable message, which stays one string", file: "src/ui/x.ts",
        source: `export const m = () => cockpit.gettext("${"A long message that translators see whole. ".repeat(4)}");\n`,
    },
];

describe("lint rules", () => {
    let results: string[][] = [];
    beforeAll(() => {
        results = lintAll([...REFUSED, ...ALLOWED].map(c => [c.file, c.source]));
    }, 60_000);

    it.each(REFUSED.map((c, i) => [c.what, i, c.rule] as const))("refuses %s", (_label, index, rule) => {
        expect(results[index]).toContain(rule);
    });

    it.each(ALLOWED.map((c, i) => [c.what, REFUSED.length + i] as const))("allows %s", (_label, index) => {
        expect(results[index]).toEqual([]);
    });
});
