/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { Fragment } from "react";

import { imageReferenceText } from "./image-text";

/**
 * An image reference (transport-prefixed unless it comes from a registry) that wraps after "/", ":"
 * and "@" rather than in the middle of a name.
 */
export function ImageReference({ name, transport }: { name: string; transport: string }) {
    const parts = imageReferenceText(name, transport).split(/(?<=[/:@])/);
    return (
        <span className="ct-image-name">
            {parts.map((part, i) => <Fragment key={i}>{part}{i < parts.length - 1 && <wbr />}</Fragment>)}
        </span>
    );
}
