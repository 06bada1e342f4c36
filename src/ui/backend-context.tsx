/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How components reach the backend: src/index.tsx provides the real client, tests a fake one.
 */

import { createContext, useContext } from "react";
import type { ReactNode } from "react";

import type { BootcClient } from "../backend";

const BackendContext = createContext<BootcClient | null>(null);

export function BackendProvider({ client, children }: { client: BootcClient; children: ReactNode }) {
    return <BackendContext.Provider value={client}>{children}</BackendContext.Provider>;
}

export function useBackend(): BootcClient {
    const client = useContext(BackendContext);
    if (!client)
        throw new Error("useBackend() outside of <BackendProvider>");
    return client;
}
