/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PatternFly's label, as its markup and CSS: the page's labels are short words that are never edited,
 * closed or clicked. PatternFly's Label component measures its text after every render (offsetWidth
 * against scrollWidth, a forced layout per label) to decide on a tooltip for a truncated text, and its
 * LabelGroup measures again and names its list in English; a table of deployments has dozens of labels.
 */

import { forwardRef } from "react";
import type { HTMLAttributes, ReactNode } from "react";

import groupStyles from "@patternfly/react-styles/css/components/Label/label-group.mjs";
import styles from "@patternfly/react-styles/css/components/Label/label.mjs";

export type LabelColor = "blue" | "teal" | "green" | "orange" | "purple" | "red" | "yellow" | "grey";

export interface LabelProps extends Omit<HTMLAttributes<HTMLSpanElement>, "color"> {
    color?: LabelColor;
    variant?: "filled" | "outline";
    isCompact?: boolean;
    icon?: ReactNode;
    children: ReactNode;
}

const COLORS: Record<LabelColor, string> = {
    blue: styles.modifiers.blue,
    teal: styles.modifiers.teal,
    green: styles.modifiers.green,
    orange: styles.modifiers.orange,
    purple: styles.modifiers.purple,
    red: styles.modifiers.red,
    yellow: styles.modifiers.yellow,
    grey: "",
};

/** A label; it takes a ref, so a Tooltip can wrap it. */
export const Label = forwardRef<HTMLSpanElement, LabelProps>(function Label(
    { color = "grey", variant = "filled", isCompact = false, icon, className, children, ...rest }, ref,
) {
    const classes = [
        styles.label, COLORS[color], styles.modifiers[variant], isCompact ? styles.modifiers.compact : "",
        className ?? "",
    ].filter(Boolean).join(" ");
    return (
        <span ref={ref} className={classes} {...rest}>
            <span className={styles.labelContent}>
                {icon && <span className={styles.labelIcon}>{icon}</span>}
                <span className={styles.labelText}>{children}</span>
            </span>
        </span>
    );
});

/** Labels side by side, wrapping as PatternFly's label group does; a list for screen readers. */
export function LabelList({ className, children }: { className?: string; children: ReactNode[] }) {
    return (
        <div className={[groupStyles.labelGroup, className ?? ""].filter(Boolean).join(" ")}>
            <div className={groupStyles.labelGroupMain}>
                <ul className={groupStyles.labelGroupList}>
                    {children.map((child, i) => <li key={i} className={groupStyles.labelGroupListItem}>{child}</li>)}
                </ul>
            </div>
        </div>
    );
}
