/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The operations this page ran on the host since it booted (the last one and the ten kept before it,
 * from /run/cockpit-bootc): when, what, who started it, and how it ended. Read only when an admin opens
 * it; the journal (identifier cockpit-bootc) keeps the same account for longer.
 */

import { useEffect, useState } from "react";

import { Card, CardBody } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";

import type { HistoryEntry, OperationOutcome, OperationState } from "../../backend";
import { Alert, InCard } from "../common/alert";
import { ExactTime } from "../common/build-time";
import { hostText } from "../common/host-text";
import { errorText, problemText } from "../common/problem-text";
import { Table, Tbody, Td, Th, Thead, Tr } from "../common/table";
import { relativeTime } from "../format";
import { _, format } from "../i18n";
import { useBackend, usePageValue } from "../state/context";

function outcomeText(outcome: OperationOutcome | null, state: OperationState | null): string {
    if (state?.kind === "starting" || state?.kind === "running")
        return _("Running");
    if (!outcome)
        return _("Not known: the record is damaged");
    switch (outcome.kind) {
    case "succeeded": return _("Succeeded");
    case "rebooting": return _("Rebooted the system");
    case "cancelled": return _("Cancelled");
    case "stopped": return format(_("Stopped by SIG$0 from outside the page"), outcome.signal);
    case "failed": return format(_("Failed: $0"), problemText(outcome.problem));
    case "lost": return outcome.reason === "not-started" ? _("Did not start") : _("Ended without a result");
    }
}

function when(entry: HistoryEntry): Date | null {
    const state = entry.state;
    if (state?.kind === "exited" && state.endedAt)
        return state.endedAt;
    if (state?.kind === "lost" && state.at)
        return state.at;
    const started = entry.meta ? new Date(entry.meta.startedAt) : null;
    return started && !Number.isNaN(started.getTime()) ? started : null;
}

function HistoryTable({ entries }: { entries: HistoryEntry[] }) {
    if (entries.length === 0)
        return <p id="operation-history-empty">{_("This page has run no operation on this host since it started.")}</p>;
    return (
        <Table id="operation-history-table" aria-label={_("Recent operations")} variant="compact">
            <Thead>
                <Tr>
                    <Th>{_("Ended")}</Th>
                    <Th>{_("Command")}</Th>
                    <Th>{_("Started by")}</Th>
                    <Th>{_("Result")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {entries.map(entry => {
                    const date = when(entry);
                    return (
                        <Tr key={entry.id} className="ct-history-row" data-outcome={entry.outcome?.kind ?? ""}>
                            <Td dataLabel={_("Ended")}>
                                {date
                                    ? (
                                        <Tooltip content={<ExactTime date={date} />}>
                                            <time dateTime={date.toISOString()} tabIndex={0}>{relativeTime(date)}</time>
                                        </Tooltip>
                                    )
                                    : _("Unknown")}
                            </Td>
                            <Td dataLabel={_("Command")}>
                                <code>{entry.meta ? hostText(entry.meta.argv.join(" "), 400) : _("Unknown")}</code>
                            </Td>
                            <Td dataLabel={_("Started by")}>{entry.user ? hostText(entry.user) : _("Unknown")}</Td>
                            <Td dataLabel={_("Result")}>{outcomeText(entry.outcome, entry.state)}</Td>
                        </Tr>
                    );
                })}
            </Tbody>
        </Table>
    );
}

type Loaded = { kind: "loading" } | { kind: "loaded"; entries: HistoryEntry[] } | { kind: "failed"; text: string };

/** "Recent operations", folded away until opened. */
export function OperationHistory() {
    const client = useBackend();
    const [expanded, setExpanded] = useState(false);
    const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
    // the current operation (read again when it changes or ends)
    const current = usePageValue(state => (state.operation.kind === "current" ? state.operation.snapshot : null));
    const currentKey = current ? `${current.meta.id}/${current.state.kind}` : "";

    useEffect(() => {
        if (!expanded)
            return;
        let live = true;
        client.operations.history().then(
            entries => live && setLoaded({ kind: "loaded", entries }),
            (error: unknown) => live && setLoaded({ kind: "failed", text: errorText(error) }),
        );
        return () => {
            live = false;
        };
    }, [client, expanded, currentKey]);

    const entries = loaded.kind === "loaded" && current
        ? [{
            id: current.meta.id, meta: current.meta, user: current.user ?? null, state: current.state,
            outcome: current.outcome,
        }, ...loaded.entries.filter(entry => entry.id !== current.meta.id)]
        : loaded.kind === "loaded" ? loaded.entries : [];
    return (
        <InCard>
            <Card id="operation-history" className="ct-card" isPlain>
                <CardBody>
                    <ExpandableSection
                        toggleText={_("Recent operations")}
                        isExpanded={expanded}
                        onToggle={(_event, value) => setExpanded(value)}
                    >
                        {loaded.kind === "loading" && <Spinner size="md" aria-label={_("Loading")} />}
                        {loaded.kind === "failed" && (
                            <Alert isInline variant="warning" title={_("The record of past operations cannot be read")}>
                                {loaded.text}
                            </Alert>
                        )}
                        {loaded.kind === "loaded" && <HistoryTable entries={entries} />}
                        <p className="ct-secondary">
                            {format(_("The journal keeps a longer account: $0"), "journalctl -t cockpit-bootc")}
                        </p>
                    </ExpandableSection>
                </CardBody>
            </Card>
        </InCard>
    );
}
