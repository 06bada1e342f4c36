/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A long operation on the page: live progress while it runs (whoever started it), and its outcome
 * once, until an admin dismisses it.
 */

import { useEffect, useState } from "react";

import { Alert, AlertActionCloseButton } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardFooter, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Progress, ProgressMeasureLocation } from "@patternfly/react-core/dist/esm/components/Progress/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Stack } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { CheckCircleIcon } from "@patternfly/react-icons/dist/esm/icons/check-circle-icon.js";
import { InProgressIcon } from "@patternfly/react-icons/dist/esm/icons/in-progress-icon.js";
import { PendingIcon } from "@patternfly/react-icons/dist/esm/icons/pending-icon.js";

import type { OperationSnapshot, ProgressState, StepProgress } from "../../backend";
import { overallFraction, reportsProgress, switchWasUnchanged } from "../../backend";
import { useBackend } from "../backend-context";
import { errorText, problemText } from "../common/problem-text";
import { clockTime, formatBytes } from "../format";
import { _, format } from "../i18n";
import { FullOutput } from "../status/page-states";
import { cancelledTitle, copyUsage, failureHelp, failureTitle, operationTitle, spinnerText, stoppedTitle, successTitle, targetVersion, unchangedText } from "./update-text";

/** After this long without a progress event, say why bootc may be waiting. */
const QUIET_MS = 10_000;

function phaseText(progress: ProgressState): string {
    switch (progress.phase) {
    case "waiting": return _("Preparing");
    case "pulling": return _("Downloading");
    case "importing": return _("Importing the image");
    case "staging": return _("Deploying");
    case "staged": return _("Staged");
    }
}

function DownloadDetails({ progress }: { progress: ProgressState }) {
    const pull = progress.pull;
    if (!pull)
        return null;
    const bytes = pull.bytesTotal > 0
        ? format(_("$0 of $1"), formatBytes(pull.bytes), formatBytes(pull.bytesTotal))
        : formatBytes(pull.bytes);
    const rate = progress.bytesPerSecond !== null ? format(_("$0/s"), formatBytes(progress.bytesPerSecond)) : null;
    return (
        <div id="operation-download" className="ct-operation-details">
            <div id="operation-bytes">{rate ? `${bytes} · ${rate}` : bytes}</div>
            <div id="operation-layers">
                {format(_("Layers: $0 of $1"), pull.layers, pull.layersTotal)}
                {pull.layersCached > 0 && ` · ${format(_("$0 already present"), pull.layersCached)}`}
            </div>
        </div>
    );
}

const STEP_NAMES: Record<string, () => string> = {
    importing: () => _("Import the image"),
    merging: () => _("Merge the image"),
    deploying: () => _("Deploy"),
    bound_images: () => _("Pull bound images"),
    cleanup: () => _("Remove old images"),
};

function Steps({ id, steps }: { id: string; steps: StepProgress | null }) {
    if (!steps)
        return null;
    let inProgressShown = false;
    return (
        <ul id={id} className="ct-operation-steps">
            {steps.subtasks.map(sub => {
                let icon = <PendingIcon />;
                let state = "pending";
                if (sub.completed) {
                    icon = <CheckCircleIcon className="ct-icon-success" />;
                    state = "done";
                } else if (!inProgressShown) {
                    inProgressShown = true;
                    icon = <InProgressIcon />;
                    state = "running";
                }
                return (
                    <li key={sub.name} data-step={sub.name} data-state={state}>
                        {icon} {STEP_NAMES[sub.name]?.() ?? sub.description}
                    </li>
                );
            })}
        </ul>
    );
}

/** The last line bootc printed, for an operation that reports no progress events. */
function lastLine(stdout: string | null): string | null {
    const lines = (stdout ?? "").split("\n").map(line => line.trim()).filter(line => line !== "");
    return lines[lines.length - 1] ?? null;
}

function useNow(intervalMs: number, enabled: boolean): number {
    const [now, setNow] = useState(() => Date.now());
    useEffect(() => {
        if (!enabled)
            return undefined;
        const timer = setInterval(() => setNow(Date.now()), intervalMs);
        return () => clearInterval(timer);
    }, [intervalMs, enabled]);
    return now;
}

/** The progress of a running operation. */
export function OperationProgress({ snapshot }: { snapshot: OperationSnapshot }) {
    const client = useBackend();
    const { meta, progress } = snapshot;
    const [cancelling, setCancelling] = useState(false);
    const [cancelError, setCancelError] = useState<string | null>(null);
    const startedAt = new Date(meta.startedAt);
    const quiet = progress.phase === "waiting";
    const now = useNow(1000, quiet);
    const percent = Math.round(overallFraction(progress) * 100);
    const hasProgress = reportsProgress(meta);
    // these change what boots next and download nothing: there is no progress to show and nothing to cancel
    const quick = meta.kind === "rollback" || meta.kind === "rollback-undo" || meta.kind === "apply-downloaded";
    const copy = meta.kind === "copy-to-storage";
    // cancelling is safe until bootc starts writing the new deployment; a copy's skopeo would outlive bootc
    const cancellable = !quick && !copy && (progress.phase === "waiting" || progress.phase === "pulling");
    const printed = lastLine(snapshot.stdout);

    const cancel = () => {
        setCancelling(true);
        setCancelError(null);
        client.operations.cancel(meta.id).catch((error: unknown) => {
            setCancelling(false);
            setCancelError(errorText(error));
        });
    };

    return (
        <Card id="operation" className="ct-card" data-operation={meta.kind} data-phase={progress.phase}>
            <CardTitle component="h2">{operationTitle(meta)}</CardTitle>
            <CardBody>
                <Stack hasGutter>
                    {hasProgress
                        ? (
                            <Progress
                                id="operation-progress"
                                value={percent}
                                title={phaseText(progress)}
                                measureLocation={ProgressMeasureLocation.outside}
                                aria-label={format(_("$0: $1"), operationTitle(meta), phaseText(progress))}
                            />
                        )
                        : (
                            <div id="operation-spinner">
                                <Spinner size="md" aria-label={_("Working")} />{" "}
                                {spinnerText(meta.kind)}
                            </div>
                        )}
                    {!hasProgress && printed && (
                        <div id="operation-output" className="ct-secondary">{format(_("bootc: $0"), printed)}</div>
                    )}
                    <DownloadDetails progress={progress} />
                    {progress.phase !== "waiting" && progress.phase !== "pulling" && (
                        <>
                            <Steps id="operation-importing" steps={progress.importing} />
                            <Steps id="operation-staging" steps={progress.staging} />
                        </>
                    )}
                    {quiet && (hasProgress || quick || (copy && !printed)) && now - startedAt.getTime() > QUIET_MS && (
                        <div id="operation-waiting" className="ct-secondary">
                            {quick || copy
                                ? _("This usually takes a moment. bootc may be waiting for another bootc operation (such as the automatic update timer) to finish.")
                                : _("bootc has not started downloading yet. It may be fetching the image manifest, or waiting for another bootc operation (such as the automatic update timer) to finish.")}
                        </div>
                    )}
                    <div className="ct-secondary">
                        {format(_("Started at $0. It continues if you leave or reload this page."), clockTime(startedAt))}
                    </div>
                    {cancelError && <Alert isInline isPlain variant="danger" title={format(_("Could not cancel: $0"), cancelError)} />}
                </Stack>
            </CardBody>
            {cancellable && (
                <CardFooter>
                    <Button id="operation-cancel" variant="secondary" onClick={cancel} isDisabled={cancelling} isLoading={cancelling}>
                        {_("Cancel")}
                    </Button>
                </CardFooter>
            )}
        </Card>
    );
}

/** What came of an operation, shown (on every page) until dismissed. Checks show in the updates card. */
export function OperationResult({ snapshot }: { snapshot: OperationSnapshot }) {
    const client = useBackend();
    const { meta, outcome } = snapshot;
    if (!outcome || snapshot.dismissed || meta.kind === "check")
        return null;
    const dismiss = () => void client.operations.dismiss(meta.id).catch(() => undefined);
    const close = <AlertActionCloseButton onClose={dismiss} aria-label={_("Dismiss")} />;
    const version = targetVersion(meta.target);
    const common = { id: "operation-result", isInline: true, actionClose: close, "data-outcome": outcome.kind };

    switch (outcome.kind) {
    case "succeeded":
        return (
            <Alert {...common} variant={switchWasUnchanged(snapshot.stdout ?? "") ? "info" : "success"} title={successTitle(meta, snapshot.stdout ?? "")}>
                {meta.kind === "copy-to-storage" && <p id="operation-copy-usage">{copyUsage(meta)}</p>}
                {snapshot.stdout && <FullOutput text={snapshot.stdout} toggle={_("Show bootc's output")} />}
            </Alert>
        );
    case "rebooting":
        return <Alert {...common} variant="info" title={format(_("The system is rebooting into $0"), version)} />;
    case "cancelled":
        return <Alert {...common} variant="info" title={cancelledTitle(meta)}>{unchangedText(meta)}</Alert>;
    case "stopped":
        return (
            <Alert {...common} variant="warning" title={stoppedTitle(meta)}>
                {format(_("It was sent SIG$0 from outside this page, for example by “systemctl stop” or “kill”, and bootc ended. The deployments below show the system as it is now."), outcome.signal)}
            </Alert>
        );
    case "lost":
        return (
            <Alert {...common} variant="warning" title={_("The operation stopped without reporting a result")}>
                {_("Its process ended unexpectedly. The deployments below show the system as it is now.")}
            </Alert>
        );
    case "failed": {
        const help = failureHelp(outcome.cause, meta);
        return (
            <Alert {...common} variant="danger" title={failureTitle(meta, outcome.cause)} data-cause={outcome.cause}>
                <div className="ct-bootc-message">{problemText(outcome.problem)}</div>
                {help && <p>{help}</p>}
                {outcome.cause !== "soft-reboot" && <p>{unchangedText(meta)}</p>}
                <FullOutput text={snapshot.stderr ?? ""} toggle={_("Show the full error")} />
            </Alert>
        );
    }
    }
}
