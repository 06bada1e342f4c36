/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import type { ReactNode } from "react";

import { usePageValue } from "../state/context";
import { foreignOperations, operationActive } from "../state/page-store";

import { ForeignOperations } from "./foreign-operations";
import { OperationProgress } from "./operation-progress";
import { OPERATION_TEXTS } from "./operation-texts";

/**
 * The progress of the operation that runs, whoever started it, or ORELSE when none does; it stays
 * until status shows what the operation did. A check shows in the Updates card instead, while the host
 * is shown. bootc run by something else shows here too (in place of ORELSE: status waits for it).
 */
export function RunningOperation({ orElse = null }: { orElse?: ReactNode }) {
    const operation = usePageValue(state => state.operation);
    const active = usePageValue(operationActive);
    const hostShown = usePageValue(state => state.status.kind === "ready");
    const othersRun = usePageValue(state => foreignOperations(state).length > 0);
    const own = operation.kind === "current" && active
        && !(OPERATION_TEXTS[operation.snapshot.meta.kind].result === null && hostShown)
        ? <OperationProgress snapshot={operation.snapshot} />
        : null;
    if (!own && !othersRun)
        return orElse;
    return (
        <>
            {own}
            {othersRun && <ForeignOperations />}
        </>
    );
}
