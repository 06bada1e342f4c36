// SPDX-License-Identifier: LGPL-2.1-or-later
// tools/po.mjs: string extraction for translators, and po files to what cockpit.locale() takes.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runInNewContext } from "node:vm";

const ROOT = join(__dirname, "../..");

function tool(code: string): string {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0)
        throw new Error(result.stderr);
    return result.stdout;
}

test("extraction finds the page's strings with their references, and the manifest's label", () => {
    const messages = JSON.parse(tool("import { extractMessages } from './tools/po.mjs'; console.log(JSON.stringify(extractMessages()));")) as
        { msgid: string; references: string[] }[];
    const find = (msgid: string) => messages.find(m => m.msgid === msgid);
    expect(find("OS Images")?.references).toEqual(expect.arrayContaining(["manifest.json", "src/index.html"]));
    expect(find("Another bootc operation is running")?.references[0]).toMatch(/^src\/ui\/status\/page-states\.tsx:\d+$/);
    expect(find("Staged")).toBeDefined();
    expect(messages.length).toBeGreaterThan(80);
});

test("a po file becomes one cockpit.locale() call, with plurals and contexts, without fuzzy or empty entries", () => {
    const js = tool("import { poToJavascript } from './tools/po.mjs'; process.stdout.write(poToJavascript('test/fixtures/po/de.po', 'de'));");
    let locale: Record<string, unknown> = {};
    runInNewContext(js, { cockpit: { locale: (data: Record<string, unknown>) => { locale = data; } } });
    const header = locale[""] as { language: string; "plural-forms": (n: number) => number | boolean };
    expect(header.language).toBe("de");
    expect(Number(header["plural-forms"](1))).toBe(0);
    expect(Number(header["plural-forms"](3))).toBe(1);
    expect(locale["OS Images"]).toEqual([null, "Betriebssystem-Images"]);
    expect(locale["deployment role\u0004Booted"]).toEqual([null, "Gebootet"]);
    expect(locale["$0 layer"]).toEqual(["$0 layers", "$0 Schicht", "$0 Schichten"]);
    expect(locale.Pinned).toBeUndefined();
    expect(locale.Untranslated).toBeUndefined();
});
