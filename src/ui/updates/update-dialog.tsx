/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Update…": what will be installed, and when it takes effect.
 */

import { useState } from "react";

import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import type { AvailableUpdate, HostModel, UpdateMode } from "../../backend";
import { ActionError, useAction } from "../common/action";
import { ApplyChoice, TimerWarning } from "../common/apply-choice";
import type { ApplyOption } from "../common/apply-choice";
import { BuildTime } from "../common/build-time";
import { DialogFooter } from "../common/dialog-footer";
import { useDialogs } from "../common/dialogs";
import { Digest } from "../common/digest";
import { ImageReference } from "../common/image-reference";
import { imageVersion, updateVersion } from "../common/image-text";
import { _, format } from "../i18n";
import { useBackend, useHostFacts } from "../state/context";
import { softRebootOffered, supports } from "../state/features";

import { expectedDownload } from "./updates-card";

export interface UpdateDialogProps {
    host: HostModel;
    /** the update bootc found, as far as it described it */
    update: AvailableUpdate;
}

const START_LABELS: Record<UpdateMode, () => string> = {
    stage: () => _("Download and stage"),
    apply: () => _("Update and reboot"),
    "download-only": () => _("Download"),
};

export function UpdateDialog({ host, update }: UpdateDialogProps) {
    const download = expectedDownload(update);
    const client = useBackend();
    const { close: onClose } = useDialogs();
    const loaded = useHostFacts();
    const [mode, setMode] = useState<UpdateMode>("stage");
    const [softReboot, setSoftReboot] = useState(false);
    const action = useAction();

    const softRebootSupported = softRebootOffered(loaded, host);
    const downloadOnlySupported = supports(loaded, 1, 12);

    const start = () => {
        action.run(
            () => client.startUpdate(
                { mode, softReboot: softReboot && softRebootSupported && mode !== "download-only", target: update },
            ),
            onClose,
        );
    };

    const options: ApplyOption<UpdateMode>[] = [
        {
            mode: "stage",
            label: _("Stage it; apply it on the next reboot"),
            description: _("The update downloads now. The system keeps running the current image until it reboots."),
        },
        {
            mode: "apply",
            label: _("Stage it and reboot now"),
            description: _("The system reboots as soon as the update is staged."),
        },
    ];
    if (downloadOnlySupported) {
        options.push({
            mode: "download-only",
            label: _("Download only"),
            description: _("The update is staged but not applied on reboot, until you apply it here. Unapplied, it is discarded at the next boot."),
        });
    }

    const tracked = host.tracked;
    return (
        <Modal id="update-dialog" isOpen variant="medium" onClose={onClose} aria-labelledby="update-dialog-title">
            <ModalHeader labelId="update-dialog-title" title={format(_("Update to $0"), updateVersion(update))} />
            <ModalBody>
                <DescriptionList isHorizontal isCompact className="ct-update-target">
                    {tracked && (
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Image")}</DescriptionListTerm>
                            <DescriptionListDescription>
                                <ImageReference name={tracked.name} transport={tracked.transport} />
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                    )}
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Version")}</DescriptionListTerm>
                        <DescriptionListDescription id="update-dialog-version">
                            {update.version ?? _("not known before it is downloaded")}
                            {update.image?.builtAt && <>{" · "}<BuildTime image={update.image} /></>}
                        </DescriptionListDescription>
                    </DescriptionListGroup>
                    {update.digest && (
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Digest")}</DescriptionListTerm>
                            <DescriptionListDescription>
                                <Digest digest={update.digest} id="update-dialog-digest" />
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                    )}
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Running now")}</DescriptionListTerm>
                        <DescriptionListDescription>{imageVersion(host.booted?.image)}</DescriptionListDescription>
                    </DescriptionListGroup>
                    {download && (
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Download")}</DescriptionListTerm>
                            <DescriptionListDescription id="update-dialog-download">
                                {download}
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                    )}
                </DescriptionList>

                {!loaded
                    ? <Spinner size="lg" aria-label={_("Loading")} />
                    : (
                        <Form className="ct-update-form" onSubmit={event => event.preventDefault()}>
                            <ApplyChoice
                                id="update"
                                options={options}
                                mode={mode}
                                onMode={setMode}
                                softReboot={softRebootSupported
                                    ? {
                                        checked: softReboot,
                                        disabled: mode === "download-only",
                                        onChange: setSoftReboot,
                                        description: _("Restart only userspace into the new image when its kernel is the same; otherwise reboot fully."),
                                    }
                                    : null}
                            />
                            {loaded.timerEnabled && (
                                <TimerWarning
                                    id="update-timer-warning"
                                    text={_("bootc-fetch-apply-updates.timer runs “bootc upgrade --apply” (about every 8 hours). At its next run it applies a staged update, including a download-only one, and reboots the system.")}
                                />
                            )}
                            <ActionError
                                id="update-dialog-error"
                                title={_("The update could not start")}
                                text={action.error}
                            />
                        </Form>
                    )}
            </ModalBody>
            <DialogFooter
                id="update-dialog-start"
                label={START_LABELS[mode]()}
                variant={mode === "apply" ? "warning" : "primary"}
                onStart={start}
                action={action}
                isDisabled={!loaded}
            />
        </Modal>
    );
}
