/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { Fragment } from "react";
import type { ReactNode } from "react";

/**
 * Like cockpit.format, but the $0, $1, … of a translated template become React elements, so a
 * translation can put them wherever its grammar wants them.
 */
export function formatElements(template: string, ...elements: ReactNode[]): ReactNode {
    return template.split(/(\$\d+)/).map((piece, i) => {
        const placeholder = /^\$(\d+)$/.exec(piece);
        return <Fragment key={i}>{placeholder ? elements[Number(placeholder[1])] : piece}</Fragment>;
    });
}
