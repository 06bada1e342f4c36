/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PatternFly's table, as its markup and CSS (compact, collapsing into stacked rows below a breakpoint,
 * with expandable rows), for the page's read-only tables. @patternfly/react-table measures every cell
 * after it mounts (offsetWidth against scrollWidth, for a truncation tooltip: a forced layout of the
 * whole page before its first paint), marks a plain table role="grid" with tabindex="-1" on every cell,
 * names its expand button "Details" in English with aria-labelledby pointing at an id that does not
 * exist, and brings a kebab menu, a tree view and drag and drop the page never uses.
 */

import type { HTMLAttributes, ReactNode } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { AngleDownIcon } from "@patternfly/react-icons/dist/esm/icons/angle-down-icon.js";
import gridStyles from "@patternfly/react-styles/css/components/Table/table-grid.mjs";
import styles from "@patternfly/react-styles/css/components/Table/table.mjs";

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(" ");

type Modifier = "fitContent" | "nowrap";
type Width = 10 | 15 | 20 | 25 | 30 | 35 | 40 | 45 | 50 | 60 | 70 | 80 | 90 | 100;

interface TableProps {
    id?: string;
    "aria-label": string;
    variant?: "compact";
    /** below this width the rows stack, each cell with its column's name (its dataLabel) */
    gridBreakPoint?: "grid-md" | "grid-lg";
    children: ReactNode;
}

export function Table({ id, "aria-label": label, variant, gridBreakPoint, children }: TableProps) {
    const grid = gridBreakPoint === "grid-md" ? gridStyles.modifiers.gridMd
        : gridBreakPoint === "grid-lg" ? gridStyles.modifiers.gridLg : undefined;
    return (
        <table id={id} aria-label={label}
            className={classes(styles.table, grid, variant === "compact" && styles.modifiers.compact)}>
            {children}
        </table>
    );
}

export function Thead({ children }: { children: ReactNode }) {
    return <thead className={styles.tableThead}>{children}</thead>;
}

/** isExpanded: the body holds an expanded row (PatternFly draws it as one block). */
export function Tbody({ isExpanded, children }: { isExpanded?: boolean; children: ReactNode }) {
    return <tbody className={classes(styles.tableTbody, isExpanded && styles.modifiers.expanded)}>{children}</tbody>;
}

interface TrProps extends HTMLAttributes<HTMLTableRowElement> {
    /** set on an expandable row: shown only when true */
    isExpanded?: boolean;
    [data: `data-${string}`]: string | undefined;
}

export function Tr({ isExpanded, className, children, ...rest }: TrProps) {
    const expandable = isExpanded !== undefined;
    return (
        <tr {...rest} hidden={expandable && !isExpanded} className={classes(
            styles.tableTr, className, expandable && styles.tableExpandableRow, isExpanded && styles.modifiers.expanded,
        )}>
            {children}
        </tr>
    );
}

interface ThProps {
    modifier?: Modifier;
    width?: Width;
    /** a column without a visible heading (a toggle, actions): its name for screen readers */
    screenReaderText?: string;
    children?: ReactNode;
}

export function Th({ modifier, width, screenReaderText, children }: ThProps) {
    const widthClass = width ? (styles.modifiers as Record<string, string>)[`width_${width}`] : undefined;
    return (
        <th scope="col" className={classes(styles.tableTh, modifier && styles.modifiers[modifier], widthClass)}>
            {screenReaderText ? <span className="pf-v6-screen-reader">{screenReaderText}</span> : children}
        </th>
    );
}

interface TdProps {
    /** the column's name, shown beside the value when the rows stack */
    dataLabel?: string;
    modifier?: Modifier;
    className?: string;
    colSpan?: number;
    children?: ReactNode;
}

export function Td({ dataLabel, modifier, className, colSpan, children }: TdProps) {
    return (
        <td data-label={dataLabel} colSpan={colSpan}
            className={classes(styles.tableTd, className, modifier && styles.modifiers[modifier])}>
            {children}
        </td>
    );
}

interface ExpandCellProps {
    id: string;
    /** what the button says to a screen reader */
    label: string;
    isExpanded: boolean;
    onToggle: () => void;
    /** the id of the row it shows and hides */
    controls: string;
}

/** The first cell of a row that expands: PatternFly's toggle. */
export function ExpandCell({ id, label, isExpanded, onToggle, controls }: ExpandCellProps) {
    return (
        <td className={classes(styles.tableTd, styles.tableToggle)}>
            <Button id={id} variant="plain" size="sm" aria-label={label} aria-expanded={isExpanded}
                aria-controls={controls} className={isExpanded ? styles.modifiers.expanded : ""}
                onClick={onToggle}
                icon={<div className={styles.tableToggleIcon}><AngleDownIcon /></div>} />
        </td>
    );
}

export function ExpandableRowContent({ children }: { children: ReactNode }) {
    return <div className={styles.tableExpandableRowContent}>{children}</div>;
}
