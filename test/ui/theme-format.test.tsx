// SPDX-License-Identifier: LGPL-2.1-or-later
import { exactTime, relativeTime } from "../../src/ui/format";
import { DARK_CLASS, followCockpitTheme } from "../../src/ui/theme";

describe("the page follows Cockpit's theme", () => {
    let prefersDark = false;
    const listeners: (() => void)[] = [];
    beforeEach(() => {
        prefersDark = false;
        listeners.length = 0;
        window.matchMedia = ((query: string) => ({
            get matches() {
                return prefersDark;
            },
            media: query,
            addEventListener: (_event: string, listener: () => void) => listeners.push(listener),
            removeEventListener: () => undefined,
        })) as unknown as typeof window.matchMedia;
        localStorage.clear();
        document.documentElement.classList.remove(DARK_CLASS);
    });

    const dark = () => document.documentElement.classList.contains(DARK_CLASS);

    it("uses shell:style, and the browser's preference for auto", () => {
        localStorage.setItem("shell:style", "dark");
        const stop = followCockpitTheme();
        expect(dark()).toBe(true);

        localStorage.setItem("shell:style", "light");
        window.dispatchEvent(new StorageEvent("storage", { key: "shell:style" }));
        expect(dark()).toBe(false);

        localStorage.setItem("shell:style", "auto");
        prefersDark = true;
        window.dispatchEvent(new StorageEvent("storage", { key: "shell:style" }));
        expect(dark()).toBe(true);

        prefersDark = false;
        listeners.forEach(listener => listener());
        expect(dark()).toBe(false);
        stop();
    });

    it("follows the shell's cockpit-style event", () => {
        const stop = followCockpitTheme();
        expect(dark()).toBe(false);
        localStorage.setItem("shell:style", "dark");
        window.dispatchEvent(new Event("cockpit-style"));
        expect(dark()).toBe(true);
        // the shell's event carries the style, which wins over localStorage
        window.dispatchEvent(new CustomEvent("cockpit-style", { detail: { style: "light" } }));
        expect(dark()).toBe(false);
        stop();
        localStorage.setItem("shell:style", "dark");
        window.dispatchEvent(new Event("cockpit-style"));
        expect(dark()).toBe(false);
    });
});

describe("times", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    it.each([
        ["2026-11-22T11:59:30Z", "now"],
        ["2026-11-22T11:55:00Z", "5 minutes ago"],
        ["2026-11-22T09:00:00Z", "3 hours ago"],
        ["2026-11-21T12:00:00Z", "24 hours ago"],
        ["2026-11-19T12:00:00Z", "3 days ago"],
        ["2026-11-01T12:00:00Z", "3 weeks ago"],
        ["2026-08-01T12:00:00Z", "3 months ago"],
        ["2025-11-01T12:00:00Z", "12 months ago"],
        ["2023-11-01T12:00:00Z", "3 years ago"],
        ["2026-11-25T12:00:00Z", "in 3 days"],
    ])("%s is %s", (when, text) => {
        expect(relativeTime(new Date(when), now)).toBe(text);
    });

    it("gives the exact time with its zone", () => {
        expect(exactTime(new Date("2025-11-01T04:05:44Z"), "UTC")).toBe("November 1, 2025 at 4:05:44 AM UTC");
    });
});
