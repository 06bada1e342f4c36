/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import type { ReactNode } from "react";

import {
    DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";

/** One term and its description in a DescriptionList; ID names it for tests (`data-field`). */
export function DescriptionRow({ term, id, children }: { term: string; id: string; children: ReactNode }) {
    return (
        <DescriptionListGroup data-field={id}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}
