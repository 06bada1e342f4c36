/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { useCallback, useEffect, useRef, useState } from "react";

import { useBackend } from "../backend-context";
import { HostMonitor } from "./host-monitor";
import type { HostView } from "./host-monitor";

/** The host as the page shows it, kept current by a HostMonitor; `refresh` reads status again. */
export function useHost(): { view: HostView; refresh: () => void } {
    const client = useBackend();
    const [view, setView] = useState<HostView>({ kind: "loading" });
    const monitor = useRef<HostMonitor | null>(null);

    useEffect(() => {
        const current = new HostMonitor(client, setView);
        monitor.current = current;
        current.start();
        return () => {
            current.stop();
            monitor.current = null;
        };
    }, [client]);

    const refresh = useCallback(() => monitor.current?.refresh(), []);
    return { view, refresh };
}
