/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs right after cockpit.js, before the page's own script (index.js, most of the download) has even
 * been evaluated: asks bootc for the status, which src/index.tsx's transport takes over for the page's
 * first status read. bootc status is the page's first host call, in parallel with loading the page.
 */

import { startEarly } from "./backend/cockpit-transport";
import { statusCommand } from "./backend/status-command";

// as the client asks (client.ts: root, like every status read)
startEarly(statusCommand(), { superuser: "require" });
