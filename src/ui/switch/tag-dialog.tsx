/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Change tag…": the tracked registry image's repository with another tag. `bootc upgrade --tag` on
 * bootc ≥ 1.15; otherwise (and for a digest-pinned image) `bootc switch` to repository:tag. The dialog
 * says which one runs.
 */

import { useState } from "react";

import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { splitImageName, tagChangePlan, trackedTag, validateTag } from "../../backend";
import type { ApplyMode, HostModel, TagPlan } from "../../backend";
import { ActionError, useAction } from "../common/action";
import { Alert } from "../common/alert";
import { DialogFooter } from "../common/dialog-footer";
import { useDialogs } from "../common/dialogs";
import { referenceIssueText } from "../common/reference-text";
import { ValidatedInput } from "../common/validated-input";
import { _, format } from "../i18n";
import { useBackend, useHostFacts } from "../state/context";

import { SwitchApplyChoice, SwitchConsequences, TrackedImage, UnchangedNotice } from "./switch-common";

/** How the change runs, in the admin's words. */
function planText(plan: TagPlan, bootcVersion: string | null): string | null {
    switch (plan.kind) {
    case "upgrade-tag":
        return format(_("Runs “bootc upgrade --tag=$0”."), plan.tag);
    case "switch":
        return plan.reason === "pinned"
            ? format(_("The tracked image is pinned to a digest. Runs “bootc switch $0”; the system follows the tag from now on."), plan.image)
            : format(_("$0 has no “upgrade --tag” (it came in bootc 1.15). Runs “bootc switch $1” instead."), bootcVersion ?? "bootc", plan.image);
    default:
        return null;
    }
}

export function TagDialog({ host }: { host: HostModel }) {
    const client = useBackend();
    const { close: onClose } = useDialogs();
    const facts = useHostFacts();
    const tracked = host.tracked;
    const [tag, setTag] = useState(trackedTag(tracked) ?? "");
    const [touched, setTouched] = useState(false);
    const [mode, setMode] = useState<ApplyMode>("stage");
    const [softReboot, setSoftReboot] = useState(false);
    const action = useAction();

    const validated = validateTag(tag);
    const plan = validated.ok && facts ? tagChangePlan(tracked, validated.value, facts.version) : null;
    const issue = touched && !validated.ok ? referenceIssueText(validated.issue, "tag") : null;
    const runnable = plan?.kind === "upgrade-tag" || plan?.kind === "switch";

    const start = () => {
        setTouched(true);
        if (!plan || !runnable || !facts)
            return;
        action.run(() => client.changeTag(plan, { mode, softReboot }), onClose);
    };

    const repository = tracked ? splitImageName(tracked.name).repository : "";
    return (
        <Modal
            id="tag-dialog" isOpen variant="medium" onClose={onClose} aria-labelledby="tag-dialog-title"
            elementToFocus="#tag-dialog-tag"
        >
            <ModalHeader
                labelId="tag-dialog-title"
                title={_("Change tag")}
                description={tracked && <TrackedImage name={tracked.name} transport={tracked.transport} />}
            />
            <ModalBody>
                <Form id="tag-form" onSubmit={event => { event.preventDefault(); start(); }}>
                    <FormGroup label={format(_("Tag of $0"), repository)} isRequired fieldId="tag-dialog-tag">
                        <ValidatedInput
                            id="tag-dialog-tag"
                            value={tag}
                            onChange={value => {
                                setTag(value);
                                setTouched(true);
                            }}
                            issue={issue}
                            errorId="tag-dialog-error-text"
                            help={plan && plan.kind !== "impossible"
                                ? format(_("New image: $0"), plan.image)
                                : _("For example 42, 43 or latest")}
                            helpId="tag-dialog-image"
                        />
                    </FormGroup>
                    {plan?.kind === "unchanged" && <UnchangedNotice id="tag-unchanged" host={host} />}
                    {plan?.kind === "impossible" && (
                        <Alert
                            id="tag-impossible"
                            isInline
                            variant="danger"
                            title={_("The tag of this image cannot be changed here")}
                        >
                            {plan.reason === "not-registry" ? _("Only images from a container registry have tags. Use “Switch image” instead.") : _("The tracked reference cannot take a tag. Use “Switch image” instead.")}
                        </Alert>
                    )}
                    {runnable && (
                        <>
                            <SwitchConsequences id="tag-consequences" host={host} image={plan.image} />
                            <p id="tag-dialog-plan" className="ct-secondary">
                                {planText(plan, facts?.version?.raw ?? null)}
                            </p>
                        </>
                    )}
                    <SwitchApplyChoice
                        id="tag-dialog"
                        host={host}
                        facts={facts}
                        mode={mode}
                        onMode={setMode}
                        softReboot={softReboot}
                        onSoftReboot={setSoftReboot}
                    />
                    <ActionError
                        id="tag-dialog-error"
                        title={_("The tag change could not start")}
                        text={action.error}
                    />
                </Form>
            </ModalBody>
            <DialogFooter
                id="tag-dialog-start"
                label={mode === "apply" ? _("Change and reboot") : _("Change tag")}
                variant={mode === "apply" ? "warning" : "primary"}
                onStart={start}
                action={action}
                isDisabled={!facts || (validated.ok && !runnable)}
            />
        </Modal>
    );
}
