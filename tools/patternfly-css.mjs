// SPDX-License-Identifier: LGPL-2.1-or-later
// What of PatternFly's CSS the page ships (an esbuild plugin, and the pure function it runs):
//
// * no PatternFly fonts: the page uses the Red Hat fonts that Cockpit serves under /cockpit/static/fonts
//   (src/ui/fonts.css), as Cockpit's own pages do, so its @font-face rules (and the pficon icon font,
//   which the page never uses: its icons are SVG) are dropped;
// * no rules for the themes that neither Cockpit nor the page ever switch on (high contrast, felt, glass:
//   only pf-v6-theme-dark is set, by src/ui/theme.ts). A selector is dropped when it needs one of those
//   classes; `:not(.pf-v6-theme-glass)` always holds here, so a selector that only excludes one stays.
//
// The CSS is PatternFly's generated, formatted CSS: blocks, at-rules and selector lists are found by
// counting braces and parentheses outside strings and comments; nothing else is rewritten.
import { readFile } from "node:fs/promises";

export const UNUSED_THEMES = ["high-contrast", "felt", "glass"];
const THEME = new RegExp(`\\.pf-v6-theme-(${UNUSED_THEMES.join("|")})(?![\\w-])`);
const PFICON = /\.pf-v6-pficon-[\w-]+/;

/** Index just past the end of a string or comment starting at `i`, or `i` when none starts there. */
function skipQuoted(css, i) {
    const c = css[i];
    if (c === "/" && css[i + 1] === "*") {
        const end = css.indexOf("*/", i + 2);
        return end < 0 ? css.length : end + 2;
    }
    if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < css.length && css[j] !== c)
            j += css[j] === "\\" ? 2 : 1;
        return j + 1;
    }
    return i;
}

/** Splits `text` at `separator` characters that are outside parentheses, strings and comments. */
function splitTop(text, separator) {
    const parts = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length;) {
        const skipped = skipQuoted(text, i);
        if (skipped !== i) {
            i = skipped;
            continue;
        }
        const c = text[i];
        if (c === "(")
            depth++;
        else if (c === ")")
            depth--;
        else if (c === separator && depth === 0) {
            parts.push(text.slice(start, i));
            start = i + 1;
        }
        i++;
    }
    parts.push(text.slice(start));
    return parts;
}

/** Whether a selector can match only under a theme class that is never set. */
function needsUnusedTheme(selector) {
    // a :not() that excludes such a theme always holds: leave it out of the test
    const rest = selector.replace(/:not\([^()]*\)/g, group => (THEME.test(group) ? "" : group));
    return THEME.test(rest);
}

function keepFontFace(body) {
    // PatternFly's own font files (assets/fonts/…, assets/pficon/…); ours point at Cockpit's
    return !/url\(\s*["']?\.\/assets\//.test(body);
}

/**
 * Returns `css` without the rules described above. `blocks` counts what was dropped, for the build's
 * report and the tests.
 */
export function prunePatternflyCss(css, blocks = { dropped: 0 }) {
    let out = "";
    let i = 0;
    let preludeStart = 0;
    while (i < css.length) {
        const skipped = skipQuoted(css, i);
        if (skipped !== i) {
            i = skipped;
            continue;
        }
        const c = css[i];
        if (c === ";" && css.slice(preludeStart, i).trim().startsWith("@")) {
            // a statement at-rule (@import, @charset): kept as it is
            out += css.slice(preludeStart, i + 1);
            preludeStart = ++i;
            continue;
        }
        if (c !== "{") {
            if (c === "}") // unbalanced input: keep the rest untouched
                return out + css.slice(preludeStart);
            i++;
            continue;
        }
        // a block: find its end
        let depth = 1;
        let j = i + 1;
        while (j < css.length && depth > 0) {
            const after = skipQuoted(css, j);
            if (after !== j) {
                j = after;
                continue;
            }
            if (css[j] === "{")
                depth++;
            else if (css[j] === "}")
                depth--;
            j++;
        }
        // white space and comments before the rule are kept as they are, and not taken for selectors
        const leading = css.slice(preludeStart, i).match(/^(\s|\/\*[^]*?\*\/)*/)[0];
        const prelude = css.slice(preludeStart + leading.length, i);
        const body = css.slice(i + 1, j - 1);
        const name = prelude.trim();
        let kept = null;
        if (name.startsWith("@font-face")) {
            kept = keepFontFace(body) ? `${prelude}{${body}}` : null;
        } else if (/^@(media|supports|layer|container)\b/.test(name)) {
            const inner = prunePatternflyCss(body, blocks);
            kept = inner.trim() === "" ? null : `${prelude}{${inner}}`;
        } else if (name.startsWith("@")) {
            kept = `${prelude}{${body}}`;
        } else {
            const selectors = splitTop(prelude, ",").filter(selector =>
                !needsUnusedTheme(selector) && !PFICON.test(selector));
            if (selectors.length > 0) {
                const joined = selectors.map(s => s.trim()).join(",\n");
                kept = `${joined} {${body}}`;
            }
        }
        if (kept === null)
            blocks.dropped++;
        else
            out += leading + kept;
        i = j;
        preludeStart = j;
    }
    return out + css.slice(preludeStart);
}

/** The esbuild plugin: every CSS file of PatternFly's packages goes through prunePatternflyCss. */
export const patternflyCss = {
    name: "patternfly-css",
    setup(build) {
        build.onLoad({ filter: /[\\/]node_modules[\\/]@patternfly[\\/].*\.css$/ }, async args => ({
            contents: prunePatternflyCss(await readFile(args.path, "utf8")),
            loader: "css",
        }));
    },
};
