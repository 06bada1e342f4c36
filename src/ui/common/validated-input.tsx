/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

export interface ValidatedInputProps {
    id: string;
    value: string;
    onChange: (value: string) => void;
    onBlur?: () => void;
    /** why the value is refused, or null; shown instead of the help */
    issue: string | null;
    errorId: string;
    help: React.ReactNode;
    helpId: string;
}

/** A reference, tag or name typed into a dialog: checked as it is typed, with the reason for a refusal under it. */
export function ValidatedInput({ id, value, onChange, onBlur, issue, errorId, help, helpId }: ValidatedInputProps) {
    return (
        <>
            <TextInput
                id={id}
                value={value}
                onChange={(_event, text) => onChange(text)}
                {...(onBlur ? { onBlur } : {})}
                validated={issue ? "error" : "default"}
                aria-invalid={issue !== null}
                spellCheck={false}
                autoComplete="off"
            />
            <FormHelperText>
                <HelperText>
                    {issue
                        ? <HelperTextItem id={errorId} variant="error">{issue}</HelperTextItem>
                        : <HelperTextItem id={helpId}>{help}</HelperTextItem>}
                </HelperText>
            </FormHelperText>
        </>
    );
}
