/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How components reach the backend and the page store: src/index.tsx provides the real client, tests a
 * fake one. The store lives as long as the provider; components read it with usePage().
 */

import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import type { ReactNode } from "react";

import type { BootcClient } from "../../backend";

import { PageStore } from "./page-store";
import type { HostFacts, PageState } from "./page-store";

interface Backend {
    client: BootcClient;
    store: PageStore;
}

const BackendContext = createContext<Backend | null>(null);

/**
 * STORE, when given, is the client's store, made and started before React first renders (src/index.tsx:
 * bootc status is then the page's first host call, not one that waits for the first render).
 */
export function BackendProvider({ client, store: given, children }: {
    client: BootcClient; store?: PageStore; children: ReactNode;
}) {
    const store = useMemo(() => given ?? new PageStore(client), [client, given]);
    useEffect(() => {
        store.start();
        return () => store.stop();
    }, [store]);
    const backend = useMemo(() => ({ client, store }), [client, store]);
    return <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>;
}

function useBackendContext(): Backend {
    const backend = useContext(BackendContext);
    if (!backend)
        throw new Error("used outside of <BackendProvider>");
    return backend;
}

/** The bootc client, for actions (starting an operation, cancelling it, …). */
export function useBackend(): BootcClient {
    return useBackendContext().client;
}

/** The page store, for its own actions (refresh, reboot). */
export function usePageStore(): PageStore {
    return useBackendContext().store;
}

/** What the page knows about the host; the component renders again when it changes. */
export function usePage(): PageState {
    const { store } = useBackendContext();
    return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/**
 * One value of what the page knows; the component renders again only when that value changes. SELECT
 * returns a part of the state or a value computed from it (a boolean, a string), never a new object:
 * a new object on every call would never be equal to the last.
 */
export function usePageValue<T>(select: (state: PageState) => T): T {
    const { store } = useBackendContext();
    return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}

/**
 * The host facts, read again when the component (a dialog that changes the next boot) mounts: the
 * timer or a prepared soft reboot may have changed since status was last read. null until first read.
 */
export function useHostFacts(): HostFacts | null {
    const store = usePageStore();
    useEffect(() => store.refreshFacts(), [store]);
    return usePage().facts;
}
