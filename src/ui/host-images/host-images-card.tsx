/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Host images": the OS images in the ostree repository (`bootc image list --type host`), which
 * deployments were made from each, and "Copy to container storage…" so podman can run or build on one;
 * and, apart from them, what bootc ≥ 1.16 lists of its own container storage ("unified" entries).
 */

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";

import { bootcStorageImages, hostImages } from "../../backend";
import type { HostImage, HostModel, ImageReport, StorageImage } from "../../backend";
import { Alert, InCard } from "../common/alert";
import { useDialogs } from "../common/dialogs";
import { HostText } from "../common/host-text";
import { ImageReference } from "../common/image-reference";
import { imageVersion } from "../common/image-text";
import { ImagesPending } from "../common/images-pending";
import { problemText } from "../common/problem-text";
import { RoleLabel } from "../common/role-label";
import { Table, Tbody, Td, Th, Thead, Tr } from "../common/table";
import { _ } from "../i18n";
import { usePageValue } from "../state/context";
import { canStart } from "../state/page-store";

function UsedBy({ image }: { image: HostImage }) {
    if (image.deployments.length === 0)
        return <span className="ct-secondary">{_("No deployment")}</span>;
    return (
        <div className="ct-host-image-uses">
            {image.deployments.map(deployment => (
                <span key={deployment.id} className="ct-host-image-use" data-role={deployment.role}>
                    <RoleLabel role={deployment.role} /> {imageVersion(deployment.image)}
                </span>
            ))}
        </div>
    );
}

function ImagesTable({ images }: { images: HostImage[] }) {
    const blocked = usePageValue(state => !canStart(state));
    const dialogs = useDialogs();
    const copy = (image: HostImage) => {
        if (image.source.ok)
            dialogs.open({ kind: "copy", image, source: image.source.value });
    };
    return (
        <Table id="host-images-table" aria-label={_("Host images")} variant="compact" gridBreakPoint="grid-md">
            <Thead>
                <Tr>
                    <Th>{_("Image")}</Th>
                    <Th>{_("Deployments")}</Th>
                    <Th screenReaderText={_("Actions")} />
                </Tr>
            </Thead>
            <Tbody>
                {images.map(image => (
                    <Tr key={image.listed} className="ct-host-image-row" data-image={image.listed}>
                        <Td dataLabel={_("Image")}>
                            {image.source.ok
                                ? <ImageReference
                                    name={image.source.value.image}
                                    transport={image.source.value.transport}
                                />
                                : (
                                    <>
                                        <span className="ct-image-name">{image.listed}</span>
                                        <div className="ct-secondary ct-host-image-unknown">{_("The page does not understand this reference, so it offers nothing for it.")}</div>
                                    </>
                                )}
                        </Td>
                        <Td dataLabel={_("Deployments")}><UsedBy image={image} /></Td>
                        {/* not PatternFly's action cell: stacked, it takes the first line's right side */}
                        <Td modifier="fitContent" className="ct-row-actions">
                            <Button
                                className="ct-host-image-copy"
                                variant="secondary"
                                size="sm"
                                isDisabled={blocked || !image.source.ok}
                                onClick={() => copy(image)}
                            >
                                {_("Copy to container storage…")}
                            </Button>
                        </Td>
                    </Tr>
                ))}
            </Tbody>
        </Table>
    );
}

/** bootc's own container storage: the bound images, and OS images set up for unified storage. */
function BootcStorage({ images }: { images: StorageImage[] }) {
    return (
        <div id="host-images-bootc-storage" className="ct-host-images-storage">
            <h3 className="ct-host-images-storage-title">{_("In bootc's container storage")}</h3>
            <ul>
                {images.map(image => (
                    <li key={image.name} className="ct-storage-image" data-image={image.name}>
                        <span className="ct-image-name"><HostText value={image.name} /></span>
                        {image.bound && <span className="ct-secondary"> · {_("bound image")}</span>}
                    </li>
                ))}
            </ul>
        </div>
    );
}

function boundNames(report: ImageReport): string[] {
    return report.logical.ok ? report.logical.value.map(entry => entry.image) : [];
}

export function HostImagesCard({ host }: { host: HostModel }) {
    const report = usePageValue(state => state.images);
    const composefs = host.booted?.composefs !== null && host.booted?.composefs !== undefined;
    let body: React.ReactNode;
    if (!report) {
        body = <ImagesPending id="host-images-pending" />;
    } else if (!report.host.ok) {
        body = (
            <Alert id="host-images-error" isInline variant="warning" title={_("bootc cannot list the host images")}>
                <div className="ct-bootc-message">{problemText(report.host.problem)}</div>
            </Alert>
        );
    } else {
        const images = hostImages(report.host.value, host);
        const storage = bootcStorageImages(report.host.value, boundNames(report));
        let none: string | null = null;
        if (images.length === 0)
            none = composefs
                ? _("This host uses bootc's composefs backend, which keeps no OS images in an ostree repository.")
                : _("The ostree repository holds no container images.");
        body = (
            <>
                {none ? <p id="host-images-none">{none}</p> : <ImagesTable images={images} />}
                {storage.length > 0 && <BootcStorage images={storage} />}
            </>
        );
    }
    return (
        <InCard>
            <Card id="host-images" className="ct-card">
                <CardHeader>
                    <CardTitle component="h2">{_("Host images")}</CardTitle>
                    <div className="ct-secondary">{_("The OS images bootc keeps in the ostree repository. Copy one to podman's container storage to run it as a container or build on it.")}</div>
                </CardHeader>
                <CardBody>{body}</CardBody>
            </Card>
        </InCard>
    );
}
