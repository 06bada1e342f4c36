/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Reboot now?": the one confirmation before `systemctl reboot`.
 */

import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { _, format } from "../i18n";
import { usePageStore } from "../state/context";

import { ActionError, useAction } from "./action";
import { DialogFooter } from "./dialog-footer";
import { useDialogs } from "./dialogs";

export interface RebootDialogProps {
    /** what the system boots into, e.g. a version */
    into: string;
    /** a soft reboot is prepared (/run/nextroot) */
    soft: boolean;
}

/** Confirms a reboot into the next deployment, then reboots. */
export function RebootDialog({ into, soft }: RebootDialogProps) {
    const store = usePageStore();
    const { close: onClose } = useDialogs();
    const action = useAction();
    const reboot = () => action.run(() => store.reboot(), onClose);
    return (
        <Modal id="reboot-dialog" isOpen variant="small" onClose={onClose} aria-labelledby="reboot-dialog-title">
            <ModalHeader labelId="reboot-dialog-title" title={_("Reboot now?")} titleIconVariant="warning" />
            <ModalBody>
                <p>{format(_("The system restarts into $0. Running applications and logged-in users are interrupted."), into)}</p>
                {soft && <p id="reboot-dialog-soft">{_("A soft reboot is prepared: only userspace restarts; the kernel keeps running.")}</p>}
                <ActionError title={_("The system could not be rebooted")} text={action.error} />
            </ModalBody>
            <DialogFooter
                id="reboot-dialog-confirm"
                label={soft ? _("Soft reboot") : _("Reboot")}
                variant="danger"
                onStart={reboot}
                action={action}
            />
        </Modal>
    );
}

