/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Update…": what will be installed, and when it takes effect.
 */

import { useEffect, useState } from "react";

import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { versionAtLeast } from "../../backend";
import type { BootcVersion, HostModel, ImageInfo, UpdateFacts, UpdateMode } from "../../backend";
import { useBackend } from "../backend-context";
import { BuildTime } from "../common/build-time";
import { Digest } from "../common/digest";
import { ImageReference } from "../common/image-reference";
import { errorText } from "../common/problem-text";
import { _, format } from "../i18n";
import { imageVersion } from "./update-text";

export interface UpdateDialogProps {
    host: HostModel;
    update: ImageInfo;
    /** what the last check said about the download size */
    download: string | null;
    onClose: () => void;
}

interface Loaded {
    version: BootcVersion | null;
    facts: UpdateFacts | null;
}

const START_LABELS: Record<UpdateMode, () => string> = {
    stage: () => _("Download and stage"),
    apply: () => _("Update and reboot"),
    "download-only": () => _("Download"),
};

export function UpdateDialog({ host, update, download, onClose }: UpdateDialogProps) {
    const client = useBackend();
    const [loaded, setLoaded] = useState<Loaded | null>(null);
    const [mode, setMode] = useState<UpdateMode>("stage");
    const [softReboot, setSoftReboot] = useState(false);
    const [starting, setStarting] = useState(false);
    const [error, setError] = useState<string | null>(null);

    useEffect(() => {
        let live = true;
        void Promise.all([
            client.version(),
            client.updateFacts().catch(() => null),
        ]).then(([version, facts]) => {
            if (live)
                setLoaded({ version, facts });
        });
        return () => {
            live = false;
        };
    }, [client]);

    const version = loaded?.version ?? null;
    // unknown version: offer everything, bootc refuses what it lacks with a clear message
    const supports = (major: number, minor: number) => version === null || versionAtLeast(version, major, minor);
    const softRebootSupported = supports(1, 7) && !host.composefsBackend;
    const downloadOnlySupported = supports(1, 12);

    const start = () => {
        setStarting(true);
        setError(null);
        client.startUpdate({ mode, softReboot: softReboot && softRebootSupported && mode !== "download-only", target: update, version }).then(
            () => onClose(),
            (failure: unknown) => {
                setStarting(false);
                setError(errorText(failure));
            },
        );
    };

    const tracked = host.tracked;
    return (
        <Modal id="update-dialog" isOpen variant="medium" onClose={onClose} aria-labelledby="update-dialog-title">
            <ModalHeader labelId="update-dialog-title" title={format(_("Update to $0"), imageVersion(update))} />
            <ModalBody>
                <DescriptionList isHorizontal isCompact className="ct-update-target">
                    {tracked && (
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Image")}</DescriptionListTerm>
                            <DescriptionListDescription><ImageReference name={tracked.name} transport={tracked.transport} /></DescriptionListDescription>
                        </DescriptionListGroup>
                    )}
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Version")}</DescriptionListTerm>
                        <DescriptionListDescription id="update-dialog-version">
                            {imageVersion(update)}
                            {update.builtAt && <>{" · "}<BuildTime image={update} /></>}
                        </DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Digest")}</DescriptionListTerm>
                        <DescriptionListDescription><Digest digest={update.digest} id="update-dialog-digest" /></DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Running now")}</DescriptionListTerm>
                        <DescriptionListDescription>{imageVersion(host.booted?.image)}</DescriptionListDescription>
                    </DescriptionListGroup>
                    {download && (
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Download")}</DescriptionListTerm>
                            <DescriptionListDescription id="update-dialog-download">{download}</DescriptionListDescription>
                        </DescriptionListGroup>
                    )}
                </DescriptionList>

                {!loaded
                    ? <Spinner size="lg" aria-label={_("Loading")} />
                    : (
                        <Form className="ct-update-form" onSubmit={event => event.preventDefault()}>
                            <FormGroup role="radiogroup" isStack fieldId="update-mode" label={_("When to apply it")}>
                                <Radio
                                    id="update-mode-stage"
                                    name="update-mode"
                                    isChecked={mode === "stage"}
                                    onChange={() => setMode("stage")}
                                    label={_("Stage it; apply it on the next reboot")}
                                    description={_("The update downloads now. The system keeps running the current image until it reboots.")}
                                />
                                <Radio
                                    id="update-mode-apply"
                                    name="update-mode"
                                    isChecked={mode === "apply"}
                                    onChange={() => setMode("apply")}
                                    label={_("Stage it and reboot now")}
                                    description={_("The system reboots as soon as the update is staged.")}
                                />
                                {downloadOnlySupported && (
                                    <Radio
                                        id="update-mode-download-only"
                                        name="update-mode"
                                        isChecked={mode === "download-only"}
                                        onChange={() => setMode("download-only")}
                                        label={_("Download only")}
                                        description={_("The update is staged but not applied on reboot, until you apply it here. Unapplied, it is discarded at the next boot.")}
                                    />
                                )}
                            </FormGroup>
                            {softRebootSupported && (
                                <Checkbox
                                    id="update-soft-reboot"
                                    isChecked={softReboot && mode !== "download-only"}
                                    isDisabled={mode === "download-only"}
                                    onChange={(_event, checked) => setSoftReboot(checked)}
                                    label={_("Soft reboot if possible")}
                                    description={_("Restart only userspace into the new image when its kernel is the same; otherwise reboot fully.")}
                                />
                            )}
                            {loaded.facts?.timerEnabled && (
                                <Alert id="update-timer-warning" isInline variant="warning" title={_("Automatic updates are enabled")}>
                                    {_("bootc-fetch-apply-updates.timer runs “bootc upgrade --apply” (about every 8 hours). At its next run it applies a staged update, including a download-only one, and reboots the system.")}
                                </Alert>
                            )}
                            {error && (
                                <Alert id="update-dialog-error" isInline variant="danger" title={_("The update could not start")}>
                                    <div className="ct-bootc-message">{error}</div>
                                </Alert>
                            )}
                        </Form>
                    )}
            </ModalBody>
            <ModalFooter>
                <Button id="update-dialog-start" variant={mode === "apply" ? "warning" : "primary"} onClick={start} isDisabled={!loaded || starting} isLoading={starting}>
                    {START_LABELS[mode]()}
                </Button>
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
