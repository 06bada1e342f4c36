/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * Copies text; resolves whether it worked. navigator.clipboard needs a secure context (Cockpit over
 * plain http to another host is not one), so fall back to a selected textarea and execCommand.
 */
export async function copyText(text: string): Promise<boolean> {
    try {
        if (navigator.clipboard) {
            await navigator.clipboard.writeText(text);
            return true;
        }
    } catch {
        // fall through to the older way
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "ct-offscreen";
    document.body.appendChild(area);
    area.select();
    try {
        return document.execCommand("copy");
    } catch {
        return false;
    } finally {
        area.remove();
    }
}
