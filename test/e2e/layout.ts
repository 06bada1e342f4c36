// SPDX-License-Identifier: LGPL-2.1-or-later
// What a reader would see as broken layout, measured in the page: it scrolls sideways, text is
// squeezed into a column a few characters wide, a text box clips what it holds, or a button sticks
// out of (or touches) the edge of its card.
import type { Page } from "playwright-core";

import { appFrame } from "./axe";

export async function layoutProblems(page: Page): Promise<string[]> {
    return appFrame(page).evaluate(() => {
        const problems: string[] = [];
        const name = (element: Element) => {
            const id = element.id ? `#${element.id}` : "";
            const classes = [...element.classList].filter(c => c.startsWith("ct-")).map(c => `.${c}`).join("");
            const text = (element.textContent ?? "").trim().slice(0, 40);
            return `${element.tagName.toLowerCase()}${id}${classes} "${text}"`;
        };
        const visible = (element: Element) => {
            const rect = element.getBoundingClientRect();
            return rect.width > 0 && rect.height > 0 && getComputedStyle(element).visibility !== "hidden"
                && !element.closest(".pf-v6-screen-reader, [aria-hidden='true']");
        };

        const root = document.scrollingElement ?? document.documentElement;
        if (root.scrollWidth > root.clientWidth + 1)
            problems.push(`the page scrolls sideways: ${root.scrollWidth} px of content in ${root.clientWidth} px`);

        // a line break in a text without spaces, somewhere else than after - / : @ . or _
        const breaksInsideWord = (node: Node) => {
            const content = node.textContent ?? "";
            const range = document.createRange();
            let lastTop: number | null = null;
            for (let i = 0; i < content.length; i++) {
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (!rect)
                    continue;
                if (lastTop !== null && Math.round(rect.top) !== lastTop && !"-/:@._".includes(content[i - 1] ?? ""))
                    return true;
                lastTop = Math.round(rect.top);
            }
            return false;
        };

        // text squeezed into a column: a text of three lines or more with fewer than 12 characters a
        // line, or a word broken over lines (lines counted from the text's own boxes, not its cell)
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = (node.textContent ?? "").trim();
            const parent = node.parentElement;
            if (text.length < 12 || !parent || !visible(parent) || parent.closest("svg"))
                continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            const lines = tops.size;
            const perLine = text.length / lines;
            const brokenWord = lines > 1 && !/\s/.test(text) && perLine < 10 && breaksInsideWord(node);
            if ((lines >= 3 && perLine < 12) || brokenWord)
                problems.push(`squeezed to ${lines} lines of ${Math.round(perLine)} characters: ${name(parent)}`);
        }

        // text clipped by its box (PatternFly's truncation shows a tooltip, and is meant)
        for (const element of document.querySelectorAll("body *")) {
            if (!visible(element) || element.closest(".pf-v6-c-truncate, .pf-v6-c-tooltip, .pf-v6-c-progress"))
                continue;
            const style = getComputedStyle(element);
            if (!["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis")
                continue;
            if (element.scrollWidth > element.clientWidth + 1 && (element.textContent ?? "").trim() !== "")
                problems.push(`clips its text (${element.scrollWidth} px in ${element.clientWidth} px): ${name(element)}`);
        }

        // buttons inside their card, not touching its edge
        for (const button of document.querySelectorAll(".pf-v6-c-card button, .pf-v6-c-card a.pf-v6-c-button")) {
            const card = button.closest(".pf-v6-c-card");
            if (!card || !visible(button) || button.closest(".pf-v6-c-table__toggle, .pf-v6-c-menu"))
                continue;
            const inner = button.getBoundingClientRect();
            const outer = card.getBoundingClientRect();
            if (inner.right > outer.right - 8 || inner.left < outer.left + 8)
                problems.push(`a button at the edge of its card: ${name(button)}`);
        }
        return problems;
    });
}
