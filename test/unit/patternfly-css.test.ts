// SPDX-License-Identifier: LGPL-2.1-or-later
// tools/patternfly-css.mjs: what of PatternFly's CSS the page ships. Rules for themes that are never
// switched on, PatternFly's own fonts and the pficon font go; everything else stays as it was.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** prunePatternflyCss(CSS), run by node as the build runs it (the tool is an ES module). */
function prune(css: string): { css: string; dropped: number } {
    const code = `import { prunePatternflyCss } from "./tools/patternfly-css.mjs";
        const input = (await import("node:fs")).readFileSync(0, "utf8");
        const blocks = { dropped: 0 };
        const css = prunePatternflyCss(input, blocks);
        process.stdout.write(JSON.stringify({ css, dropped: blocks.dropped }));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
        cwd: ROOT, input: css, encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0)
        throw new Error(result.stderr);
    return JSON.parse(result.stdout) as { css: string; dropped: number };
}

const squash = (css: string) => css.replace(/\s+/g, " ").trim();

test("rules that need a theme Cockpit never sets go; light, dark and :not(theme) rules stay", () => {
    const { css, dropped } = prune(`
:root { --a: 1; }
:root:where(.pf-v6-theme-dark) { --a: 2; }
:root:where(.pf-v6-theme-high-contrast) { --a: 3; }
:root:where(.pf-v6-theme-dark.pf-v6-theme-high-contrast) { --a: 4; }
:where(.pf-v6-theme-glass) .pf-v6-c-card.pf-m-glass { color: red; }
:where(.pf-v6-theme-felt) .pf-v6-c-page { color: red; }
:where(:root:not(.pf-v6-theme-glass)) .pf-v6-c-card.pf-m-plain { color: blue; }
.pf-v6-theme-glassy { color: green; }
`);
    expect(squash(css)).toBe(squash(`
:root { --a: 1; }
:root:where(.pf-v6-theme-dark) { --a: 2; }
:where(:root:not(.pf-v6-theme-glass)) .pf-v6-c-card.pf-m-plain { color: blue; }
.pf-v6-theme-glassy { color: green; }
`));
    expect(dropped).toBe(4);
});

test("a selector list keeps the selectors that can match", () => {
    // as PatternFly writes it: one line
    const selectors = [
        ".pf-v6-c-sidebar__panel.pf-m-no-background",
        ":where(:root:not(.pf-v6-theme-glass)) .pf-v6-c-sidebar__panel.pf-m-plain",
        ":where(:root.pf-v6-theme-glass) .pf-v6-c-sidebar__panel:not(.pf-m-no-plain-on-glass)",
    ];
    const { css } = prune(`${selectors.join(", ")} {\n  background: none;\n}`);
    expect(squash(css)).toBe(squash(`
.pf-v6-c-sidebar__panel.pf-m-no-background,
:where(:root:not(.pf-v6-theme-glass)) .pf-v6-c-sidebar__panel.pf-m-plain {
  background: none;
}`));
});

test("inside @media and @supports too; an at-rule left empty goes", () => {
    const { css } = prune(`
@media (min-width: 576px) {
  .pf-v6-c-a { order: 1; }
  :where(.pf-v6-theme-high-contrast) .pf-v6-c-a { order: 2; }
}
@media (min-width: 768px) {
  :where(.pf-v6-theme-felt) .pf-v6-c-a { order: 3; }
}
@supports (display: grid) { .pf-v6-c-b { display: grid; } }
`);
    expect(squash(css)).toBe(squash(`
@media (min-width: 576px) {
  .pf-v6-c-a { order: 1; }
}
@supports (display: grid) { .pf-v6-c-b { display: grid; } }
`));
});

test("PatternFly's own fonts and the pficon icon font go; other @font-face rules stay", () => {
    const { css } = prune(`
@font-face {
  font-family: "Red Hat Text";
  src: url("./assets/fonts/RedHatText/RedHatTextVF.woff2") format("woff2-variations");
}
@font-face {
  font-family: "pf-v6-pficon";
  src: url("./assets/pficon/pf-v6-pficon.woff2") format("woff2");
}
.pf-v6-pficon-zone:before,
.pf-v6-pficon-user:before {
  font-family: "pf-v6-pficon";
}
.pf-v6-pficon-zone:before { content: "\\e900"; }
@font-face {
  font-family: RedHatText;
  src: url("../../static/fonts/RedHatText-Regular.woff2") format("woff2");
}
`);
    expect(squash(css)).toBe(squash(`
@font-face {
  font-family: RedHatText;
  src: url("../../static/fonts/RedHatText-Regular.woff2") format("woff2");
}
`));
});

test("braces and theme names inside strings and comments are not rules", () => {
    const input = `/* { not a rule } .pf-v6-theme-glass */
.pf-v6-c-a::before { content: "} .pf-v6-theme-felt {"; }
@import url("x.css");
.pf-v6-c-b { color: red; }
`;
    expect(squash(prune(input).css)).toBe(squash(input));
});

test("PatternFly's base.css: a third smaller, balanced, with light and dark and without the unused themes", () => {
    const base = readFileSync(join(ROOT, "node_modules/@patternfly/react-core/dist/styles/base.css"), "utf8");
    const { css } = prune(base);
    expect(css.length).toBeLessThan(base.length * 0.6);
    expect(css.split("{").length).toBe(css.split("}").length);
    expect(css).toContain(":root:where(.pf-v6-theme-dark) {");
    expect(css).toContain("--pf-t--global--font--family--body");
    expect(css.replace(/:not\([^()]*\)/g, "")).not.toMatch(/\.pf-v6-theme-(high-contrast|felt|glass)\b/);
    expect(css).not.toContain("./assets/");
});
