// SPDX-License-Identifier: LGPL-2.1-or-later
// The import-direction rules of eslint.config.mjs catch what they are meant to catch.
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

const REFUSED: [string, string, string, string][] = [
        ["the ui spawning", "src/ui/x.ts", "export const run = () => cockpit.spawn([\"bootc\"]);\n", "no-restricted-properties"],
        ["the ui reading files", "src/ui/x.ts", "export const read = () => cockpit.file(\"/etc/os-release\").read();\n", "no-restricted-properties"],
        ["the ui importing the transport", "src/ui/x.ts", "import { createCockpitTransport } from \"../backend/cockpit-transport\";\nexport const t = createCockpitTransport;\n", "no-restricted-imports"],
        ["the ui importing backend internals", "src/ui/x.ts", "import { buildHostModel } from \"../backend/model\";\nexport const b = buildHostModel;\n", "no-restricted-imports"],
        ["the backend importing React", "src/backend/x.ts", "import { useState } from \"react\";\nexport const s = useState;\n", "no-restricted-imports"],
        ["the backend importing PatternFly", "src/backend/x.ts", "import { Button } from \"@patternfly/react-core/dist/esm/components/Button/index.js\";\nexport const b = Button;\n", "no-restricted-imports"],
        ["the backend importing the ui", "src/backend/x.ts", "import { App } from \"../ui/app\";\nexport const a = App;\n", "no-restricted-imports"],
        ["the backend using cockpit outside the transport", "src/backend/x.ts", "export const v = () => cockpit.spawn([\"bootc\"]);\n", "no-restricted-globals"],
        ["a PatternFly barrel import", "src/ui/x.tsx", "import { Button } from \"@patternfly/react-core\";\nexport const b = Button;\n", "no-restricted-imports"],
        ["any", "src/backend/x.ts", "export const f = (x: any) => x;\n", "@typescript-eslint/no-explicit-any"],
];

const ALLOWED: [string, string, string][] = [
    ["the ui using the backend's index and gettext", "src/ui/x.ts", "import { shortDigest } from \"../backend\";\nexport const f = (d: string) => cockpit.gettext(shortDigest(d));\n"],
    ["the transport using cockpit", "src/backend/cockpit-transport.ts", "export const v = () => cockpit.spawn([\"bootc\"]);\n"],
];

describe("architecture rules", () => {
    let results: string[][] = [];
    beforeAll(() => {
        results = lintAll([...REFUSED, ...ALLOWED].map(([, file, source]) => [file, source]));
    }, 60_000);

    it.each(REFUSED.map((c, i) => [c[0], i, c[3]] as const))("refuses %s", (_label, index, rule) => {
        expect(results[index]).toContain(rule);
    });

    it.each(ALLOWED.map((c, i) => [c[0], REFUSED.length + i] as const))("allows %s", (_label, index) => {
        expect(results[index]).toEqual([]);
    });
});
