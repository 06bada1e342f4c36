// SPDX-License-Identifier: LGPL-2.1-or-later
// Renders the whole page against the real backend client over a scripted transport.
import { render } from "@testing-library/react";

import { createBootcClient } from "../../src/backend";
import { App } from "../../src/ui/app";
import { BackendProvider } from "../../src/ui/backend-context";
import type { FakeTransport } from "../fakes/fake-transport";

export const STATUS = ["bootc", "status", "--format=json", "--format-version=1"];
export const VERSION = ["bootc", "--version"];

export function renderApp(transport: FakeTransport, statusTimeoutMs = 1000) {
    const client = createBootcClient(transport, { statusTimeoutMs });
    return render(
        <BackendProvider client={client}>
            <App />
        </BackendProvider>,
    );
}
