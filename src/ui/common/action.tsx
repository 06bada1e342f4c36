/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What every button that asks the host for something shares: it is pending until the backend answers, and
 * a refusal is kept as text to show next to it.
 */

import { useState } from "react";


import { usePageStore } from "../state/context";

import { Alert } from "./alert";
import { errorText } from "./problem-text";

export interface Action {
    /** the backend has not answered yet */
    pending: boolean;
    /** why the last attempt failed, or null */
    error: string | null;
    /** runs `start`; `onDone` when it resolves (the action stays pending then: the caller usually closes) */
    run: (start: () => Promise<unknown>, onDone?: () => void) => void;
}

export function useAction(): Action {
    const store = usePageStore();
    const [pending, setPending] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const run = (start: () => Promise<unknown>, onDone?: () => void) => {
        setPending(true);
        setError(null);
        start().then(
            () => {
                if (onDone)
                    onDone();
                else
                    setPending(false);
            },
            (failure: unknown) => {
                setPending(false);
                setError(errorText(failure));
                // a refusal may come from something the page does not know yet (bootc run by others)
                store.refresh();
            },
        );
    };
    return { pending, error, run };
}

/** A refusal in a dialog: a heading, and bootc's (or Cockpit's) words. */
export function ActionError({ id, title, text }: { id?: string; title: string; text: string | null }) {
    if (!text)
        return null;
    return (
        <Alert {...(id ? { id } : {})} isInline variant="danger" title={title}>
            <div className="ct-bootc-message">{text}</div>
        </Alert>
    );
}
