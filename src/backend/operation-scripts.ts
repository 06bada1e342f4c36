/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The host scripts behind long operations, as they are run: each with operation-lib.sh (the functions
 * they share: writing files whole, recovering a record nothing finishes, the journal, finding bootc
 * processes) in front. Tests run the same texts.
 */

import ATTACH from "./scripts/attach-operation.sh";
import PROCESSES from "./scripts/bootc-processes.sh";
import CONTROL from "./scripts/control-operation.sh";
import HISTORY from "./scripts/operation-history.sh";
import LIB from "./scripts/operation-lib.sh";
import RUN from "./scripts/run-operation.sh";
import START from "./scripts/start-operation.sh";

const withLib = (text: string) => `${LIB}\n${text}`;

/** start-operation.sh DIR ID KIND PROGRESS USER META RUNNER ARGV… */
export const START_SCRIPT = withLib(START);
/** run-operation.sh OPDIR PROGRESS ARGV… (handed to start-operation.sh as RUNNER) */
export const RUN_SCRIPT = withLib(RUN);
/** attach-operation.sh DIR */
export const ATTACH_SCRIPT = withLib(ATTACH);
/** control-operation.sh DIR ID cancel|dismiss */
export const CONTROL_SCRIPT = withLib(CONTROL);
/** bootc-processes.sh DIR */
export const PROCESSES_SCRIPT = withLib(PROCESSES);
/** operation-history.sh DIR */
export const HISTORY_SCRIPT = withLib(HISTORY);
