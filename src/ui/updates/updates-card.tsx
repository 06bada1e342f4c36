/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The update state, from bootc status (never from text alone), with "Check for updates" and "Update…".
 */

import { useState } from "react";

import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardFooter, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Flex, FlexItem } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";
import { CheckCircleIcon } from "@patternfly/react-icons/dist/esm/icons/check-circle-icon.js";
import { DownloadIcon } from "@patternfly/react-icons/dist/esm/icons/download-icon.js";
import { ExclamationCircleIcon } from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon.js";
import { PendingIcon } from "@patternfly/react-icons/dist/esm/icons/pending-icon.js";
import { RedoIcon } from "@patternfly/react-icons/dist/esm/icons/redo-icon.js";

import { problemOf, updateState } from "../../backend";
import type { BootcProblem, CheckRecord, HostModel, ImageInfo, UpdateBlocker } from "../../backend";
import { BuildTime } from "../common/build-time";
import { useDialogs } from "../common/dialogs";
import { Digest } from "../common/digest";
import { FullOutput } from "../common/full-output";
import { imageVersion } from "../common/image-text";
import { problemText } from "../common/problem-text";
import { relativeTime, shortDate } from "../format";
import { _, format } from "../i18n";
import { useBackend, usePageValue } from "../state/context";
import { isRunning } from "../state/page-store";

function blockerText(blocker: UpdateBlocker): string {
    switch (blocker) {
    case "incompatible":
        return _("bootc cannot update this system: the running deployment has local rpm-ostree changes (layered or overridden packages). Use rpm-ostree, or undo them with “rpm-ostree reset”.");
    case "read-only":
        return _("bootc cannot update this system: it runs from read-only media.");
    case "no-image":
        return _("bootc cannot update this system: it does not track a container image.");
    }
}

/** "About 420.1 MB to download (3 new layers)", when the last check was about this very image. */
export function expectedDownload(check: CheckRecord | null, update: ImageInfo): string | null {
    const output = check?.output;
    if (!output || output.kind !== "update" || output.digest !== update.digest || !output.added)
        return null;
    return format(_("About $0 to download ($1 new of $2 layers)"), output.added.size, output.added.layers, output.total?.layers ?? "?");
}

interface StatusProps {
    icon: React.ReactNode;
    /** the state's name, for tests (`data-state`) */
    id: string;
    title: string;
    children?: React.ReactNode;
}

function Status({ icon, id, title, children }: StatusProps) {
    return (
        <Flex
            id="update-status"
            data-state={id}
            flexWrap={{ default: "nowrap" }}
            alignItems={{ default: "alignItemsFlexStart" }}
        >
            <FlexItem className="ct-update-icon">{icon}</FlexItem>
            <FlexItem>
                <div id="update-status-title" className="ct-update-title">{title}</div>
                {children}
            </FlexItem>
        </Flex>
    );
}

function CheckFailure({ problem }: { problem: BootcProblem }) {
    return (
        <>
            <div className="ct-bootc-message">{problemText(problem)}</div>
            {problem.kind === "failed" && <FullOutput text={problem.stderr} toggle={_("Show the full error")} />}
        </>
    );
}

/** Under a known update: the newest check did not get through, so there may be a newer one. */
function LastCheckFailed({ problem }: { problem: BootcProblem }) {
    return (
        <div id="update-check-failed" className="ct-card-alert">
            <Alert isInline isPlain variant="warning" title={_("The last check for updates failed")}>
                <CheckFailure problem={problem} />
            </Alert>
        </div>
    );
}

function lastChecked(check: CheckRecord | null): string {
    if (!check?.endedAt)
        return _("Not checked from this page since the system started.");
    return format(_("Last checked $0."), relativeTime(check.endedAt));
}

/** The update state, with "Check for updates" and "Update…"; a running check shows here too. */
export function UpdatesCard({ host }: { host: HostModel }) {
    const client = useBackend();
    const dialogs = useDialogs();
    const lastCheck = usePageValue(state => state.lastCheck);
    const locked = usePageValue(state => state.locked);
    const checking = usePageValue(state => isRunning(state.operation)
        && state.operation.kind === "current" && state.operation.snapshot.meta.kind === "check");
    const [starting, setStarting] = useState(false);
    const [startError, setStartError] = useState<BootcProblem | null>(null);
    const state = updateState(host);
    const checkFailed = lastCheck?.problem ?? null;

    const check = () => {
        setStarting(true);
        setStartError(null);
        client.checkForUpdates().then(
            () => setStarting(false),
            (error: unknown) => {
                setStarting(false);
                setStartError(problemOf(error));
            },
        );
    };

    let status: React.ReactNode;
    const available = state.available;
    const staged = state.staged;
    if (state.blocker) {
        status = (
            <Status
                id="blocked"
                icon={<ExclamationCircleIcon className="ct-icon-warning" />}
                title={_("Updates are not possible")}
            >
                <div className="ct-secondary">{blockerText(state.blocker)}</div>
            </Status>
        );
    } else if (checking) {
        status = (
            <Status
                id="checking"
                icon={<Spinner size="md" aria-label={_("Checking")} />}
                title={_("Checking for updates…")}
            />
        );
    } else if (available) {
        const download = expectedDownload(lastCheck, available);
        status = (
            <Status
                id="available"
                icon={<DownloadIcon className="ct-icon-info" />}
                title={available.builtAt
                    ? format(_("Update available: $0 ($1)"), imageVersion(available), shortDate(available.builtAt))
                    : format(_("Update available: $0"), imageVersion(available))}
            >
                <div className="ct-secondary">
                    {available.builtAt && <><BuildTime image={available} />{" · "}</>}
                    <Digest digest={available.digest} id="update-digest" />
                </div>
                {download && <div id="update-download-size" className="ct-secondary">{download}</div>}
                {staged && (
                    <div className="ct-secondary">
                        {format(_("Newer than the staged $0."), imageVersion(staged.image))}
                    </div>
                )}
                {checkFailed && <LastCheckFailed problem={checkFailed} />}
            </Status>
        );
    } else if (staged && staged.downloadOnly) {
        status = (
            <Status
                id="download-only"
                icon={<PendingIcon />}
                title={_("Download only: staged but not applied on reboot")}
            >
                <div className="ct-secondary">
                    {format(_("$0 is downloaded. Apply it to boot into it."), imageVersion(staged.image))}
                </div>
                {checkFailed && <LastCheckFailed problem={checkFailed} />}
            </Status>
        );
    } else if (staged) {
        status = (
            <Status
                id="staged"
                icon={<RedoIcon className="ct-icon-info" />}
                title={format(_("Update staged: reboots into $0"), imageVersion(staged.image))}
            >
                {checkFailed && <LastCheckFailed problem={checkFailed} />}
            </Status>
        );
    } else if (checkFailed) {
        // never "up to date" after a failed check
        status = (
            <Status
                id="check-failed"
                icon={<ExclamationCircleIcon className="ct-icon-danger" />}
                title={_("Checking for updates failed")}
            >
                <CheckFailure problem={checkFailed} />
            </Status>
        );
    } else {
        status = (
            <Status id="up-to-date" icon={<CheckCircleIcon className="ct-icon-success" />} title={_("Up to date")}>
                <div className="ct-secondary">{lastChecked(lastCheck)}</div>
            </Status>
        );
    }

    const canAct = !state.blocker && !locked && !starting;
    const openUpdate = (update: ImageInfo) =>
        dialogs.open({ kind: "update", update, download: expectedDownload(lastCheck, update) });
    return (
        <Card id="updates" className="ct-card">
            <CardTitle component="h2">{_("Updates")}</CardTitle>
            <CardBody>
                {status}
                {startError && (
                    <Alert
                        id="updates-error"
                        className="ct-card-alert"
                        isInline
                        variant="danger"
                        title={_("Could not check for updates")}
                    >
                        <div className="ct-bootc-message">{problemText(startError)}</div>
                    </Alert>
                )}
            </CardBody>
            {!state.blocker && (
                <CardFooter>
                    <Flex>
                        {available && (
                            <Button
                                id="update-start"
                                variant="primary"
                                isDisabled={!canAct}
                                onClick={() => openUpdate(available)}
                            >
                                {_("Update…")}
                            </Button>
                        )}
                        <Button
                            id="update-check"
                            variant={available ? "secondary" : "primary"}
                            isDisabled={!canAct}
                            isLoading={starting || checking}
                            onClick={check}
                        >
                            {_("Check for updates")}
                        </Button>
                    </Flex>
                </CardFooter>
            )}
        </Card>
    );
}
