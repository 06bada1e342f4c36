/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "When to apply it": the radios and the soft-reboot checkbox every dialog that changes the next boot
 * shows, and the warning about the automatic update timer.
 */

import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";

import { _ } from "../i18n";

import { Alert } from "./alert";

export interface ApplyOption<Mode extends string> {
    mode: Mode;
    label: string;
    description: string;
}

export interface ApplyChoiceProps<Mode extends string> {
    /** element ids: `${id}-mode-${mode}`, `${id}-soft-reboot` */
    id: string;
    options: ApplyOption<Mode>[];
    mode: Mode;
    onMode: (mode: Mode) => void;
    /** null: no soft-reboot checkbox */
    softReboot: {
        checked: boolean;
        disabled: boolean;
        description: string;
        onChange: (checked: boolean) => void;
    } | null;
}

export function ApplyChoice<Mode extends string>({ id, options, mode, onMode, softReboot }: ApplyChoiceProps<Mode>) {
    return (
        <>
            <FormGroup role="radiogroup" isStack fieldId={`${id}-mode`} label={_("When to apply it")}>
                {options.map(option => (
                    <Radio
                        key={option.mode}
                        id={`${id}-mode-${option.mode}`}
                        name={`${id}-mode`}
                        isChecked={mode === option.mode}
                        onChange={() => onMode(option.mode)}
                        label={option.label}
                        description={option.description}
                    />
                ))}
            </FormGroup>
            {softReboot && (
                <Checkbox
                    id={`${id}-soft-reboot`}
                    isChecked={softReboot.checked && !softReboot.disabled}
                    isDisabled={softReboot.disabled}
                    onChange={(_event, checked) => softReboot.onChange(checked)}
                    label={_("Soft reboot if possible")}
                    description={softReboot.description}
                />
            )}
        </>
    );
}

/** bootc-fetch-apply-updates.timer runs `bootc upgrade --apply`: say what that does to this choice. */
export function TimerWarning({ id, text }: { id: string; text: string }) {
    return (
        <Alert id={id} isInline variant="warning" title={_("Automatic updates are enabled")}>
            {text}
        </Alert>
    );
}
