// SPDX-License-Identifier: LGPL-2.1-or-later
// tools/po.mjs: string extraction for translators, and po files to what cockpit.locale() takes.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runInNewContext } from "node:vm";

const ROOT = join(__dirname, "../..");

function locale(poFile: string, language: string, part = "page"): Record<string, unknown> {
    const js = tool(`import { poToJavascript } from './tools/po.mjs'; process.stdout.write(poToJavascript(${JSON.stringify(poFile)}, ${JSON.stringify(language)}, ${JSON.stringify(part)}));`);
    let data: Record<string, unknown> = {};
    runInNewContext(js, { cockpit: { locale: (po: Record<string, unknown>) => { data = po; } } });
    return data;
}

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

test("the shell's words (menu label, search keywords) go to po.manifest.<lang>.js, the page's to po.<lang>.js", () => {
    const manifest = locale("test/fixtures/po/de.po", "de", "manifest");
    expect(manifest["OS Images"]).toEqual([null, "Betriebssystem-Images"]);
    expect(manifest.rollback).toEqual([null, "Zurücksetzen"]);
    expect(manifest["Roll back…"]).toBeUndefined();
    const page = locale("test/fixtures/po/de.po", "de");
    // in the page's title too
    expect(page["OS Images"]).toEqual([null, "Betriebssystem-Images"]);
    expect(page["Roll back…"]).toEqual([null, "Zurücksetzen…"]);
    expect(page.rollback).toBeUndefined();
});

test("the direction comes with the language: right to left for Arabic, Persian, Hebrew and Urdu", () => {
    expect((locale("test/fixtures/po/de.po", "de")[""] as { "language-direction": string })["language-direction"])
        .toBe("ltr");
    expect((locale("test/fixtures/po/de.po", "he")[""] as { "language-direction": string })["language-direction"])
        .toBe("rtl");
});

test("the manifest's search keywords are extracted", () => {
    const messages = JSON.parse(tool("import { extractMessages } from './tools/po.mjs'; console.log(JSON.stringify(extractMessages()));")) as
        { msgid: string; references: string[] }[];
    expect(messages.find(m => m.msgid === "rollback")?.references).toEqual(["manifest.json"]);
});
