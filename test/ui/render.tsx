// SPDX-License-Identifier: LGPL-2.1-or-later
// Renders the whole page against the real backend client over a scripted transport.
import { render } from "@testing-library/react";

import { createBootcClient } from "../../src/backend";
import type { OperationRequest } from "../../src/backend";
import { ATTACH_SCRIPT, START_SCRIPT } from "../../src/backend/operation-scripts";
import { createOperations } from "../../src/backend/operations";
import UPDATE_FACTS_SCRIPT from "../../src/backend/scripts/update-facts.sh";
import { App } from "../../src/ui/app";
import { BackendProvider } from "../../src/ui/state/context";
import { FakeTransport } from "../fakes/fake-transport";
import type { exited } from "../fakes/fake-transport";

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

/** The operations the page asked the backend to start, per transport. */
const requests = new WeakMap<FakeTransport, OperationRequest[]>();

export function renderApp(transport: FakeTransport, statusTimeoutMs = 1000) {
    defaultScripts(transport);
    const operations = createOperations(transport);
    const started: OperationRequest[] = [];
    requests.set(transport, started);
    const client = createBootcClient(transport, {
        statusTimeoutMs,
        operations: {
            ...operations,
            start: request => {
                started.push(request);
                return operations.start(request);
            },
        },
    });
    return render(
        <BackendProvider client={client}>
            <App />
        </BackendProvider>,
    );
}

/**
 * The operations the page started, as it asked the backend for them (whether the host then ran them
 * is the transport's answer to start-operation.sh).
 */
export function starts(transport: FakeTransport): OperationRequest[] {
    return requests.get(transport) ?? [];
}

export interface HostOptions {
    /** what `bootc --version` says (default 1.16.9) */
    version?: string;
    /** what update-facts.sh says */
    facts?: string;
    status?: string;
    /** how start-operation.sh answers (default: it starts) */
    start?: ReturnType<typeof exited>;
}

/** The page over a host whose status, version, facts and operation starts are scripted. */
export function renderHost(options: HostOptions & { status: string }): FakeTransport {
    const transport = new FakeTransport()
        .on(STATUS, { stdout: options.status })
        .on(VERSION, { stdout: `bootc ${options.version ?? "1.16.9"}\n` })
        .on(["systemctl", "reboot"], { stdout: "" });
    transport.scriptHandler = (text, args) => {
        if (text === START_SCRIPT)
            return options.start ?? { stdout: `${args[1]}\n` };
        if (text.includes("update-facts") || text.includes("nextroot"))
            return { stdout: options.facts ?? "timer disabled\nnextroot no\n" };
        return undefined;
    };
    renderApp(transport);
    return transport;
}
