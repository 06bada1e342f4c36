// SPDX-License-Identifier: LGPL-2.1-or-later
// Renders the whole page against the real backend client over a scripted transport.
import { render } from "@testing-library/react";

import { createBootcClient } from "../../src/backend";
import ATTACH_SCRIPT from "../../src/backend/scripts/attach-operation.sh";
import UPDATE_FACTS_SCRIPT from "../../src/backend/scripts/update-facts.sh";
import { App } from "../../src/ui/app";
import { BackendProvider } from "../../src/ui/backend-context";
import type { FakeTransport } from "../fakes/fake-transport";

export const STATUS = ["bootc", "status", "--format=json", "--format-version=1"];
export const VERSION = ["bootc", "--version"];

/** What the host scripts answer unless a test says otherwise: no operation since boot, no timer. */
export function defaultScripts(transport: FakeTransport): FakeTransport {
    const own = transport.scriptHandler;
    transport.scriptHandler = (text, args) => {
        const reply = own?.(text, args);
        if (reply)
            return reply;
        if (text === ATTACH_SCRIPT)
            return { stdout: "none\n" };
        if (text === UPDATE_FACTS_SCRIPT)
            return { stdout: "timer disabled\nnextroot no\n" };
        return undefined;
    };
    return transport;
}

export function renderApp(transport: FakeTransport, statusTimeoutMs = 1000) {
    defaultScripts(transport);
    const client = createBootcClient(transport, { statusTimeoutMs });
    return render(
        <BackendProvider client={client}>
            <App />
        </BackendProvider>,
    );
}
