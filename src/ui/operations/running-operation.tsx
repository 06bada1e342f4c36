/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import type { ReactNode } from "react";

import { usePageValue } from "../state/context";
import { operationActive } from "../state/page-store";

import { OperationProgress } from "./operation-progress";
import { OPERATION_TEXTS } from "./operation-texts";

/**
 * The progress of the operation that runs, whoever started it, or ORELSE when none does; it stays
 * until status shows what the operation did. A check shows in the Updates card instead, while the host
 * is shown.
 */
export function RunningOperation({ orElse = null }: { orElse?: ReactNode }) {
    const operation = usePageValue(state => state.operation);
    const active = usePageValue(operationActive);
    const hostShown = usePageValue(state => state.status.kind === "ready");
    if (operation.kind !== "current" || !active)
        return orElse;
    const snapshot = operation.snapshot;
    if (OPERATION_TEXTS[snapshot.meta.kind].result === null && hostShown)
        return orElse;
    return <OperationProgress snapshot={snapshot} />;
}
