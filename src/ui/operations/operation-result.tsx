/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What came of an operation, from what bootc did (the backend's typed result) and from status read
 * after it, shown on every page until an admin dismisses it. After a failure it says what status shows
 * changed since the operation started, never that nothing did without looking.
 */

import { AlertActionCloseButton } from "@patternfly/react-core/dist/esm/components/Alert/index.js";

import { deploymentChange, summarizeDeployments } from "../../backend";
import type { HostModel, LostReason } from "../../backend";
import { Alert } from "../common/alert";
import { FullOutput } from "../common/full-output";
import { targetVersion } from "../common/image-text";
import { problemText } from "../common/problem-text";
import { _, format } from "../i18n";
import { useBackend, usePageValue } from "../state/context";
import { operationActive } from "../state/page-store";

import { changeText, failureHelp, failureTitle, OPERATION_TEXTS, stoppedTitle } from "./operation-texts";

function lostText(reason: LostReason, runnerGone: boolean): string {
    if (reason === "not-started")
        return _("bootc was never run: the process that runs it on the host did not take over in time (systemd-run may be hanging).");
    if (runnerGone)
        return _("The process that recorded it was killed; bootc went on without it and has ended, but how is not known.");
    return _("Its process ended unexpectedly.");
}

/** The record of the host's operation is damaged or gone, and no bootc runs: say so once, until reload. */
export function DamagedRecord() {
    const operation = usePageValue(state => state.operation);
    const othersRun = usePageValue(state => state.processes.length > 0);
    if (operation.kind !== "damaged" || othersRun)
        return null;
    const title = operation.damage === "removed"
        ? _("The record of the last operation was removed")
        : _("The record of the last operation is damaged");
    return (
        <Alert id="operation-record-damaged" isInline variant="warning" title={title} data-damage={operation.damage}>
            {_("Its files in /run/cockpit-bootc cannot be trusted, so its result is not shown. No bootc operation is running now; the deployments below are as bootc reported them since.")}
        </Alert>
    );
}

/**
 * What came of the last operation over HOST (status read after it), shown (on every page) until
 * dismissed, and not while another runs. A check's shows in the Updates card.
 */
export function OperationResult({ host }: { host: HostModel }) {
    const client = useBackend();
    const operation = usePageValue(state => state.operation);
    const active = usePageValue(operationActive);
    if (operation.kind !== "current" || active)
        return null;
    const snapshot = operation.snapshot;
    const { meta, outcome } = snapshot;
    const texts = OPERATION_TEXTS[meta.kind].result;
    if (!outcome || snapshot.dismissed || !texts)
        return null;
    const dismiss = () => void client.operations.dismiss(meta.id).catch(() => undefined);
    const close = <AlertActionCloseButton onClose={dismiss} aria-label={_("Dismiss")} />;
    const version = targetVersion(meta.target);
    const common = { id: "operation-result", isInline: true, actionClose: close, "data-outcome": outcome.kind };
    const change = deploymentChange(meta.before, summarizeDeployments(host));
    const afterwards = (boundImage: string | null) => texts.unaffected?.() ?? changeText(change, host, boundImage);

    switch (outcome.kind) {
    case "succeeded": {
        const nothingNew = outcome.result.kind === "unchanged" || outcome.result.kind === "not-staged";
        return (
            <Alert
                {...common}
                variant={nothingNew ? "info" : "success"}
                title={texts.succeeded(meta, outcome.result, host)}
                data-result={outcome.result.kind}
            >
                {texts.usage && <p id="operation-usage">{texts.usage(meta)}</p>}
                {snapshot.stdout && <FullOutput text={snapshot.stdout} toggle={_("Show bootc's output")} />}
            </Alert>
        );
    }
    case "rebooting":
        return <Alert {...common} variant="info" title={format(_("The system is rebooting into $0"), version)} />;
    case "cancelled":
        return (
            <Alert {...common} variant="info" title={texts.cancelled()}>
                <p id="operation-change" data-change={change.kind}>{afterwards(null)}</p>
            </Alert>
        );
    case "stopped":
        return (
            <Alert {...common} variant="warning" title={stoppedTitle(meta)}>
                {format(_("It was sent SIG$0 from outside this page, for example by “systemctl stop” or “kill”, and bootc ended."), outcome.signal)}
                {" "}
                <span id="operation-change" data-change={change.kind}>{afterwards(null)}</span>
            </Alert>
        );
    case "lost":
        return (
            <Alert
                {...common}
                variant="warning"
                title={outcome.reason === "not-started"
                    ? _("The operation did not start")
                    : _("The operation stopped without reporting a result")}
                data-reason={outcome.reason}
            >
                {lostText(outcome.reason, outcome.runnerGone)}
                {" "}
                <span id="operation-change" data-change={change.kind}>{afterwards(null)}</span>
            </Alert>
        );
    case "failed": {
        const help = failureHelp(texts, outcome.cause);
        return (
            <Alert
                {...common}
                variant="danger"
                title={failureTitle(texts, outcome.cause)}
                data-cause={outcome.cause}
            >
                <div className="ct-bootc-message">{problemText(outcome.problem)}</div>
                <p id="operation-change" data-change={change.kind}>{afterwards(outcome.boundImage)}</p>
                {help && <p>{help}</p>}
                <FullOutput text={snapshot.stderr ?? ""} toggle={_("Show the full error")} />
            </Alert>
        );
    }
    }
}
