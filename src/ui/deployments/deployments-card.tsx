/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { useState } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";

import type { Deployment, HostModel } from "../../backend";
import { BuildTime } from "../common/build-time";
import { useDialogs } from "../common/dialogs";
import { Digest } from "../common/digest";
import { formatElements } from "../common/format-elements";
import { HostText } from "../common/host-text";
import { ImageReference } from "../common/image-reference";
import { transportName } from "../common/image-text";
import { RoleLabel } from "../common/role-label";
import { ExpandableRowContent, ExpandCell, Table, Tbody, Td, Th, Thead, Tr } from "../common/table";
import { _, format, ngettext } from "../i18n";
import { usePageValue } from "../state/context";
import { canStart } from "../state/page-store";

import { DeploymentDetails } from "./deployment-details";
import { DeploymentFlags } from "./deployment-labels";

/** Why there is nothing to roll back to, or null when there is (a queued rollback is undone, not repeated). */
export function rollbackUnavailable(host: HostModel): string | null {
    if (host.readOnly)
        return _("The system runs from read-only media.");
    if (!host.rollback)
        return _("There is no rollback deployment.");
    if (!host.rollback.image)
        return _("The rollback deployment is not container-based; bootc cannot roll back to it.");
    return null;
}

function ImageCell({ deployment }: { deployment: Deployment }) {
    const image = deployment.image;
    if (!image) {
        const checksum = deployment.ostree?.checksum;
        return (
            <>
                <div>
                    {deployment.incompatible ? _("Image not reported (local rpm-ostree changes)") : _("ostree commit")}
                </div>
                {checksum && <code className="ct-secondary">{checksum.slice(0, 12)}</code>}
            </>
        );
    }
    return (
        <>
            <div><ImageReference name={image.ref.name} transport={image.ref.transport} /></div>
            <div className="ct-secondary">{transportName(image.ref.transport)}</div>
        </>
    );
}

/** "Roll back…" on the rollback deployment, unless a rollback is queued (the banner offers Undo then). */
function RollbackAction({ host }: { host: HostModel }) {
    const blocked = usePageValue(state => !canStart(state));
    const dialogs = useDialogs();
    if (host.rollbackQueued)
        return null;
    const reason = rollbackUnavailable(host);
    const button = (
        <Button
            id="rollback-start" variant="secondary" size="sm" isAriaDisabled={blocked || reason !== null}
            onClick={() => dialogs.open({ kind: "rollback" })}
        >
            {_("Roll back…")}
        </Button>
    );
    return reason ? <Tooltip content={reason}>{button}</Tooltip> : button;
}

function DeploymentRows({ deployment, index, host }: { deployment: Deployment; index: number; host: HostModel }) {
    const [expanded, setExpanded] = useState(false);
    const image = deployment.image;
    const rowId = `deployment-${index}`;
    return (
        <Tbody isExpanded={expanded}>
            <Tr id={rowId} data-role={deployment.role} className="ct-deployment-row">
                <ExpandCell id={`${rowId}-expand`} label={_("Details")} isExpanded={expanded}
                    onToggle={() => setExpanded(!expanded)} controls={`${rowId}-details`} />
                <Td dataLabel={_("Deployment")}><RoleLabel role={deployment.role} /></Td>
                <Td dataLabel={_("Image")}><ImageCell deployment={deployment} /></Td>
                <Td dataLabel={_("Version")} modifier="nowrap">
                    <div className="ct-version">
                        {image?.version ? <HostText value={image.version} /> : (image ? _("None") : "")}
                    </div>
                    {image && (
                        <div className="ct-secondary">{formatElements(_("built $0"), <BuildTime image={image} />)}</div>
                    )}
                </Td>
                <Td dataLabel={_("Digest")}>{image && <Digest digest={image.digest} id={`${rowId}-digest`} />}</Td>
                <Td dataLabel={_("Status")}>
                    <DeploymentFlags deployment={deployment} composefsBackend={host.composefsBackend} />
                </Td>
                {/* not PatternFly's action cell: in the stacked layout that takes the first line's right
                    side, which a text button squeezes (a phone showed "R…" for "Rollback") */}
                <Td modifier="fitContent" className="ct-row-actions">
                    {deployment.role === "rollback" && <RollbackAction host={host} />}
                </Td>
            </Tr>
            <Tr id={`${rowId}-details`} isExpanded={expanded} className="ct-deployment-details-row">
                <Td colSpan={7}>
                    {expanded && (
                        <ExpandableRowContent><DeploymentDetails deployment={deployment} /></ExpandableRowContent>
                    )}
                </Td>
            </Tr>
        </Tbody>
    );
}

/**
 * How many deployments are listed at first, and how many more each "Show more" adds: a host has a
 * handful (staged, booted, rollback and what is pinned), but nothing stops a thousand pinned ones, and
 * each row costs the browser a few milliseconds.
 */
export const DEPLOYMENTS_SHOWN = 50;

/** REFRESHING: status is being read again (a spinner in the header). */
export function DeploymentsCard({ host, refreshing }: { host: HostModel; refreshing: boolean }) {
    const [limit, setLimit] = useState(DEPLOYMENTS_SHOWN);
    const shown = host.deployments.slice(0, limit);
    const hidden = host.deployments.length - shown.length;
    const next = Math.min(hidden, DEPLOYMENTS_SHOWN);
    return (
        <Card id="deployments" className="ct-card">
            <CardHeader
                actions={{
                    actions: refreshing ? <Spinner size="md" aria-label={_("Refreshing")} /> : null,
                    hasNoOffset: true,
                }}
            >
                <CardTitle component="h2">{_("Deployments")}</CardTitle>
            </CardHeader>
            <CardBody>
                <Table aria-label={_("Deployments")} variant="compact" gridBreakPoint="grid-lg" id="deployments-table">
                    <Thead>
                        <Tr>
                            <Th screenReaderText={_("Details")} />
                            <Th modifier="fitContent">{_("Deployment")}</Th>
                            <Th width={30}>{_("Image")}</Th>
                            <Th modifier="fitContent">{_("Version")}</Th>
                            <Th modifier="fitContent">{_("Digest")}</Th>
                            <Th>{_("Status")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    {shown.map((deployment, index) => (
                        <DeploymentRows key={deployment.id} deployment={deployment} index={index} host={host} />
                    ))}
                </Table>
                {hidden > 0 && (
                    <div id="deployments-more">
                        <Button
                            id="deployments-show-more" variant="link" isInline
                            onClick={() => setLimit(limit + DEPLOYMENTS_SHOWN)}
                        >
                            {format(ngettext("Show $0 more deployment", "Show $0 more deployments", next), next)}
                        </Button>
                        {" "}
                        <span className="ct-secondary">
                            {format(ngettext("($0 not shown)", "($0 not shown)", hidden), hidden)}
                        </span>
                    </div>
                )}
            </CardBody>
        </Card>
    );
}
