/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { Fragment, useState } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";

import { _, format } from "../i18n";

import { HOST_TEXT_MAX, hostText, visibleText } from "./host-text";
import { imageReferenceText } from "./image-text";

/**
 * An image reference (transport-prefixed unless it comes from a registry) that wraps after "/", ":"
 * and "@" rather than in the middle of a name; invisible characters made visible, and an over-long one
 * cut, with the whole on demand.
 */
export function ImageReference({ name, transport }: { name: string; transport: string }) {
    const [whole, setWhole] = useState(false);
    const text = imageReferenceText(name, transport);
    const long = text.length > HOST_TEXT_MAX && !whole;
    const parts = (long ? hostText(text) : visibleText(text)).split(/(?<=[/:@])/);
    return (
        <span className="ct-image-name">
            {parts.map((part, i) => <Fragment key={i}>{part}{i < parts.length - 1 && <wbr />}</Fragment>)}
            {long && (
                <>
                    {" "}
                    <Button variant="link" isInline onClick={() => setWhole(true)}>
                        {format(_("Show all $0 characters"), text.length)}
                    </Button>
                </>
            )}
        </span>
    );
}
