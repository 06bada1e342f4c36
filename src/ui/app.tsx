/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The page: one root that owns the host state and the host's long operation (through usePage) and
 * re-reads the host after every action, never patching it.
 */

import { useState } from "react";

import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Page, PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Stack } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";

import type { ImageInfo, OperationSnapshot } from "../backend";
import { DeploymentsCard } from "./deployments/deployments-table";
import { isRunning } from "./hooks/operation-monitor";
import type { OperationView } from "./hooks/operation-monitor";
import { usePage } from "./hooks/use-page";
import { _ } from "./i18n";
import { HostNotices } from "./overview/host-notices";
import { HostSummary } from "./overview/host-summary";
import { LoadingState, NotBootcHostState, ProblemState, StaleNotice } from "./status/page-states";
import { OperationProgress, OperationResult } from "./updates/operation-view";
import { StagedBanner } from "./updates/staged-banner";
import { UpdateDialog } from "./updates/update-dialog";
import { UpdatesCard } from "./updates/updates-card";

function currentOf(view: OperationView): OperationSnapshot | null {
    return view.kind === "current" ? view.snapshot : null;
}

function Content() {
    const { host: view, view: operation, lastCheck, refresh } = usePage();
    const [dialog, setDialog] = useState<{ update: ImageInfo; download: string | null } | null>(null);
    // the booted deployment when a reboot was asked for: the notice stays until another one runs
    const [rebootingFrom, setRebootingFrom] = useState<string | null>(null);

    const snapshot = currentOf(operation);
    const running = isRunning(operation);
    // a check shows in the updates card; longer operations get their own card
    const progress = snapshot && running && (snapshot.meta.kind !== "check" || view.kind !== "ready")
        ? <OperationProgress snapshot={snapshot} />
        : null;

    switch (view.kind) {
    case "loading":
        return progress ?? <LoadingState />;
    case "problem":
        return (
            <Stack hasGutter>
                {progress}
                <ProblemState problem={view.problem} onRetry={refresh} retrying={view.refreshing} />
            </Stack>
        );
    case "ready": {
        const host = view.host;
        if (!host.isBootcHost)
            return <NotBootcHostState />;
        const busy = running || operation.kind === "unknown";
        const rebooting = rebootingFrom !== null && host.booted?.id === rebootingFrom;
        return (
            <Stack hasGutter>
                {view.stale && <StaleNotice problem={view.stale} onRetry={refresh} />}
                {rebooting && <Alert id="rebooting" isInline variant="info" title={_("The system is rebooting")}>{_("This page reconnects when the system is back.")}</Alert>}
                <HostNotices host={host} />
                {progress}
                {snapshot && !running && <OperationResult snapshot={snapshot} />}
                {host.staged && !running && (
                    <StagedBanner
                        staged={host.staged}
                        busy={busy}
                        onRebooting={() => {
                            setRebootingFrom(host.booted?.id ?? null);
                            refresh();
                        }}
                    />
                )}
                <UpdatesCard
                    host={host}
                    lastCheck={lastCheck}
                    busy={busy}
                    checking={running && snapshot?.meta.kind === "check"}
                    onUpdate={(update, download) => setDialog({ update, download })}
                />
                <HostSummary host={host} />
                <DeploymentsCard host={host} refreshing={view.refreshing} />
                {dialog && <UpdateDialog host={host} update={dialog.update} download={dialog.download} onClose={() => setDialog(null)} />}
            </Stack>
        );
    }
    }
}

export function App() {
    return (
        <Page className="pf-m-no-sidebar ct-page" isContentFilled>
            <PageSection hasBodyWrapper={false}>
                <Content />
            </PageSection>
        </Page>
    );
}
