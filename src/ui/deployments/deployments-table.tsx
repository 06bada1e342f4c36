/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { useState } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";
import {
    ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr,
} from "@patternfly/react-table/dist/esm/components/Table/index.js";

import type { Deployment, HostModel } from "../../backend";
import { BuildTime } from "../common/build-time";
import { Digest } from "../common/digest";
import { formatElements } from "../common/format-elements";
import { ImageReference } from "../common/image-reference";
import { transportName } from "../common/image-text";
import { _ } from "../i18n";
import { rollbackUnavailable } from "../rollback/rollback-dialog";
import { DeploymentDetails } from "./deployment-details";
import { DeploymentFlags, RoleLabel } from "./deployment-labels";

function ImageCell({ deployment }: { deployment: Deployment }) {
    const image = deployment.image;
    if (!image) {
        const checksum = deployment.ostree?.checksum;
        return (
            <>
                <div>{deployment.incompatible ? _("Image not reported (local rpm-ostree changes)") : _("ostree commit")}</div>
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

interface RowActions {
    busy: boolean;
    onRollback: () => void;
}

/** "Roll back…" on the rollback deployment, unless a rollback is queued (the banner offers Undo then). */
function RollbackAction({ host, busy, onRollback }: { host: HostModel } & RowActions) {
    if (host.rollbackQueued)
        return null;
    const reason = rollbackUnavailable(host);
    const button = (
        <Button id="rollback-start" variant="secondary" size="sm" isAriaDisabled={busy || reason !== null} onClick={onRollback}>
            {_("Roll back…")}
        </Button>
    );
    return reason ? <Tooltip content={reason}>{button}</Tooltip> : button;
}

function DeploymentRows({ deployment, index, host, actions }: { deployment: Deployment; index: number; host: HostModel; actions: RowActions }) {
    const [expanded, setExpanded] = useState(false);
    const image = deployment.image;
    const rowId = `deployment-${index}`;
    return (
        <Tbody isExpanded={expanded}>
            <Tr id={rowId} data-role={deployment.role} className="ct-deployment-row">
                <Td
                    expand={{ rowIndex: index, isExpanded: expanded, onToggle: () => setExpanded(!expanded), expandId: `${rowId}-expand` }}
                    aria-label={_("Details")}
                />
                <Td dataLabel={_("Deployment")}><RoleLabel role={deployment.role} /></Td>
                <Td dataLabel={_("Image")}><ImageCell deployment={deployment} /></Td>
                <Td dataLabel={_("Version")} modifier="nowrap">
                    <div className="ct-version">{image?.version ?? (image ? _("None") : "")}</div>
                    {image && <div className="ct-secondary">{formatElements(_("built $0"), <BuildTime image={image} />)}</div>}
                </Td>
                <Td dataLabel={_("Digest")}>{image && <Digest digest={image.digest} id={`${rowId}-digest`} />}</Td>
                <Td dataLabel={_("Architecture")}>{image?.architecture ?? ""}</Td>
                <Td dataLabel={_("Status")}><DeploymentFlags deployment={deployment} composefsBackend={host.composefsBackend} /></Td>
                <Td isActionCell>
                    {deployment.role === "rollback" && <RollbackAction host={host} {...actions} />}
                </Td>
            </Tr>
            <Tr isExpanded={expanded} className="ct-deployment-details-row">
                <Td colSpan={8}>
                    {expanded && <ExpandableRowContent><DeploymentDetails deployment={deployment} /></ExpandableRowContent>}
                </Td>
            </Tr>
        </Tbody>
    );
}

export interface DeploymentsCardProps extends RowActions {
    host: HostModel;
    refreshing: boolean;
}

export function DeploymentsCard({ host, refreshing, busy, onRollback }: DeploymentsCardProps) {
    return (
        <Card id="deployments" className="ct-card">
            <CardHeader actions={{ actions: refreshing ? <Spinner size="md" aria-label={_("Refreshing")} /> : null, hasNoOffset: true }}>
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
                            <Th modifier="fitContent">{_("Architecture")}</Th>
                            <Th>{_("Status")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    {host.deployments.map((deployment, index) => (
                        <DeploymentRows key={deployment.id} deployment={deployment} index={index} host={host} actions={{ busy, onRollback }} />
                    ))}
                </Table>
            </CardBody>
        </Card>
    );
}
