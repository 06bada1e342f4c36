/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The page: one root that owns the host state (through useHost) and re-reads it, never patching it.
 */

import { Page, PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Stack } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";

import { DeploymentsCard } from "./deployments/deployments-table";
import { useHost } from "./hooks/use-host";
import { HostNotices } from "./overview/host-notices";
import { HostSummary } from "./overview/host-summary";
import { LoadingState, NotBootcHostState, ProblemState, StaleNotice } from "./status/page-states";

function Content() {
    const { view, refresh } = useHost();
    switch (view.kind) {
    case "loading":
        return <LoadingState />;
    case "problem":
        return <ProblemState problem={view.problem} onRetry={refresh} retrying={view.refreshing} />;
    case "ready":
        if (!view.host.isBootcHost)
            return <NotBootcHostState />;
        return (
            <Stack hasGutter>
                {view.stale && <StaleNotice problem={view.stale} onRetry={refresh} />}
                <HostNotices host={view.host} />
                <HostSummary host={view.host} />
                <DeploymentsCard host={view.host} refreshing={view.refreshing} />
            </Stack>
        );
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
