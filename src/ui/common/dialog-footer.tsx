/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { ModalFooter } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { _ } from "../i18n";

import type { Action } from "./action";
import { useDialogs } from "./dialogs";

export interface DialogFooterProps {
    /** the primary button's element id */
    id: string;
    label: string;
    /** "warning" or "danger" when it changes or reboots the system */
    variant: "primary" | "warning" | "danger";
    onStart: () => void;
    /** the action the button runs: while it is pending the button shows a spinner */
    action: Action;
    /** disabled for another reason than the action pending (the dialog is not ready, or says why not) */
    isDisabled?: boolean;
}

/** A dialog's primary button and "Cancel", which closes it. */
export function DialogFooter({ id, label, variant, onStart, action, isDisabled = false }: DialogFooterProps) {
    const { close } = useDialogs();
    return (
        <ModalFooter>
            <Button
                id={id}
                variant={variant}
                onClick={onStart}
                isDisabled={isDisabled || action.pending}
                isLoading={action.pending}
            >
                {label}
            </Button>
            <Button variant="link" onClick={close}>{_("Cancel")}</Button>
        </ModalFooter>
    );
}
