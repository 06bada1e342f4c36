/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Reboot now?": the one confirmation before every reboot the page causes: `systemctl reboot`, or
 * applying a download-only update with `bootc upgrade --from-downloaded --apply`.
 */

import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import type { ImageInfo } from "../../backend";
import { _, format } from "../i18n";
import { useBackend, usePageStore } from "../state/context";

import { ActionError, useAction } from "./action";
import { DialogFooter } from "./dialog-footer";
import { useDialogs } from "./dialogs";

export interface RebootDialogProps {
    /** what the system boots into, e.g. a version */
    into: string;
    /** a soft reboot is prepared (/run/nextroot) */
    soft: boolean;
    /** apply the staged download-only deployment of TARGET, which reboots (bootc does) */
    apply?: { target: ImageInfo | null } | null;
}

/** Confirms a reboot into the next deployment, then reboots (or has bootc apply and reboot). */
export function RebootDialog({ into, soft, apply = null }: RebootDialogProps) {
    const store = usePageStore();
    const client = useBackend();
    const { close: onClose } = useDialogs();
    const action = useAction();
    const reboot = () => action.run(
        apply ? () => client.applyDownloaded({ rebootNow: true, target: apply.target }) : () => store.reboot(),
        onClose,
    );
    return (
        <Modal id="reboot-dialog" isOpen variant="small" onClose={onClose} aria-labelledby="reboot-dialog-title">
            <ModalHeader labelId="reboot-dialog-title" title={_("Reboot now?")} titleIconVariant="warning" />
            <ModalBody>
                {apply && <p id="reboot-dialog-apply">{format(_("bootc applies the downloaded update $0, which was not to be applied on reboot, and reboots into it."), into)}</p>}
                <p>{format(_("The system restarts into $0. Running applications and logged-in users are interrupted."), into)}</p>
                {soft && <p id="reboot-dialog-soft">{_("A soft reboot is prepared: only userspace restarts; the kernel keeps running.")}</p>}
                <ActionError
                    title={apply ? _("The update could not be applied") : _("The system could not be rebooted")}
                    text={action.error}
                />
            </ModalBody>
            <DialogFooter
                id="reboot-dialog-confirm"
                label={apply ? _("Apply and reboot") : soft ? _("Soft reboot") : _("Reboot")}
                variant="danger"
                onStart={reboot}
                action={action}
            />
        </Modal>
    );
}

