// SPDX-License-Identifier: LGPL-2.1-or-later
// jsdom has no cockpit.js and no matchMedia: stand-ins that behave like them for the ui.
import { TextDecoder as NodeTextDecoder } from "node:util";

const stub = {
    language: "en",
    gettext: (...args: string[]) => args[args.length - 1] ?? "",
    ngettext: (singular: string, plural: string, n: number) => (n === 1 ? singular : plural),
    format: (template: string, ...args: (string | number)[]) =>
        template.replace(/\$([0-9]+)/g, (_match, index: string) => String(args[Number(index)] ?? "")),
    format_bytes: (n: number) => `${n} B`,
    message: (error: unknown) => String(error),
};
Object.assign(globalThis, { cockpit: stub });

if (!window.matchMedia) {
    Object.defineProperty(window, "matchMedia", {
        writable: true,
        value: (query: string) => ({
            matches: false,
            media: query,
            onchange: null,
            addEventListener: () => undefined,
            removeEventListener: () => undefined,
            addListener: () => undefined,
            removeListener: () => undefined,
            dispatchEvent: () => false,
        }),
    });
}

// every browser Cockpit supports has TextDecoder (the backend decodes host script output with it); jsdom lacks it
if (typeof globalThis.TextDecoder === "undefined")
    Object.assign(globalThis, { TextDecoder: NodeTextDecoder });
