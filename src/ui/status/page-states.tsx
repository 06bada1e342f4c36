/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the page shows instead of the host: each state with its own clear message, never a blank page.
 */

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import {
    EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter,
} from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { CubesIcon } from "@patternfly/react-icons/dist/esm/icons/cubes-icon.js";
import { ExclamationCircleIcon } from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon.js";
import { LockIcon } from "@patternfly/react-icons/dist/esm/icons/lock-icon.js";
import { SearchIcon } from "@patternfly/react-icons/dist/esm/icons/search-icon.js";

import type { BootcProblem } from "../../backend";
import { Alert } from "../common/alert";
import { FullOutput } from "../common/full-output";
import { _, format } from "../i18n";

export function LoadingState() {
    return (
        <EmptyState
            id="state-loading"
            titleText={_("Reading the bootc status of this system")}
            headingLevel="h2"
            icon={Spinner}
        >
            <EmptyStateBody>{_("Asking bootc which images are deployed…")}</EmptyStateBody>
        </EmptyState>
    );
}

export function NotBootcHostState() {
    return (
        <EmptyState
            id="state-not-bootc"
            titleText={_("This system is not deployed with bootc")}
            headingLevel="h2"
            icon={CubesIcon}
        >
            <EmptyStateBody>
                {_("bootc is installed, but the running system did not boot from a bootc container image, so there are no OS images to manage here.")}
            </EmptyStateBody>
        </EmptyState>
    );
}

interface Retry {
    onRetry: () => void;
    /** a read is under way (after "Try again", or triggered by the host) */
    retrying: boolean;
}

function RetryFooter({ onRetry, retrying }: Retry) {
    return (
        <EmptyStateFooter>
            <EmptyStateActions>
                <Button variant="secondary" onClick={onRetry} id="retry" isLoading={retrying} isDisabled={retrying}>
                    {_("Try again")}
                </Button>
            </EmptyStateActions>
        </EmptyStateFooter>
    );
}

function problemState(problem: BootcProblem, retry: Retry): React.ReactElement {
    switch (problem.kind) {
    case "bootc-missing":
        return (
            <EmptyState
                id="state-bootc-missing"
                titleText={_("bootc is not installed")}
                headingLevel="h2"
                icon={SearchIcon}
            >
                <EmptyStateBody>
                    {_("This page manages systems that boot from bootc container images. The bootc command was not found on this system.")}
                </EmptyStateBody>
            </EmptyState>
        );
    case "admin-required":
        return (
            <EmptyState
                id="state-admin-required"
                titleText={_("Administrative access is required")}
                headingLevel="h2"
                icon={LockIcon}
            >
                <EmptyStateBody>
                    {_("bootc reports the state of the system only to administrators. Turn on administrative access with the “Limited access” button at the top of the page, and this page updates by itself.")}
                    {problem.bootcMessage && (
                        <div className="ct-secondary ct-bootc-message">
                            {format(_("bootc said: $0"), problem.bootcMessage)}
                        </div>
                    )}
                </EmptyStateBody>
                <RetryFooter {...retry} />
            </EmptyState>
        );
    case "busy":
        return (
            <EmptyState
                id="state-busy"
                titleText={_("Another bootc operation is running")}
                headingLevel="h2"
                icon={Spinner}
            >
                <EmptyStateBody>
                    {_("bootc is busy with another operation, such as an update started from the command line or by the automatic update timer, and holds the system lock. This page updates as soon as the operation finishes.")}
                </EmptyStateBody>
            </EmptyState>
        );
    case "failed":
        return (
            <EmptyState
                id="state-failed"
                titleText={_("bootc could not report the system status")}
                headingLevel="h2"
                icon={ExclamationCircleIcon}
                status="danger"
            >
                <EmptyStateBody>
                    <div className="ct-bootc-message">{problem.summary}</div>
                    <FullOutput text={problem.stderr} toggle={_("Show bootc's full error output")} />
                </EmptyStateBody>
                <RetryFooter {...retry} />
            </EmptyState>
        );
    case "bad-output":
        return (
            <EmptyState
                id="state-bad-output"
                titleText={_("bootc's answer was not understood")}
                headingLevel="h2"
                icon={ExclamationCircleIcon}
                status="danger"
            >
                <EmptyStateBody>
                    <div>{format(_("“$0” printed something that is $1:"), problem.argv.join(" "), problem.reason)}</div>
                    <List className="ct-issues">
                        {problem.issues.slice(0, 8).map(issue => <ListItem key={issue}>{issue}</ListItem>)}
                    </List>
                    <div className="ct-bootc-version">
                        {problem.version ? format(
                            _("bootc version: $0"), problem.version,
                        ) : _("bootc version: unknown")}
                    </div>
                    <FullOutput text={problem.output} toggle={_("Show what bootc printed")} />
                </EmptyStateBody>
                <RetryFooter {...retry} />
            </EmptyState>
        );
    case "connection":
        return (
            <EmptyState
                id="state-connection"
                titleText={_("The connection to the system failed")}
                headingLevel="h2"
                icon={ExclamationCircleIcon}
                status="danger"
            >
                <EmptyStateBody>{problem.message}</EmptyStateBody>
                <RetryFooter {...retry} />
            </EmptyState>
        );
    }
}

export function ProblemState({ problem, onRetry, retrying }: { problem: BootcProblem } & Retry) {
    return problemState(problem, { onRetry, retrying });
}

/** Above a reading that could not be refreshed: why it may be out of date. */
export function StaleNotice({ problem, onRetry }: { problem: BootcProblem; onRetry: () => void }) {
    if (problem.kind === "busy") {
        return (
            <Alert id="notice-stale" isInline variant="info" title={_("Another bootc operation is running")}>
                {_("The information below may be out of date. It updates as soon as the operation finishes.")}
            </Alert>
        );
    }
    const summary = problem.kind === "failed"
        ? problem.summary
        : problem.kind === "connection"
            ? problem.message
            : problem.kind === "bad-output" ? format(_("bootc's answer was not understood: $0"), problem.reason) : "";
    return (
        <Alert
            id="notice-stale" isInline variant="warning" title={_("The status could not be refreshed")}
            actionLinks={<Button variant="link" isInline onClick={onRetry}>{_("Try again")}</Button>}
        >
            {summary}
        </Alert>
    );
}
