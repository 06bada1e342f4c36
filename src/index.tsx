/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one place that wires the real transport (cockpit.js) to the page.
 */

import "@patternfly/react-core/dist/styles/base.css";
import "./ui/fonts.css";
import "./ui/app.css";

import { createRoot } from "react-dom/client";

import { createBootcClient } from "./backend";
import { createCockpitTransport } from "./backend/cockpit-transport";
import { App } from "./ui/app";
import { BackendProvider } from "./ui/state/context";
import { PageStore } from "./ui/state/page-store";
import { followCockpitTheme } from "./ui/theme";

function main() {
    // the language po.js set (the shell sets the direction on its frames too; standalone it is ours)
    const root = document.documentElement;
    root.lang = (cockpit.language || "en").replace("_", "-");
    root.dir = cockpit.language_direction === "rtl" ? "rtl" : "ltr";
    cockpit.translate();
    followCockpitTheme();
    const container = document.getElementById("app");
    if (!container)
        throw new Error("index.html has no #app element");
    const client = createBootcClient(createCockpitTransport());
    // bootc status first: asked now, and the page's frame rendered only once the connection is up and
    // has sent the request (the first render would otherwise hold the main thread while the WebSocket
    // waits to open, and bootc would be asked after it)
    const store = new PageStore(client);
    store.start();
    cockpit.transport.wait(() => {
        createRoot(container).render(
            <BackendProvider client={client} store={store}>
                <App />
            </BackendProvider>,
        );
    });
}

main();
