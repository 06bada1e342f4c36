// SPDX-License-Identifier: LGPL-2.1-or-later
// The executable: bundled by `make` into build/sim/bootc (#!/usr/bin/env node).
import { basename } from "node:path";

import { main } from "./cli";

main(process.argv.slice(2), basename(process.argv[1] ?? "bootc")).then(
    code => {
        process.exitCode = code;
    },
    () => {
        process.exitCode = 1;
    },
);
