/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import type { SignaturePolicy } from "../../backend";

import { signatureHelp } from "./image-text";

/** What a signature policy means, under its name; nothing when there is nothing to add. */
export function SignatureHelp({ policy }: { policy: SignaturePolicy }) {
    const help = signatureHelp(policy);
    return help ? <div className="ct-secondary">{help}</div> : null;
}
