/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The dialog host: every dialog of the page opens through it, one at a time. A dialog is asked for by
 * name and data (a DialogRequest) from anywhere — a card, a banner, another dialog — so no feature
 * imports another's components; src/ui/dialogs.tsx says which component each request shows. The
 * dialog reads the page store itself, so it stays current while it is open, and closes itself with
 * useDialogs().close().
 */

import { createContext, Fragment, useContext, useMemo, useState } from "react";
import type { ReactNode } from "react";

import type { AvailableUpdate, HostImage, ImageInfo, ImageTarget } from "../../backend";

export type DialogRequest =
    /** "Update…" to the update bootc found */
    | { kind: "update"; update: AvailableUpdate }
    /** "Roll back…" to the rollback deployment */
    | { kind: "rollback" }
    | { kind: "switch" }
    | { kind: "tag" }
    /** "Copy to container storage…" for a host image whose reference the page understands */
    | { kind: "copy"; image: HostImage; source: ImageTarget }
    /**
     * "Reboot now?" into INTO (a version); SOFT: a soft reboot is prepared. With APPLY, the staged
     * download-only deployment (of that image) is applied first: `bootc upgrade --from-downloaded --apply`.
     */
    | { kind: "reboot"; into: string; soft: boolean; apply?: { target: ImageInfo | null } };

export interface Dialogs {
    /** Shows the dialog, in place of the one that is open. */
    open(request: DialogRequest): void;
    close(): void;
}

const DialogsContext = createContext<Dialogs | null>(null);

export function useDialogs(): Dialogs {
    const dialogs = useContext(DialogsContext);
    if (!dialogs)
        throw new Error("useDialogs() outside of <DialogHost>");
    return dialogs;
}

/**
 * Renders CHILDREN and, beside them, the open dialog as RENDER makes it. Opening or closing a dialog
 * renders only the dialog: CHILDREN are the same elements, so React does not render them again.
 */
export interface DialogHostProps {
    /** the dialog for a request */
    render: (request: DialogRequest) => ReactNode;
    children: ReactNode;
}

export function DialogHost({ render, children }: DialogHostProps) {
    const [open, setOpen] = useState<{ request: DialogRequest; serial: number } | null>(null);
    const dialogs = useMemo<Dialogs>(() => ({
        // a new serial mounts the next dialog afresh, even one of the same kind
        open: request => setOpen(previous => ({ request, serial: (previous?.serial ?? 0) + 1 })),
        close: () => setOpen(null),
    }), []);
    return (
        <DialogsContext.Provider value={dialogs}>
            {children}
            {open && <Fragment key={open.serial}>{render(open.request)}</Fragment>}
        </DialogsContext.Provider>
    );
}
