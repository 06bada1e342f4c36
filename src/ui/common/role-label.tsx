/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import type { DeploymentRole } from "../../backend";
import { _ } from "../i18n";

import { Label } from "./label";

/** The role in bootc's own words: "Staged", "Booted", "Rollback", "Other". */
export function roleName(role: DeploymentRole): string {
    switch (role) {
    case "staged": return _("Staged");
    case "booted": return _("Booted");
    case "rollback": return _("Rollback");
    case "other": return _("Other");
    }
}

const ROLE_COLORS: Record<DeploymentRole, "purple" | "blue" | "grey"> = {
    staged: "purple",
    booted: "blue",
    rollback: "grey",
    other: "grey",
};

export function RoleLabel({ role }: { role: DeploymentRole }) {
    return (
        <Label
            color={ROLE_COLORS[role]}
            variant={role === "other" ? "outline" : "filled"}
            className={`ct-role ct-role-${role}`}
        >
            {roleName(role)}
        </Label>
    );
}
