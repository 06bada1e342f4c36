/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Switch image…": `bootc switch` to another image. The reference is validated here, before anything
 * runs; only a validated ImageTarget can reach the backend's argv builder.
 */

import { useState } from "react";

import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { isSwitchTransport, SWITCH_TRANSPORTS, switchIsUnchanged, validateImageTarget } from "../../backend";
import type { ApplyMode, HostModel, SwitchTransport } from "../../backend";
import { ActionError, useAction } from "../common/action";
import { Alert } from "../common/alert";
import { DialogFooter } from "../common/dialog-footer";
import { useDialogs } from "../common/dialogs";
import { imageReferenceText, transportName } from "../common/image-text";
import { isPathTransport, referenceIssueText, transportExample } from "../common/reference-text";
import { ValidatedInput } from "../common/validated-input";
import { _ } from "../i18n";
import { useBackend, useHostFacts } from "../state/context";

import { SwitchApplyChoice, SwitchConsequences, TrackedImage, UnchangedNotice } from "./switch-common";

export function SwitchDialog({ host }: { host: HostModel }) {
    const client = useBackend();
    const { close: onClose } = useDialogs();
    const facts = useHostFacts();
    const tracked = host.tracked;
    const [transport, setTransport] = useState<SwitchTransport>(
        tracked && isSwitchTransport(tracked.transport) ? tracked.transport : "registry",
    );
    const [image, setImage] = useState("");
    const [touched, setTouched] = useState(false);
    // switching without the flag drops enforcement: keep what the tracked image has
    const [enforce, setEnforce] = useState(tracked?.signature.kind === "container-policy");
    const [retain, setRetain] = useState(false);
    const [mode, setMode] = useState<ApplyMode>("stage");
    const [softReboot, setSoftReboot] = useState(false);
    const action = useAction();

    const result = validateImageTarget(transport, image);
    const unchanged = result.ok && switchIsUnchanged(tracked, result.value, enforce);
    const what = isPathTransport(transport) ? "path" : "reference";
    const issue = touched && !result.ok ? referenceIssueText(result.issue, what) : null;
    const dropsEnforcement = tracked?.signature.kind === "container-policy" && !enforce;

    const start = () => {
        setTouched(true);
        if (!result.ok || unchanged || !facts)
            return;
        action.run(() => client.startSwitch({
            target: result.value,
            enforceSignaturePolicy: enforce,
            retain,
            mode,
            softReboot,
        }), onClose);
    };

    return (
        <Modal
            id="switch-dialog" isOpen variant="medium" onClose={onClose} aria-labelledby="switch-dialog-title"
            elementToFocus="#switch-dialog-image"
        >
            <ModalHeader
                labelId="switch-dialog-title"
                title={_("Switch image")}
                description={tracked
                    ? <TrackedImage name={tracked.name} transport={tracked.transport} />
                    : _("The system does not track a container image yet.")}
            />
            <ModalBody>
                <Form id="switch-form" onSubmit={event => { event.preventDefault(); start(); }}>
                    <FormGroup label={_("Transport")} fieldId="switch-dialog-transport">
                        <FormSelect
                            id="switch-dialog-transport"
                            value={transport}
                            onChange={(_event, value) => isSwitchTransport(value) && setTransport(value)}
                            aria-label={_("Transport")}
                        >
                            {SWITCH_TRANSPORTS.map(t => (
                                <FormSelectOption key={t} value={t} label={transportName(t)} />
                            ))}
                        </FormSelect>
                    </FormGroup>
                    <FormGroup
                        label={isPathTransport(transport) ? _("Path") : _("Image")}
                        isRequired
                        fieldId="switch-dialog-image"
                    >
                        <ValidatedInput
                            id="switch-dialog-image"
                            value={image}
                            onChange={setImage}
                            onBlur={() => setTouched(image !== "")}
                            issue={issue}
                            errorId="switch-dialog-image-error"
                            help={transportExample(transport)}
                            helpId="switch-dialog-image-help"
                        />
                    </FormGroup>
                    <FormGroup fieldId="switch-dialog-enforce" isStack>
                        <Checkbox
                            id="switch-dialog-enforce"
                            isChecked={enforce}
                            onChange={(_event, checked) => setEnforce(checked)}
                            label={_("Enforce the container signature policy")}
                            description={_("Verify the image as /etc/containers/policy.json says. bootc refuses this when the policy accepts any image (“insecureAcceptAnything”).")}
                        />
                        {dropsEnforcement && (
                            <Alert id="switch-dialog-enforce-warning" isInline isPlain variant="warning" title={_("The tracked image is verified with the signature policy; the new one would not be.")} />
                        )}
                        <Checkbox
                            id="switch-dialog-retain"
                            isChecked={retain}
                            onChange={(_event, checked) => setRetain(checked)}
                            label={_("Keep the previous image")}
                            description={_("Keep the current image in bootc's storage even when no deployment uses it any more, so switching back needs no download.")}
                        />
                    </FormGroup>
                    {unchanged && <UnchangedNotice id="switch-dialog-unchanged" host={host} />}
                    {result.ok && !unchanged && (
                        <SwitchConsequences
                            id="switch-dialog-consequences"
                            host={host}
                            image={imageReferenceText(image, transport)}
                        />
                    )}
                    <SwitchApplyChoice
                        id="switch-dialog"
                        host={host}
                        facts={facts}
                        mode={mode}
                        onMode={setMode}
                        softReboot={softReboot}
                        onSoftReboot={setSoftReboot}
                    />
                    <ActionError id="switch-dialog-error" title={_("The switch could not start")} text={action.error} />
                </Form>
            </ModalBody>
            <DialogFooter
                id="switch-dialog-start"
                label={mode === "apply" ? _("Switch and reboot") : _("Switch")}
                variant={mode === "apply" ? "warning" : "primary"}
                onStart={start}
                action={action}
                isDisabled={!facts || unchanged}
            />
        </Modal>
    );
}
