/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bootc operations this page did not start (the update timer, an admin in a terminal, a bootc whose
 * record is gone): what runs, since when, started by what, and that the page's actions wait for it.
 * The page looks again every few seconds while one runs, and reads status once it has ended.
 */

import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Flex, FlexItem } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";

import type { BootcProcess, RecordDamage } from "../../backend";
import { clockTime, relativeTime } from "../format";
import { _, format } from "../i18n";
import { usePageValue } from "../state/context";
import { foreignOperations } from "../state/page-store";

/** The timer's unit: bootc's own, shipped with it. */
const TIMER_SERVICE = "bootc-fetch-apply-updates.service";

function title(process: BootcProcess): string {
    if (process.unit === TIMER_SERVICE)
        return _("The automatic update service is running bootc");
    if (process.unit)
        return format(_("bootc is running in the service $0"), process.unit);
    if (process.user)
        return format(_("$0 is running bootc"), process.user);
    if (process.terminal)
        return _("bootc is running in a terminal");
    return _("bootc is running, started outside this page");
}

function damageText(damage: RecordDamage): string {
    switch (damage) {
    case "unreadable": return _("The page's record of its operation cannot be read, so this may be the operation it started.");
    case "mismatch": return _("The page's record of its operation does not match what was started, so it is not shown.");
    case "removed": return _("The page's record of its operation was removed from /run/cockpit-bootc while it ran.");
    }
}

function ForeignOperation({ process, damage }: { process: BootcProcess; damage: RecordDamage | null }) {
    const reboots = /(^| )--apply( |$)/.test(process.args);
    return (
        <Card className="ct-card ct-foreign-operation" data-pid={process.pid} data-unit={process.unit ?? ""}>
            <CardTitle component="h2">
                <Flex spaceItems={{ default: "spaceItemsSm" }} alignItems={{ default: "alignItemsCenter" }}>
                    <FlexItem><Spinner size="md" aria-hidden /></FlexItem>
                    <FlexItem>{title(process)}</FlexItem>
                </Flex>
            </CardTitle>
            <CardBody>
                <div className="ct-foreign-command">
                    <code className="ct-bootc-message">{`bootc ${process.args}`}</code>
                </div>
                <div className="ct-secondary">
                    {process.startedAt
                        ? format(
                            _("Process $0, running since $1 ($2)."),
                            process.pid, clockTime(process.startedAt), relativeTime(process.startedAt),
                        )
                        : format(_("Process $0."), process.pid)}
                    {" "}
                    {reboots && _("It reboots the system when it is done.")}
                </div>
                {damage && <div className="ct-secondary">{damageText(damage)}</div>}
                <p>
                    {_("Updating, switching and rolling back wait until it ends, and so does reading the deployments: what this page shows is from before. It reads the host again when bootc has ended.")}
                </p>
            </CardBody>
        </Card>
    );
}

/** Every bootc operation running that this page does not follow; nothing when there is none. */
export function ForeignOperations() {
    const processes = usePageValue(state => state.processes);
    const operation = usePageValue(state => state.operation);
    const foreign = foreignOperations({ processes, operation });
    const damage = operation.kind === "damaged" ? operation.damage : null;
    if (foreign.length === 0)
        return null;
    return (
        <div id="foreign-operations">
            {foreign.map(process => <ForeignOperation key={process.pid} process={process} damage={damage} />)}
        </div>
    );
}
