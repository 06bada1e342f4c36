// SPDX-License-Identifier: LGPL-2.1-or-later
// The import-direction rules of eslint.config.mjs catch what they are meant to catch.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

function ruleIdsFor(file: string, source: string): string[] {
    const result = spawnSync(join(ROOT, "node_modules/.bin/eslint"), ["--format", "json", "--stdin", "--stdin-filename", file], {
        cwd: ROOT, input: source, encoding: "utf8",
    });
    const reports = JSON.parse(result.stdout) as { messages: { ruleId: string | null }[] }[];
    return reports.flatMap(report => report.messages.map(m => m.ruleId ?? "parse-error"));
}

jest.setTimeout(60_000);

describe("architecture rules", () => {
    it.each([
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
    ])("refuses %s", (_label, file, source, rule) => {
        expect(ruleIdsFor(file, source)).toContain(rule);
    });

    it.each([
        ["the ui using the backend's index and gettext", "src/ui/x.ts", "import { shortDigest } from \"../backend\";\nexport const f = (d: string) => cockpit.gettext(shortDigest(d));\n"],
        ["the transport using cockpit", "src/backend/cockpit-transport.ts", "export const v = () => cockpit.spawn([\"bootc\"]);\n"],
    ])("allows %s", (_label, file, source) => {
        expect(ruleIdsFor(file, source)).toEqual([]);
    });
});
