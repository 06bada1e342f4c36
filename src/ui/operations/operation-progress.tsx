/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A long operation on the page while it runs, whoever started it: live progress, or what bootc last
 * printed when it reports none, and Cancel while that is safe.
 */

import { useEffect, useState } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardFooter, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Progress, ProgressMeasureLocation } from "@patternfly/react-core/dist/esm/components/Progress/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Stack } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { CheckCircleIcon } from "@patternfly/react-icons/dist/esm/icons/check-circle-icon.js";
import { InProgressIcon } from "@patternfly/react-icons/dist/esm/icons/in-progress-icon.js";
import { PendingIcon } from "@patternfly/react-icons/dist/esm/icons/pending-icon.js";

import { OPERATION_TRAITS, overallFraction } from "../../backend";
import type { OperationSnapshot, ProgressState, PullProgress, StepProgress } from "../../backend";
import { Alert, InCard } from "../common/alert";
import { errorText } from "../common/problem-text";
import { clockTime, formatBytes } from "../format";
import { _, format, ngettext } from "../i18n";
import { useBackend } from "../state/context";

import { OPERATION_TEXTS } from "./operation-texts";

/** After this long without a progress event, say why bootc may be waiting. */
const QUIET_MS = 10_000;

function phaseText(progress: ProgressState): string {
    switch (progress.phase) {
    case "waiting": return _("Preparing");
    // bootc does not say when a pull it cannot size (composefs) is over and deploying begins
    case "pulling": return progress.pull?.sized === false ? _("Downloading and deploying") : _("Downloading");
    case "importing": return _("Importing the image");
    case "staging": return _("Deploying");
    case "staged": return _("Staged");
    }
}

function DownloadDetails({ progress }: { progress: ProgressState }) {
    const pull = progress.pull;
    if (!pull)
        return null;
    if (!pull.sized)
        return <UnsizedDownload pull={pull} bytesPerSecond={progress.bytesPerSecond} />;
    const bytes = pull.bytesTotal > 0
        ? format(_("$0 of $1"), formatBytes(pull.bytes), formatBytes(pull.bytesTotal))
        : formatBytes(pull.bytes);
    const rate = progress.bytesPerSecond !== null ? format(_("$0/s"), formatBytes(progress.bytesPerSecond)) : null;
    return (
        <div id="operation-download" className="ct-operation-details">
            <div id="operation-bytes" data-bytes={pull.bytes}>{rate ? `${bytes} · ${rate}` : bytes}</div>
            <div id="operation-layers">
                {format(_("Layers: $0 of $1"), pull.layers, pull.layersTotal)}
                {pull.layersCached > 0 && ` · ${format(ngettext("$0 already present", "$0 already present", pull.layersCached), pull.layersCached)}`}
            </div>
        </div>
    );
}

/** A pull whose size bootc does not know: layers done so far and the one in flight. */
function UnsizedDownload({ pull, bytesPerSecond }: { pull: PullProgress; bytesPerSecond: number | null }) {
    const current = pull.current;
    let layer: string | null = null;
    if (current)
        layer = current.bytesTotal > 0
            ? format(_("This layer: $0 of $1"), formatBytes(current.bytes), formatBytes(current.bytesTotal))
            : format(_("This layer: $0"), formatBytes(current.bytes));
    const rate = bytesPerSecond !== null ? format(_("$0/s"), formatBytes(bytesPerSecond)) : null;
    return (
        <div id="operation-download" className="ct-operation-details">
            <div id="operation-layers">
                {format(_("Layers downloaded: $0"), pull.layers)}
                {pull.layersCached > 0 && ` · ${format(ngettext("$0 already present", "$0 already present", pull.layersCached), pull.layersCached)}`}
            </div>
            {(layer ?? rate) && (
                <div id="operation-bytes">{[layer, rate].filter(Boolean).join(" · ")}</div>
            )}
            <div id="operation-unsized" className="ct-secondary">
                {_("bootc does not report the size of this download or when deploying begins.")}
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
    const fraction = overallFraction(progress);
    const texts = OPERATION_TEXTS[meta.kind];
    const title = texts.running(meta);
    const cancellable = OPERATION_TRAITS[meta.kind].cancellable
        && (progress.phase === "waiting" || progress.phase === "pulling");
    const printed = snapshot.printed;
    const slowStart = quiet && now - startedAt.getTime() > QUIET_MS ? texts.slowStart(snapshot) : null;

    const cancel = () => {
        setCancelling(true);
        setCancelError(null);
        client.operations.cancel(meta.id).catch((error: unknown) => {
            setCancelling(false);
            setCancelError(errorText(error));
        });
    };

    return (
        <InCard>
            <Card id="operation" className="ct-card" data-operation={meta.kind} data-phase={progress.phase}>
                <CardTitle component="h2">{title}</CardTitle>
                <CardBody>
                    <Stack hasGutter>
                        {meta.progress && fraction !== null
                            ? (
                                <Progress
                                    id="operation-progress"
                                    value={Math.round(fraction * 100)}
                                    title={phaseText(progress)}
                                    measureLocation={ProgressMeasureLocation.outside}
                                    aria-label={format(_("$0: $1"), title, phaseText(progress))}
                                />
                            )
                            : (
                                <div id="operation-spinner">
                                    <Spinner size="md" aria-label={_("Working")} />{" "}
                                    {meta.progress ? phaseText(progress) : texts.working()}
                                </div>
                            )}
                        {!meta.progress && printed && (
                            <div id="operation-output" className="ct-secondary">{format(_("bootc: $0"), printed)}</div>
                        )}
                        <DownloadDetails progress={progress} />
                        {progress.phase !== "waiting" && progress.phase !== "pulling" && (
                            <>
                                <Steps id="operation-importing" steps={progress.importing} />
                                <Steps id="operation-staging" steps={progress.staging} />
                            </>
                        )}
                        {slowStart && <div id="operation-waiting" className="ct-secondary">{slowStart}</div>}
                        <div className="ct-secondary">
                            {format(_("Started at $0. It continues if you leave or reload this page."), clockTime(startedAt))}
                        </div>
                        {cancelError && (
                            <Alert
                                isInline
                                isPlain
                                variant="danger"
                                title={format(_("Could not cancel: $0"), cancelError)}
                            />
                        )}
                    </Stack>
                </CardBody>
                {cancellable && (
                    <CardFooter>
                        <Button
                            id="operation-cancel"
                            variant="secondary"
                            onClick={cancel}
                            isDisabled={cancelling}
                            isLoading={cancelling}
                        >
                            {_("Cancel")}
                        </Button>
                    </CardFooter>
                )}
            </Card>
        </InCard>
    );
}
