// SPDX-License-Identifier: LGPL-2.1-or-later
// The shipped translations are complete and keep the placeholders; tools/po.mjs update keeps what a
// translation had and drops what the page no longer says.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

function tool(code: string): string {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0)
        throw new Error(result.stderr);
    return result.stdout;
}

interface Message { context: string | null; msgid: string; plural: string | null; references: string[] }

const messages = JSON.parse(tool(
    "import { extractMessages } from './tools/po.mjs'; console.log(JSON.stringify(extractMessages()));",
)) as Message[];

interface Entry { msgstr: string[]; comments?: { flag?: string; reference?: string } }

interface Parsed {
    headers: Record<string, string>;
    translations: Record<string, Record<string, Entry>>;
}

/** A po text parsed by gettext-parser (an ES module: parsed in node, not in jest). */
function parse(text: string): Parsed {
    return JSON.parse(tool(
        `import gp from 'gettext-parser'; console.log(JSON.stringify(gp.po.parse(${JSON.stringify(text)})));`,
    )) as Parsed;
}

const placeholders = (text: string) => [...new Set(text.match(/\$\d/g) ?? [])].sort();

describe.each(readdirSync(join(ROOT, "po")).filter(name => name.endsWith(".po")))("po/%s", file => {
    const po = parse(readFileSync(join(ROOT, "po", file), "utf8"));

    test("translates every message of the page, none fuzzy, with the plural forms its header counts", () => {
        const forms = Number(/nplurals=(\d)/.exec(po.headers["Plural-Forms"] ?? "")?.[1]);
        expect(forms).toBeGreaterThan(0);
        const missing = messages.filter(m => {
            const entry = po.translations[m.context ?? ""]?.[m.msgid];
            const wanted = m.plural ? forms : 1;
            return !entry || entry.msgstr.length !== wanted || entry.msgstr.some(s => s === "")
                || (entry.comments?.flag ?? "").includes("fuzzy");
        }).map(m => m.msgid);
        expect(missing).toEqual([]);
    });

    test("keeps every placeholder ($0, $1, …) of the English", () => {
        const changed = messages.filter(m => {
            const entry = po.translations[m.context ?? ""]?.[m.msgid];
            return entry?.msgstr.some(s => placeholders(s).join() !== placeholders(m.msgid).join());
        }).map(m => m.msgid);
        expect(changed).toEqual([]);
    });
});

test("update keeps translations, adds new messages empty and drops the ones no longer used", () => {
    const po = [
        'msgid ""', 'msgstr ""', '"Language: de\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', "",
        'msgid "Kept"', 'msgstr "Behalten"', "", 'msgid "Gone"', 'msgstr "Weg"', "",
    ].join("\n");
    const current = [
        { context: null, msgid: "Kept", plural: null, references: ["src/a.tsx:1"] },
        { context: null, msgid: "New", plural: null, references: ["src/b.tsx:2"] },
    ];
    const out = JSON.parse(tool(
        `import { updatedPo } from './tools/po.mjs'; console.log(JSON.stringify(updatedPo(${JSON.stringify(po)}, ${JSON.stringify(current)})));`,
    )) as { text: string; translated: number; total: number };
    expect([out.translated, out.total]).toEqual([1, 2]);
    const parsed = parse(out.text);
    expect(parsed.translations[""]?.Kept?.msgstr).toEqual(["Behalten"]);
    expect(parsed.translations[""]?.Kept?.comments?.reference).toBe("src/a.tsx:1");
    expect(parsed.translations[""]?.New?.msgstr).toEqual([""]);
    expect(parsed.translations[""]?.Gone).toBeUndefined();
    expect(parsed.headers.Language).toBe("de");
});
