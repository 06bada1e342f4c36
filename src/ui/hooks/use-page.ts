/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The page's state: the host (bootc status) and the host's long operation. bootc status waits for the
 * sysroot lock that an operation holds, so the host is not read until it is known that none of ours
 * runs, nor while one does; when one ends, the host is read again.
 */

import { useCallback, useEffect, useRef, useState } from "react";

import { useBackend } from "../backend-context";
import { HostMonitor } from "./host-monitor";
import type { HostView } from "./host-monitor";
import { isRunning, OperationMonitor } from "./operation-monitor";
import type { OperationMonitorState } from "./operation-monitor";

export interface PageState extends OperationMonitorState {
    host: HostView;
    /** read bootc status again (after the page's own commands) */
    refresh: () => void;
}

export function usePage(): PageState {
    const client = useBackend();
    const [host, setHost] = useState<HostView>({ kind: "loading" });
    const [operation, setOperation] = useState<OperationMonitorState>({ view: { kind: "unknown" }, lastCheck: null });
    const monitor = useRef<HostMonitor | null>(null);

    useEffect(() => {
        const hostMonitor = new HostMonitor(client, setHost, { held: true });
        let wasRunning = false;
        const operations = new OperationMonitor(client, state => {
            setOperation(state);
            const running = isRunning(state.view);
            if (state.view.kind === "unknown" || running) {
                hostMonitor.hold();
            } else {
                const reading = hostMonitor.release();
                // it ended: what it did (or failed to do) shows in a fresh status
                if (wasRunning && !reading)
                    hostMonitor.refresh();
            }
            wasRunning = running;
        });
        monitor.current = hostMonitor;
        hostMonitor.start();
        operations.start();
        return () => {
            operations.stop();
            hostMonitor.stop();
            monitor.current = null;
        };
    }, [client]);

    const refresh = useCallback(() => monitor.current?.refresh(), []);
    return { host, ...operation, refresh };
}
