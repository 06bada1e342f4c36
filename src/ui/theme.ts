/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Follows Cockpit's light/dark choice: the shell stores "light", "dark" or "auto" in
 * localStorage["shell:style"]; "auto" means the browser's prefers-color-scheme. PatternFly 6 switches
 * on the pf-v6-theme-dark class of <html>.
 */

export const DARK_CLASS = "pf-v6-theme-dark";
const KEY = "shell:style";

export function followCockpitTheme(win: Window = window): () => void {
    const media = win.matchMedia("(prefers-color-scheme: dark)");
    const apply = () => {
        let style: string | null;
        try {
            style = win.localStorage.getItem(KEY);
        } catch {
            style = null; // storage may be off limits
        }
        const dark = style === "dark" || (style !== "light" && media.matches);
        win.document.documentElement.classList.toggle(DARK_CLASS, dark);
    };
    const onStorage = (event: StorageEvent) => {
        if (event.key === KEY || event.key === null)
            apply();
    };
    win.addEventListener("storage", onStorage);
    // the shell also announces changes to its own document's frames with this event
    win.addEventListener("cockpit-style", apply);
    media.addEventListener("change", apply);
    apply();
    return () => {
        win.removeEventListener("storage", onStorage);
        win.removeEventListener("cockpit-style", apply);
        media.removeEventListener("change", apply);
    };
}
