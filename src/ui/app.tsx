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

import type { HostImage, ImageInfo, ImageTarget, OperationSnapshot } from "../backend";
import { BoundImagesCard } from "./bound-images/bound-images-card";
import { DeploymentsCard } from "./deployments/deployments-table";
import { CopyDialog } from "./host-images/copy-dialog";
import { HostImagesCard } from "./host-images/host-images-card";
import { isRunning } from "./hooks/operation-monitor";
import type { OperationView } from "./hooks/operation-monitor";
import { useImageReport } from "./hooks/use-image-report";
import { usePage } from "./hooks/use-page";
import { _ } from "./i18n";
import { HostNotices } from "./overview/host-notices";
import { HostSummary } from "./overview/host-summary";
import { RollbackBanner } from "./rollback/rollback-banner";
import { RollbackDialog } from "./rollback/rollback-dialog";
import { LoadingState, NotBootcHostState, ProblemState, StaleNotice } from "./status/page-states";
import { SwitchDialog } from "./switch/switch-dialog";
import { TagDialog } from "./switch/tag-dialog";
import { OperationProgress, OperationResult } from "./updates/operation-view";
import { StagedBanner } from "./updates/staged-banner";
import { UpdateDialog } from "./updates/update-dialog";
import { UpdatesCard } from "./updates/updates-card";

function currentOf(view: OperationView): OperationSnapshot | null {
    return view.kind === "current" ? view.snapshot : null;
}

type Dialog =
    | { kind: "update"; update: ImageInfo; download: string | null }
    | { kind: "rollback" }
    | { kind: "switch" }
    | { kind: "tag" }
    | { kind: "copy"; image: HostImage; source: ImageTarget };

function Content() {
    const { host: view, view: operation, lastCheck, refresh } = usePage();
    const readyHost = view.kind === "ready" && view.host.isBootcHost ? view.host : null;
    // its bootc calls wait for the sysroot lock like status: not while an operation runs
    const report = useImageReport(readyHost, readyHost !== null && !isRunning(operation));
    const [dialog, setDialog] = useState<Dialog | null>(null);
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
        const onRebooting = () => {
            setRebootingFrom(host.booted?.id ?? null);
            refresh();
        };
        const close = () => setDialog(null);
        const openUpdate = (update: ImageInfo) => setDialog({ kind: "update", update, download: null });
        return (
            <Stack hasGutter>
                {view.stale && <StaleNotice problem={view.stale} onRetry={refresh} />}
                {rebooting && <Alert id="rebooting" isInline variant="info" title={_("The system is rebooting")}>{_("This page reconnects when the system is back.")}</Alert>}
                <HostNotices host={host} />
                {progress}
                {snapshot && !running && <OperationResult snapshot={snapshot} />}
                {host.staged && !running && (
                    <StagedBanner staged={host.staged} busy={busy} onRebooting={onRebooting} />
                )}
                {host.rollbackQueued && host.rollback && !running && (
                    <RollbackBanner host={host} rollback={host.rollback} busy={busy} onRebooting={onRebooting} />
                )}
                <UpdatesCard
                    host={host}
                    lastCheck={lastCheck}
                    busy={busy}
                    checking={running && snapshot?.meta.kind === "check"}
                    onUpdate={(update, download) => setDialog({ kind: "update", update, download })}
                />
                <HostSummary
                    host={host}
                    busy={busy}
                    onSwitch={() => setDialog({ kind: "switch" })}
                    onChangeTag={() => setDialog({ kind: "tag" })}
                />
                <DeploymentsCard host={host} refreshing={view.refreshing} busy={busy} onRollback={() => setDialog({ kind: "rollback" })} />
                <BoundImagesCard host={host} report={report} />
                <HostImagesCard
                    host={host}
                    report={report}
                    busy={busy}
                    onCopy={image => image.source.ok && setDialog({ kind: "copy", image, source: image.source.value })}
                />
                {dialog?.kind === "update" && <UpdateDialog host={host} update={dialog.update} download={dialog.download} onClose={close} />}
                {dialog?.kind === "rollback" && host.rollback && <RollbackDialog host={host} rollback={host.rollback} onClose={close} />}
                {dialog?.kind === "switch" && <SwitchDialog host={host} onClose={close} onUpdate={openUpdate} />}
                {dialog?.kind === "tag" && <TagDialog host={host} onClose={close} onUpdate={openUpdate} />}
                {dialog?.kind === "copy" && <CopyDialog image={dialog.image} source={dialog.source} onClose={close} />}
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
