/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Which dialog each request of the dialog host (common/dialogs.tsx) shows. Features open dialogs by
 * request, so they never import each other; this list, beside app.tsx, is the one place that knows
 * them all. A request without a dialog here is a type error.
 */

import type { ReactNode } from "react";

import type { HostModel } from "../backend";

import type { DialogRequest } from "./common/dialogs";
import { RebootDialog } from "./common/reboot-dialog";
import { RollbackDialog } from "./deployments/rollback-dialog";
import { CopyDialog } from "./host-images/copy-dialog";
import { SwitchDialog } from "./switch/switch-dialog";
import { TagDialog } from "./switch/tag-dialog";
import { UpdateDialog } from "./updates/update-dialog";

/** The dialog for REQUEST, over the host as it is now. */
export function renderDialog(request: DialogRequest, host: HostModel): ReactNode {
    switch (request.kind) {
    case "update":
        return <UpdateDialog host={host} update={request.update} />;
    case "rollback":
        // the rollback deployment may be gone by the time the host is read again
        return host.rollback && <RollbackDialog host={host} rollback={host.rollback} />;
    case "switch":
        return <SwitchDialog host={host} />;
    case "tag":
        return <TagDialog host={host} />;
    case "copy":
        return <CopyDialog image={request.image} source={request.source} />;
    case "reboot":
        return <RebootDialog into={request.into} soft={request.soft} apply={request.apply ?? null} />;
    }
}
