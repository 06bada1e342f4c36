/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The page's layout: what shows in each state of the status reading, and the cards of a bootc host in
 * order. Every card reads what else it needs from the page store; every dialog opens through the
 * dialog host (dialogs.tsx says which request shows which dialog).
 */

import { Stack } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import pageStyles from "@patternfly/react-styles/css/components/Page/page.mjs";

import type { BootcProblem, HostModel } from "../backend";

import { BoundImagesCard } from "./bound-images/bound-images-card";
import { Alert } from "./common/alert";
import { DialogHost } from "./common/dialogs";
import { DeploymentsCard } from "./deployments/deployments-card";
import { RollbackBanner } from "./deployments/rollback-banner";
import { renderDialog } from "./dialogs";
import { HostImagesCard } from "./host-images/host-images-card";
import { _ } from "./i18n";
import { OperationHistory } from "./operations/operation-history";
import { DamagedRecord, OperationResult } from "./operations/operation-result";
import { RunningOperation } from "./operations/running-operation";
import { HostSummary } from "./overview/host-summary";
import { usePageStore, usePageValue } from "./state/context";
import { HostNotices } from "./status/host-notices";
import { LoadingState, NotBootcHostState, ProblemState, StaleNotice } from "./status/page-states";
import { StagedBanner } from "./updates/staged-banner";
import { UpdatesCard } from "./updates/updates-card";

/** After "Reboot now": until the system is back, with another deployment booted. */
function RebootingNotice({ host }: { host: HostModel }) {
    const rebootingFrom = usePageValue(state => state.rebootingFrom);
    if (rebootingFrom === null || host.booted?.id !== rebootingFrom)
        return null;
    return (
        <Alert id="rebooting" isInline variant="info" title={_("The system is rebooting")}>
            {_("This page reconnects when the system is back.")}
        </Alert>
    );
}

function HostPage({ host, refreshing, stale }: { host: HostModel; refreshing: boolean; stale: BootcProblem | null }) {
    const store = usePageStore();
    return (
        <DialogHost render={request => renderDialog(request, host)}>
            <Stack hasGutter>
                {stale && <StaleNotice problem={stale} onRetry={store.refresh} />}
                <RebootingNotice host={host} />
                <HostNotices host={host} />
                <RunningOperation />
                <OperationResult host={host} />
                <DamagedRecord />
                <StagedBanner host={host} />
                <RollbackBanner host={host} />
                <UpdatesCard host={host} />
                <HostSummary host={host} />
                <DeploymentsCard host={host} refreshing={refreshing} />
                <BoundImagesCard host={host} />
                <HostImagesCard host={host} />
                <OperationHistory />
            </Stack>
        </DialogHost>
    );
}

function Content() {
    const status = usePageValue(state => state.status);
    const store = usePageStore();
    switch (status.kind) {
    case "loading":
        return <RunningOperation orElse={<LoadingState />} />;
    case "problem":
        return (
            <Stack hasGutter>
                <RunningOperation />
                <ProblemState problem={status.problem} onRetry={store.refresh} retrying={status.refreshing} />
            </Stack>
        );
    case "ready":
        if (!status.host.isBootcHost)
            return <NotBootcHostState />;
        return <HostPage host={status.host} refreshing={status.refreshing} stale={status.stale} />;
    }
}

/**
 * PatternFly's page as its markup (what <Page isContentFilled><PageSection> renders without masthead or
 * sidebar): the component also brings the drawer, breadcrumbs and a resize observer that measures the
 * window after every render, none of which a Cockpit page uses.
 */
export function App() {
    return (
        <div className={`${pageStyles.page} ${pageStyles.modifiers.noSidebar} ct-page`}>
            <div className={`${pageStyles.pageMainContainer} ${pageStyles.modifiers.fill}`}>
                <main className={pageStyles.pageMain} tabIndex={-1}>
                    <section className={pageStyles.pageMainSection}>
                        {/* the shell's menu names the page; a screen reader's list of headings starts here */}
                        <h1 className="pf-v6-screen-reader">{_("OS Images")}</h1>
                        <Content />
                    </section>
                </main>
            </div>
        </div>
    );
}
