/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Copy to container storage…": `bootc image copy-to-storage` for one host image. The name in podman's
 * storage is validated here, before anything runs; only validated ImageTargets reach the argv builder.
 */

import { useState } from "react";

import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { DEFAULT_STORAGE_TARGET, validateImageTarget } from "../../backend";
import type { HostImage, ImageTarget } from "../../backend";
import { ActionError, useAction } from "../common/action";
import { Alert } from "../common/alert";
import { DialogFooter } from "../common/dialog-footer";
import { useDialogs } from "../common/dialogs";
import { ImageReference } from "../common/image-reference";
import { referenceIssueText } from "../common/reference-text";
import { ValidatedInput } from "../common/validated-input";
import { _ } from "../i18n";
import { useBackend } from "../state/context";

export interface CopyDialogProps {
    image: HostImage;
    /** the host image's reference, as parsed from bootc's listing */
    source: ImageTarget;
}

export function CopyDialog({ image, source }: CopyDialogProps) {
    const client = useBackend();
    const { close: onClose } = useDialogs();
    const [name, setName] = useState(DEFAULT_STORAGE_TARGET);
    const [touched, setTouched] = useState(false);
    const action = useAction();

    const result = validateImageTarget("containers-storage", name);
    const issue = touched && !result.ok ? referenceIssueText(result.issue, "storage-name") : null;

    // the name's ref points at the image bootc pulled last under it: with several digests, which one is not known
    const digests = new Set(image.deployments.map(d => d.image?.digest));
    const several = digests.size > 1;
    const known = several ? null : image.deployments[0]?.image ?? null;

    const start = () => {
        setTouched(true);
        if (!result.ok)
            return;
        action.run(() => client.copyToStorage({ source, target: result.value, image: known }), onClose);
    };

    return (
        <Modal
            id="copy-dialog" isOpen variant="medium" onClose={onClose} aria-labelledby="copy-dialog-title"
            elementToFocus="#copy-dialog-target"
        >
            <ModalHeader
                labelId="copy-dialog-title"
                title={_("Copy to container storage")}
                description={<ImageReference name={source.image} transport={source.transport} />}
            />
            <ModalBody>
                <Form id="copy-form" onSubmit={event => { event.preventDefault(); start(); }}>
                    <Content component="p" id="copy-dialog-explanation">
                        {_("bootc exports the image from the ostree repository into podman's storage (/var/lib/containers/storage), where podman can run it or build on it. The deployments are not changed. The copy needs free space in /var: at least the size of the image.")}
                    </Content>
                    {several && (
                        <Alert
                            id="copy-dialog-several"
                            isInline
                            isPlain
                            variant="info"
                            title={_("Several deployments were made from this name")}
                        >
                            {_("bootc copies the image it pulled last under this name, which is not necessarily the one that is booted.")}
                        </Alert>
                    )}
                    <FormGroup label={_("Name in container storage")} isRequired fieldId="copy-dialog-target">
                        <ValidatedInput
                            id="copy-dialog-target"
                            value={name}
                            onChange={value => {
                                setName(value);
                                setTouched(true);
                            }}
                            issue={issue}
                            errorId="copy-dialog-target-error"
                            help={_("For example localhost/bootc or localhost/my-os:42. If podman already has an image of that name, the name moves to the copy.")}
                            helpId="copy-dialog-target-help"
                        />
                    </FormGroup>
                    <ActionError id="copy-dialog-error" title={_("The copy could not start")} text={action.error} />
                </Form>
            </ModalBody>
            <DialogFooter
                id="copy-dialog-start"
                label={_("Copy")}
                variant="primary"
                onStart={start}
                action={action}
                isDisabled={issue !== null}
            />
        </Modal>
    );
}
