// SPDX-License-Identifier: LGPL-2.1-or-later
// bootc run by something else than the page (the update timer, a terminal, a bootc whose record is
// gone): the page says what runs, holds its actions as it does for its own operations, looks again
// only while one runs, and reads status once when it has ended. Damaged records and starts that never
// took off are said as such, and the operations kept on the host are listed on demand.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { createBootcClient } from "../../src/backend";
import type { OperationSnapshot } from "../../src/backend";
import { HISTORY_SCRIPT, PROCESSES_SCRIPT } from "../../src/backend/operation-scripts";
import { FOREIGN_CHECK_MS, foreignOperations, PageStore } from "../../src/ui/state/page-store";
import { FakeTransport } from "../fakes/fake-transport";
import { bootEntry, statusJson } from "../fixtures/status-builder";

import { defaultScripts, renderApp, STATUS, VERSION } from "./render";

const OP = "/run/cockpit-bootc/op";
const TIMER = "other\t812\t1763805600\tbootc-fetch-apply-updates.service\t-\t-\tupgrade --apply --quiet\n";
const OK = { stdout: statusJson({ booted: bootEntry() }) };
const TIMER_UNIT = "bootc-fetch-apply-updates.service";

/** bootc-processes.sh answers from `processes.now` */
function hostWith(transport: FakeTransport, processes: { now: string }) {
    transport.scriptHandler = text => (text === PROCESSES_SCRIPT ? { stdout: processes.now } : undefined);
    return defaultScripts(transport);
}

async function settle(): Promise<void> {
    for (let i = 0; i < 100; i++)
        await Promise.resolve();
}

const stores: PageStore[] = [];
afterEach(() => {
    for (const store of stores.splice(0))
        store.stop();
    jest.useRealTimers();
});

describe("the page store", () => {
    it("holds the lock while the timer's bootc runs, looks again every 10 s, and reads status once it ended", async () => {
        jest.useFakeTimers({ doNotFake: ["queueMicrotask"] });
        const processes = { now: TIMER };
        const transport = hostWith(new FakeTransport().on(STATUS, OK), processes);
        const store = new PageStore(createBootcClient(transport, { statusTimeoutMs: 60_000 }));
        stores.push(store);
        store.start();
        await settle();
        expect(store.getSnapshot()).toMatchObject({ locked: true, processes: [{ pid: 812 }] });
        const scans = () => transport.calls.filter(call => call.argv[2] === PROCESSES_SCRIPT).length;
        expect(scans()).toBe(1);

        // a page action's refresh meanwhile waits
        store.refresh();
        jest.advanceTimersByTime(FOREIGN_CHECK_MS - 1);
        await settle();
        expect(scans()).toBe(1);
        jest.advanceTimersByTime(1);
        await settle();
        expect(scans()).toBe(2);

        processes.now = "";
        const reads = transport.callsOf("bootc", "status").length;
        jest.advanceTimersByTime(FOREIGN_CHECK_MS);
        await settle();
        expect(store.getSnapshot()).toMatchObject({ locked: false, processes: [] });
        expect(transport.callsOf("bootc", "status").length).toBe(reads + 1);

        // and nothing more while idle
        const after = scans();
        jest.advanceTimersByTime(10 * FOREIGN_CHECK_MS);
        await settle();
        expect(scans()).toBe(after);
    });

    it("the page's own bootc, seen while its operation ran, is no other operation once the record says it ended", async () => {
        const processes = { now: "ours\t42\t1763805600\t-\troot\t-\tupgrade --progress-fd=3\n" };
        // status waits for the lock while the update runs
        const transport = hostWith(new FakeTransport().on(STATUS, { hang: true }, OK), processes);
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind: "update", argv: ["bootc", "upgrade", "--progress-fd=3"],
            startedAt: "2026-11-22T10:00:00Z",
        }));
        transport.files.set(`${OP}/state`, "running 42\n");
        const store = new PageStore(createBootcClient(transport, { statusTimeoutMs: 60_000 }));
        stores.push(store);
        store.start();
        await settle();
        expect(store.getSnapshot()).toMatchObject({ locked: true, processes: [{ pid: 42, ours: true }] });
        expect(foreignOperations(store.getSnapshot())).toEqual([]);

        // it ends (nothing runs any more, but the list was read while it ran)
        processes.now = "";
        transport.setFile(`${OP}/state`, "exited 0 1763805600\n");
        await settle();
        expect(store.getSnapshot()).toMatchObject({ locked: false, processes: [], status: { kind: "ready" } });
        expect(transport.openCallsOf("bootc", "status")).toHaveLength(1);
    });

    it("an idle page learns of the timer's run when systemd says its service started, without polling", async () => {
        const processes = { now: "" };
        const transport = new FakeTransport().on(STATUS, OK).on(VERSION, { stdout: "bootc 1.16.9\n" });
        transport.scriptHandler = text => {
            if (text === PROCESSES_SCRIPT)
                return { stdout: processes.now };
            return text.includes("nextroot") ? { stdout: "timer enabled\nnextroot no\nsystemd yes\n" } : undefined;
        };
        defaultScripts(transport);
        const store = new PageStore(createBootcClient(transport, { statusTimeoutMs: 60_000 }));
        stores.push(store);
        store.start();
        await settle();
        expect(store.getSnapshot()).toMatchObject({ locked: false, processes: [] });
        expect(transport.unitWatcherCount(TIMER_UNIT)).toBe(1);
        processes.now = TIMER;
        transport.fireUnitChange("bootc-fetch-apply-updates.service");
        await settle();
        expect(store.getSnapshot()).toMatchObject({ locked: true, processes: [{ pid: 812, unit: TIMER_UNIT }] });
    });

    it("where systemd does not run, its bus is not asked", async () => {
        const transport = hostWith(new FakeTransport().on(STATUS, OK), { now: "" });
        const store = new PageStore(createBootcClient(transport));
        stores.push(store);
        store.start();
        await settle();
        expect(store.getSnapshot().facts).not.toBeNull();
        expect(transport.unitWatcherCount(TIMER_UNIT)).toBe(0);
    });

    it("the page's own bootc is no other operation, unless its record cannot be trusted", () => {
        const ours = {
            ours: true, pid: 900, startedAt: null, unit: null, user: null, terminal: false, args: "upgrade",
        };
        const other = { ...ours, ours: false, pid: 812 };
        const running = {
            kind: "current" as const,
            snapshot: { state: { kind: "running" as const, pid: 42 } } as OperationSnapshot,
        };
        expect(foreignOperations({ processes: [ours, other], operation: running })).toEqual([other]);
        expect(foreignOperations({ processes: [ours], operation: { kind: "damaged", damage: "mismatch" } }))
            .toEqual([ours]);
        expect(foreignOperations({ processes: [ours], operation: { kind: "none" } })).toEqual([ours]);
    });
});

describe("on the page", () => {
    it("the timer's run says what runs, since when, and that it reboots; actions wait", async () => {
        const transport = new FakeTransport().on(STATUS, { hang: true }).on(VERSION, { stdout: "bootc 1.16.9\n" });
        hostWith(transport, { now: TIMER });
        renderApp(transport, 60_000);
        const card = await screen.findByText("The automatic update service is running bootc");
        const foreign = card.closest(".ct-foreign-operation") as HTMLElement;
        expect(foreign.textContent).toContain("bootc upgrade --apply --quiet");
        expect(foreign.textContent).toContain("Process 812, running since");
        expect(foreign.textContent).toContain("It reboots the system when it is done.");
        expect(document.querySelector("#state-loading")).toBeNull();
    });

    it("an admin's bootc in a terminal, and one whose record is damaged", async () => {
        const transport = new FakeTransport().on(STATUS, OK).on(VERSION, { stdout: "bootc 1.16.9\n" });
        hostWith(transport, { now: "ours\t900\t-\t-\talice\ttty\tswitch quay.io/x:1\n" });
        transport.files.set(`${OP}/meta.json`, "{\"id\":\"op-1\",\"ki");
        transport.files.set(`${OP}/state`, "running 42\n");
        renderApp(transport);
        const card = await screen.findByText("alice is running bootc");
        expect(card.closest(".ct-foreign-operation")?.textContent)
            .toContain("The page's record of its operation cannot be read");
    });

    it("a damaged record with nothing running: said once, and the host is shown", async () => {
        const transport = new FakeTransport().on(STATUS, OK).on(VERSION, { stdout: "bootc 1.16.9\n" });
        hostWith(transport, { now: "" });
        transport.files.set(`${OP}/meta.json`, "not json");
        transport.files.set(`${OP}/state`, "exited 0 1763805600\n");
        renderApp(transport);
        await waitFor(() => expect(document.querySelector("#operation-record-damaged")).not.toBeNull());
        expect(document.querySelector("#operation-record-damaged")?.getAttribute("data-damage")).toBe("unreadable");
        expect(document.querySelector("#deployments")).not.toBeNull();
    });

    it("a start that never took off says bootc never ran", async () => {
        const transport = new FakeTransport().on(STATUS, OK).on(VERSION, { stdout: "bootc 1.16.9\n" });
        hostWith(transport, { now: "" });
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind: "update", argv: ["bootc", "upgrade"], startedAt: "2026-11-22T10:00:00Z",
        }));
        transport.files.set(`${OP}/state`, "lost not-started 1763805600\n");
        renderApp(transport);
        await screen.findByText("The operation did not start");
        expect(document.querySelector("#operation-result")?.textContent).toContain("bootc was never run");
    });
});

describe("recent operations", () => {
    it("are read only when opened: when, the command, who, and how each ended", async () => {
        const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
        const record = (id: string, files: Record<string, string>) => Object.entries(files)
            .map(([name, content]) => `${id}\t${name}\t${b64(content)}`).join("\n");
        const transport = new FakeTransport().on(STATUS, OK).on(VERSION, { stdout: "bootc 1.16.9\n" });
        transport.scriptHandler = text => (text === HISTORY_SCRIPT ? {
            stdout: [
                record("u-2", {
                    "meta.json": JSON.stringify({
                        id: "u-2", kind: "update", argv: ["bootc", "upgrade", "--progress-fd=3"],
                        startedAt: "2026-11-22T10:00:00Z",
                    }),
                    state: "exited 1 1763805600\n", user: "alice\n",
                    stderr: "error: Upgrading: Insufficient free space for x (available: 1 GB required: 2 GB)\n",
                }),
                record("c-1", {
                    "meta.json": JSON.stringify({
                        id: "c-1", kind: "check", argv: ["bootc", "upgrade", "--check"],
                        startedAt: "2026-11-22T09:00:00Z",
                    }),
                    state: "exited 0 1763802000\n", user: "bob\n", stdout: "No changes in: quay.io/x:1\n",
                }),
            ].join("\n"),
        } : undefined);
        defaultScripts(transport);
        renderApp(transport);
        const toggle = await screen.findByRole("button", { name: "Recent operations" });
        expect(transport.calls.some(call => call.argv[2] === HISTORY_SCRIPT)).toBe(false);
        await userEvent.click(toggle);
        const rowsOf = () => [...document.querySelectorAll("#operation-history-table tr.ct-history-row")];
        await waitFor(() => expect(rowsOf()).toHaveLength(2));
        const rows = rowsOf().map(row => row.textContent);
        expect(rows[0]).toContain("bootc upgrade --progress-fd=3");
        expect(rows[0]).toContain("alice");
        expect(rows[0]).toContain("Failed: Insufficient free space");
        expect(rows[1]).toContain("bob");
        expect(rows[1]).toContain("Succeeded");
    });
});
