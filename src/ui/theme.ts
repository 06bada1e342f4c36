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
    const apply = (announced?: unknown) => {
        let style: string | null = typeof announced === "string" ? announced : null;
        if (style === null) {
            try {
                style = win.localStorage.getItem(KEY);
            } catch {
                style = null; // storage may be off limits
            }
        }
        const dark = style === "dark" || (style !== "light" && media.matches);
        win.document.documentElement.classList.toggle(DARK_CLASS, dark);
    };
    const onStyle = (event: Event) => {
        // the shell announces the new style in the event, possibly before it is in localStorage
        const detail: unknown = event instanceof CustomEvent ? event.detail : null;
        apply(typeof detail === "object" && detail !== null ? (detail as { style?: unknown }).style : undefined);
    };
    const onMedia = () => apply();
    const onStorage = (event: StorageEvent) => {
        if (event.key === KEY || event.key === null)
            apply();
    };
    win.addEventListener("storage", onStorage);
    // the shell also announces changes to its own document's frames with this event
    win.addEventListener("cockpit-style", onStyle);
    media.addEventListener("change", onMedia);
    apply();
    return () => {
        win.removeEventListener("storage", onStorage);
        win.removeEventListener("cockpit-style", onStyle);
        media.removeEventListener("change", onMedia);
    };
}
