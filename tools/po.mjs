#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// Translations, the Cockpit way without Cockpit's pkg/lib:
//   node tools/po.mjs extract   writes po/bootc.pot from src/ (_, N_, C_, cockpit.gettext, cockpit.ngettext),
//                               manifest.json (the menu label) and index.html (elements marked translate)
//   poToJavascript(po, lang)    the po.<lang>.js the page loads: one cockpit.locale({...}) call
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import gettextParser from "gettext-parser";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function sourceFiles(dir) {
    return readdirSync(dir).flatMap(name => {
        const path = join(dir, name);
        if (statSync(path).isDirectory())
            return sourceFiles(path);
        return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
    });
}

function calleeName(expression) {
    if (ts.isIdentifier(expression))
        return expression.text;
    const onCockpit = ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)
        && expression.expression.text === "cockpit";
    if (onCockpit)
        return `cockpit.${expression.name.text}`;
    return null;
}

const KEYWORDS = {
    _: { msgid: 0 },
    N_: { msgid: 0 },
    "cockpit.gettext": { msgid: 0 },
    C_: { context: 0, msgid: 1 },
    ngettext: { msgid: 0, plural: 1 },
    "cockpit.ngettext": { msgid: 0, plural: 1 },
};

function literal(node) {
    return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;
}

/** All translatable messages of the page, with where they are used. Throws on a non-literal message. */
export function extractMessages(root = ROOT) {
    const messages = new Map();
    const add = (context, msgid, plural, reference) => {
        const key = `${context ?? ""}\u0004${msgid}`;
        const entry = messages.get(key) ?? { context, msgid, plural, references: [] };
        entry.references.push(reference);
        messages.set(key, entry);
    };
    const problems = [];
    // src/ui/i18n.ts defines _() and friends on top of cockpit.gettext: its calls pass variables
    for (const file of sourceFiles(join(root, "src")).filter(f => relative(root, f) !== join("src", "ui", "i18n.ts"))) {
        const text = readFileSync(file, "utf8");
        const source = ts.createSourceFile(
            file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
        );
        const visit = node => {
            if (ts.isCallExpression(node)) {
                const keyword = KEYWORDS[calleeName(node.expression) ?? ""];
                if (keyword) {
                    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
                    const reference = `${relative(root, file)}:${line}`;
                    const msgid = literal(node.arguments[keyword.msgid]);
                    const context = keyword.context === undefined ? null : literal(node.arguments[keyword.context]);
                    const plural = keyword.plural === undefined ? null : literal(node.arguments[keyword.plural]);
                    if (msgid === null || (keyword.plural !== undefined && plural === null))
                        problems.push(`${reference}: translatable text must be a string literal`);
                    else
                        add(context, msgid, plural, reference);
                }
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
    }
    if (problems.length > 0)
        throw new Error(problems.join("\n"));

    const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
    for (const section of ["menu", "tools", "dashboard"]) {
        for (const item of Object.values(manifest[section] ?? {})) {
            add(null, item.label, null, "manifest.json");
            // the shell's search matches the keywords in the session's language too
            for (const keyword of item.keywords ?? []) {
                for (const match of keyword.matches ?? [])
                    add(null, match, null, "manifest.json");
            }
        }
    }
    const html = readFileSync(join(root, "src/index.html"), "utf8");
    for (const match of html.matchAll(/<(\w+)[^>]*\btranslate(?:="yes")?[^>]*>([^<]+)<\/\1>/g))
        add(null, match[2].trim(), null, "src/index.html");
    return [...messages.values()];
}

/** A po entry for an extracted message: its references and plural as the sources have them now. */
function poEntry(m, msgstr, flag) {
    return {
        msgctxt: m.context ?? undefined,
        msgid: m.msgid,
        msgid_plural: m.plural ?? undefined,
        msgstr,
        comments: { reference: m.references.join("\n"), ...(flag ? { flag } : {}) },
    };
}

export function potText(messages) {
    const translations = { "": { "": { msgid: "", msgstr: ["Content-Type: text/plain; charset=UTF-8\n"] } } };
    for (const m of messages) {
        const context = m.context ?? "";
        translations[context] ??= {};
        translations[context][m.msgid] = poEntry(m, m.plural ? ["", ""] : [""]);
    }
    const po = { charset: "utf-8", headers: { "Content-Type": "text/plain; charset=UTF-8" }, translations };
    return gettextParser.po.compile(po, { sort: true }).toString();
}

/** Languages written right to left: the page's document takes dir="rtl" (cockpit.language_direction). */
const RTL_LANGUAGES = ["ar", "fa", "he", "ur"];

/**
 * The po.<lang>.js Cockpit serves for a package: `cockpit.locale({...})` with a plural function. PART
 * "page" holds what the page shows, "manifest" what the shell shows for it (po.manifest.<lang>.js: the
 * menu label and search keywords, the messages whose references name manifest.json).
 */
export function poToJavascript(poFile, language, part = "page") {
    const po = gettextParser.po.parse(readFileSync(poFile));
    const pluralForms = po.headers["Plural-Forms"] ?? "nplurals=2; plural=(n != 1);";
    if (!/^[\s\w=!<>&|?:;()%+-]*$/.test(pluralForms))
        throw new Error(`${poFile}: unexpected characters in Plural-Forms`);
    const lines = [];
    for (const [context, messages] of Object.entries(po.translations)) {
        for (const [msgid, message] of Object.entries(messages)) {
            if (msgid === "" || message.msgstr.every(s => s === "") || message.comments?.flag?.includes("fuzzy"))
                continue;
            const references = (message.comments?.reference ?? "").split(/\s+/).filter(Boolean);
            const fromManifest = references.map(reference => reference.startsWith("manifest.json"));
            const inManifest = fromManifest.some(Boolean);
            const onPage = references.length === 0 || fromManifest.some(yes => !yes);
            if (part === "manifest" ? !inManifest : !onPage)
                continue;
            const key = context ? `${context}\u0004${msgid}` : msgid;
            lines.push(`    ${JSON.stringify(key)}: ${JSON.stringify([message.msgid_plural ?? null, ...message.msgstr])}`);
        }
    }
    const direction = RTL_LANGUAGES.includes(language.split(/[_-]/)[0] ?? "") ? "rtl" : "ltr";
    const header = `    "": { "language": ${JSON.stringify(language)}, "language-direction": "${direction}", ` +
        `"plural-forms": function (n) { var nplurals, plural; ${pluralForms}; return plural; } }`;
    return `cockpit.locale({\n${[header, ...lines].join(",\n")}\n});\n`;
}

/**
 * Brings a translation up to date with the page's messages: the references and plurals of now, the
 * translations it had for messages that are still there; a message no longer used is dropped, a new one
 * is left empty (the page shows it in English). Returns the po text and how many are translated.
 */
export function updatedPo(poText, messages) {
    const po = gettextParser.po.parse(poText);
    const old = po.translations;
    const translations = { "": { "": old[""]?.[""] ?? { msgid: "", msgstr: [""] } } };
    let translated = 0;
    for (const m of messages) {
        const context = m.context ?? "";
        const before = old[context]?.[m.msgid];
        const msgstr = before && !before.msgstr.every(s => s === "") ? before.msgstr : (m.plural ? ["", ""] : [""]);
        if (!msgstr.every(s => s === ""))
            translated++;
        translations[context] ??= {};
        translations[context][m.msgid] = poEntry(m, msgstr, before?.comments?.flag);
    }
    const text = gettextParser.po.compile({ ...po, translations }, { sort: true }).toString();
    return { text, translated, total: messages.length };
}

const USAGE = `usage: node tools/po.mjs extract   (po/bootc.pot from the sources)
       node tools/po.mjs update    (every po/*.po brought up to date with the sources)`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const command = process.argv[2];
    if (command !== "extract" && command !== "update") {
        console.error(USAGE);
        process.exit(2);
    }
    const messages = extractMessages();
    if (command === "extract") {
        writeFileSync(join(ROOT, "po/bootc.pot"), potText(messages));
        console.log(`po/bootc.pot: ${messages.length} messages`);
    } else {
        for (const file of readdirSync(join(ROOT, "po")).filter(name => name.endsWith(".po"))) {
            const path = join(ROOT, "po", file);
            const { text, translated, total } = updatedPo(readFileSync(path, "utf8"), messages);
            writeFileSync(path, text);
            console.log(`po/${file}: ${translated} of ${total} translated`);
        }
    }
}
