// SPDX-License-Identifier: LGPL-2.1-or-later
// The page's own CSS: stylelint's standard rules, and logical properties (inline/block rather than
// left/right/top/bottom) so a right-to-left language lays out correctly, as Cockpit's pages do.
export default {
    extends: ["stylelint-config-standard"],
    plugins: ["stylelint-use-logical"],
    rules: {
        "csstools/use-logical": ["always", { except: [] }],
        // PatternFly's design tokens (--pf-t--global--…) and our own (--ct-…)
        "custom-property-pattern": ["^(pf-t-|ct-)[a-z0-9-]+$", {
            message: "Use PatternFly's tokens or our own --ct- properties",
        }],
        // PatternFly's classes (pf-v6-c-…, pf-m-…) and our own (ct-…)
        "selector-class-pattern": ["^(pf-v6-|pf-m-|ct-)[a-z0-9-]+(__[a-z0-9-]+)?$", {
            message: "Use PatternFly's classes or our own ct- ones",
        }],
    },
};
