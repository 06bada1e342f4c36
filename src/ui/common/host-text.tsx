/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Text read from the host, as the page shows it: characters that would change how the rest reads
 * without being seen (bidirectional controls such as U+202E, zero-width and other invisible or control
 * characters) are shown as ⟨U+XXXX⟩, so "42.\u202e0.1" cannot pass for "42.1.0"; and a value longer
 * than a line or two is cut, with the whole of it on demand.
 */

import { useState } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";

import { _, format } from "../i18n";

/**
 * Controls (C0, DEL, C1), the soft hyphen, the combining grapheme joiner, bidirectional marks,
 * embeddings, overrides and isolates, zero-width and other invisible format characters, variation
 * selectors, fillers, the BOM, and the interlinear annotation and object replacement characters.
 */
const INVISIBLE_RANGES: [number, number][] = [
    [0x0000, 0x001f], [0x007f, 0x009f], [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c],
    [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f], [0x200b, 0x200f], [0x2028, 0x202e],
    [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
    [0xfff9, 0xfffc], [0xe0000, 0xe007f],
];

const hex = (code: number) => code.toString(16);
const INVISIBLE = new RegExp(
    `[${INVISIBLE_RANGES.map(([from, to]) => `\\u{${hex(from)}}-\\u{${hex(to)}}`).join("")}]`, "gu",
);

/** How much of a host value is shown before "Show all". */
export const HOST_TEXT_MAX = 200;

/** VALUE with every invisible character written out as ⟨U+XXXX⟩; with LINES, line breaks and tabs stay. */
export function visibleText(value: string, lines = false): string {
    return value.replace(INVISIBLE, char => {
        if (lines && (char === "\n" || char === "\t"))
            return char;
        return `⟨U+${hex(char.codePointAt(0) ?? 0).toUpperCase().padStart(4, "0")}⟩`;
    });
}

/** The first MAX characters of VALUE (never half a surrogate pair). */
function cut(value: string, max: number): string {
    const end = /[\ud800-\udbff]/.test(value.charAt(max - 1)) ? max - 1 : max;
    return value.slice(0, end);
}

/** For a sentence: VALUE made visible and cut to MAX characters (an ellipsis says it was). */
export function hostText(value: string, max = HOST_TEXT_MAX): string {
    // cut first: a megabyte value is never scanned whole for a sentence
    return value.length > max ? `${visibleText(cut(value, max))}…` : visibleText(value);
}

/**
 * A host value on its own: made visible, cut to MAX characters with "Show all" for the rest. LINES:
 * it is output with line breaks (kept).
 */
export function HostText(
    { value, max = HOST_TEXT_MAX, lines = false }: { value: string; max?: number; lines?: boolean },
) {
    const [whole, setWhole] = useState(false);
    if (value.length <= max || whole)
        return <>{visibleText(value, lines)}</>;
    return (
        <>
            {`${visibleText(cut(value, max), lines)}…`}
            {" "}
            <Button
                variant="link"
                isInline
                className="ct-host-text-more"
                onClick={() => setWhole(true)}
            >
                {format(_("Show all $0 characters"), value.length)}
            </Button>
        </>
    );
}
