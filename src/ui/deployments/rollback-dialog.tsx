/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Roll back…": one confirmation that says what boots next, what is discarded (a staged deployment,
 * CONTRACT.md §9) and what does not carry over (/etc changes), then `bootc rollback`.
 */

import { useState } from "react";

import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Stack } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";

import type { ApplyMode, Deployment, HostModel } from "../../backend";
import { ActionError, useAction } from "../common/action";
import { Alert } from "../common/alert";
import { ApplyChoice, TimerWarning } from "../common/apply-choice";
import { BuildTime } from "../common/build-time";
import { DialogFooter } from "../common/dialog-footer";
import { useDialogs } from "../common/dialogs";
import { Digest } from "../common/digest";
import { formatElements } from "../common/format-elements";
import { ImageReference } from "../common/image-reference";
import { imageVersion } from "../common/image-text";
import { _, format } from "../i18n";
import { useBackend, useHostFacts } from "../state/context";
import { softRebootOffered } from "../state/features";

export function RollbackDialog({ host, rollback }: { host: HostModel; rollback: Deployment }) {
    const client = useBackend();
    const { close: onClose } = useDialogs();
    const loaded = useHostFacts();
    const [mode, setMode] = useState<ApplyMode>("stage");
    const [softReboot, setSoftReboot] = useState(false);
    const action = useAction();
    const image = rollback.image;
    const version = imageVersion(image);
    const staged = host.staged;
    const softOffered = softRebootOffered(loaded, host, "rollback") && rollback.softRebootCapable;

    const start = () => {
        action.run(() => client.startRollback({ mode, softReboot: softReboot && softOffered, target: image }), onClose);
    };

    return (
        <Modal id="rollback-dialog" isOpen variant="medium" onClose={onClose} aria-labelledby="rollback-dialog-title">
            <ModalHeader
                labelId="rollback-dialog-title"
                title={format(_("Roll back to $0?"), version)}
                titleIconVariant="warning"
            />
            <ModalBody>
                <Stack hasGutter>
                    <DescriptionList isHorizontal isCompact>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Boots next")}</DescriptionListTerm>
                            <DescriptionListDescription id="rollback-dialog-version">
                                {version}
                                {image?.builtAt && (
                                    <>{" · "}{formatElements(_("built $0"), <BuildTime image={image} />)}</>
                                )}
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                        {image && (
                            <DescriptionListGroup>
                                <DescriptionListTerm>{_("Image")}</DescriptionListTerm>
                                <DescriptionListDescription>
                                    <ImageReference name={image.ref.name} transport={image.ref.transport} />
                                </DescriptionListDescription>
                            </DescriptionListGroup>
                        )}
                        {image && (
                            <DescriptionListGroup>
                                <DescriptionListTerm>{_("Digest")}</DescriptionListTerm>
                                <DescriptionListDescription>
                                    <Digest digest={image.digest} id="rollback-dialog-digest" />
                                </DescriptionListDescription>
                            </DescriptionListGroup>
                        )}
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Running now")}</DescriptionListTerm>
                            <DescriptionListDescription>{imageVersion(host.booted?.image)}</DescriptionListDescription>
                        </DescriptionListGroup>
                    </DescriptionList>

                    <ul id="rollback-dialog-consequences" className="ct-consequences">
                        <li>{format(_("The running deployment, $0, becomes the rollback deployment, so you can return to it."), imageVersion(host.booted?.image))}</li>
                        <li id="rollback-dialog-etc">{format(_("Changes made to /etc since $0 was deployed do not carry over to it."), version)}</li>
                        <li>{_("Until the system reboots, you can undo this.")}</li>
                    </ul>
                    {staged && (
                        <Alert
                            id="rollback-dialog-staged"
                            isInline
                            variant="warning"
                            title={format(_("The staged update $0 is discarded"), imageVersion(staged.image))}
                        >
                            {_("bootc removes a staged deployment when it rolls back, and undoing the rollback does not bring it back. Stage it again afterwards if you want it.")}
                        </Alert>
                    )}

                    {!loaded
                        ? <Spinner size="lg" aria-label={_("Loading")} />
                        : (
                            <Form onSubmit={event => event.preventDefault()}>
                                <ApplyChoice
                                    id="rollback"
                                    options={[
                                        {
                                            mode: "stage",
                                            label: _("Queue it for the next boot"),
                                            description: _("The system keeps running the current deployment until it reboots."),
                                        },
                                        {
                                            mode: "apply",
                                            label: _("Roll back and reboot now"),
                                            description: _("The system reboots right away."),
                                        },
                                    ]}
                                    mode={mode}
                                    onMode={setMode}
                                    softReboot={softOffered
                                        ? {
                                            checked: softReboot,
                                            disabled: false,
                                            onChange: setSoftReboot,
                                            description: _("The rollback deployment runs the same kernel: restart only userspace into it."),
                                        }
                                        : null}
                                />
                                {loaded.timerEnabled && (
                                    <TimerWarning
                                        id="rollback-timer-warning"
                                        text={format(
                                            _("bootc-fetch-apply-updates.timer runs “bootc upgrade --apply”. After the reboot, its next run updates the system from $0 again, which may bring back a newer build and reboot into it. To stay on this version, disable the timer (“systemctl disable --now bootc-fetch-apply-updates.timer”)."),
                                            image?.ref.name ?? _("the rollback deployment's image"),
                                        )}
                                    />
                                )}
                                <ActionError
                                    id="rollback-dialog-error"
                                    title={_("The rollback could not start")}
                                    text={action.error}
                                />
                            </Form>
                        )}
                </Stack>
            </ModalBody>
            <DialogFooter
                id="rollback-dialog-confirm"
                label={mode === "apply" ? _("Roll back and reboot") : _("Roll back")}
                variant={mode === "apply" ? "danger" : "warning"}
                onStart={start}
                action={action}
                isDisabled={!loaded}
            />
        </Modal>
    );
}
