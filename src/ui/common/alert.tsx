/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PatternFly's Alert with a title at the heading level of where it is shown, so a screen reader's
 * outline has no gaps (axe heading-order): 2 on the page and in dialogs (under the page's h1, or the
 * dialog's), 3 inside a card (under its h2 title). A card sets <InCard> around its body.
 */

import { createContext, useContext } from "react";
import type { ReactNode } from "react";

import { Alert as PfAlert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import type { AlertProps } from "@patternfly/react-core/dist/esm/components/Alert/index.js";

const HeadingLevel = createContext<"h2" | "h3">("h2");

export function Alert(props: AlertProps) {
    const level = useContext(HeadingLevel);
    return <PfAlert component={level} {...props} />;
}

/** What is inside: in a card, under its title. */
export function InCard({ children }: { children: ReactNode }) {
    return <HeadingLevel.Provider value="h3">{children}</HeadingLevel.Provider>;
}
