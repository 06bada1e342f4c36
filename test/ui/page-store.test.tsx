// SPDX-License-Identifier: LGPL-2.1-or-later
// The page store: reads status on start, on /ostree/bootc changes and privilege changes, never
// overlaps reads, retries by itself only while bootc is busy, reads nothing while an operation holds
// the lock, and reads the facts and the image report with status.
import { createBootcClient } from "../../src/backend";
import { ATTACH_SCRIPT } from "../../src/backend/operation-scripts";
import IMAGES_SCRIPT from "../../src/backend/scripts/bound-images.sh";
import { busyRetryDelay, PageStore, readyHost } from "../../src/ui/state/page-store";
import type { PageState } from "../../src/ui/state/page-store";
import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, statusJson } from "../fixtures/status-builder";

import { defaultScripts } from "./render";

const STATUS = ["bootc", "status", "--format=json", "--format-version=1"];
const OK = { stdout: statusJson({ booted: bootEntry() }) };
const OP = "/run/cockpit-bootc/op";

function deferred() {
    let resolve!: (value: string) => void;
    const promise = new Promise<string>(r => {
        resolve = r;
    });
    return { promise, resolve };
}

const stores: PageStore[] = [];
afterEach(() => {
    for (const store of stores.splice(0))
        store.stop();
    jest.useRealTimers();
});

function store(transport: FakeTransport, timeoutMs = 50) {
    defaultScripts(transport);
    const s = new PageStore(createBootcClient(transport, { statusTimeoutMs: timeoutMs }));
    const states: PageState[] = [];
    s.subscribe(() => states.push(s.getSnapshot()));
    stores.push(s);
    return { s, states, last: () => s.getSnapshot() };
}

async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++)
        await Promise.resolve();
}

test("reads once on start, once it knows no operation holds the lock, and becomes ready", async () => {
    const transport = new FakeTransport().on(STATUS, OK);
    const { s, last } = store(transport);
    expect(last()).toMatchObject({ status: { kind: "loading" }, operation: { kind: "unknown" }, locked: true });
    s.start();
    await settle();
    expect(last()).toMatchObject({
        status: { kind: "ready", refreshing: false, stale: null }, operation: { kind: "none" }, locked: false,
    });
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
});

test("status is asked for before the operation record is read, and shown with it and the check it keeps", async () => {
    let attached!: (stdout: string) => void;
    const attach = new Promise<string>(resolve => {
        attached = resolve;
    });
    const transport = new FakeTransport().on(STATUS, OK);
    transport.scriptHandler = text => (text === ATTACH_SCRIPT ? { deferred: attach } : undefined);
    const { s, states, last } = store(transport, 60_000);
    s.start();
    await settle();
    // bootc answered, but whether an operation holds the lock (and what the last check found) is not known yet
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    expect(last()).toMatchObject({ status: { kind: "loading" }, operation: { kind: "unknown" } });
    attached("none\n");
    await settle();
    await settle();
    expect(last()).toMatchObject({ status: { kind: "ready" }, operation: { kind: "none" }, lastCheck: null });
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    // the host appears in the same state as the record: never "ready" with the operation unknown
    expect(states.some(state => state.status.kind === "ready" && state.operation.kind === "unknown")).toBe(false);
});

test("a finished operation's record is no reason to hold status back or read it twice", async () => {
    const transport = new FakeTransport().on(STATUS, OK);
    transport.writeRecord(OP, JSON.stringify({
        id: "op-0", kind: "update", argv: ["bootc", "upgrade"], startedAt: "2026-11-22T09:00:00Z",
    }));
    transport.files.set(`${OP}/state`, "exited 0 1763805000\n");
    const { s, states, last } = store(transport, 60_000);
    s.start();
    await settle();
    await settle();
    expect(last()).toMatchObject({ status: { kind: "ready" }, operation: { kind: "current" }, locked: false });
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    expect(transport.openCallsOf("bootc", "status")).toHaveLength(1);
    // it was never shown running, not even before its state was read
    expect(states.some(state => state.operation.kind === "current" && state.locked)).toBe(false);
});

test("a change of /ostree/bootc reads again; a privilege change too", async () => {
    const transport = new FakeTransport().on(STATUS, OK);
    const { s } = store(transport);
    s.start();
    await settle();
    transport.fireChange("/ostree/bootc");
    await settle();
    transport.firePrivilegesChanged();
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(3);
});

test("requests during a read are coalesced into one more read", async () => {
    const first = deferred();
    const transport = new FakeTransport().on(STATUS, { deferred: first.promise }, OK);
    const { s, states } = store(transport, 10_000);
    s.start();
    await settle();
    transport.fireChange("/ostree/bootc");
    transport.fireChange("/ostree/bootc");
    s.refresh();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    first.resolve(OK.stdout);
    await settle();
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(2);
    const readings = states.map(state => state.status).filter((status, i, all) => status !== all[i - 1]);
    expect(readings.filter(status => status.kind === "ready" && !status.refreshing)).toHaveLength(2);
});

test("no reads while idle: nothing happens without a trigger", async () => {
    jest.useFakeTimers();
    const transport = new FakeTransport().on(STATUS, OK);
    const { s } = store(transport);
    s.start();
    await settle();
    jest.advanceTimersByTime(10 * 60_000);
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
});

test("busy: retries with growing delays only while busy, then stops retrying", async () => {
    jest.useFakeTimers();
    const transport = new FakeTransport().on(STATUS, { hang: true }, { hang: true }, OK);
    const { s, last } = store(transport, 100);
    s.start();
    await settle();
    jest.advanceTimersByTime(100); // first read times out
    await settle();
    expect(last().status).toMatchObject({ kind: "problem", problem: { kind: "busy" } });
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);

    jest.advanceTimersByTime(busyRetryDelay(0) - 1);
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    jest.advanceTimersByTime(1); // retry 1
    expect(transport.callsOf("bootc", "status")).toHaveLength(2);
    jest.advanceTimersByTime(100); // times out again
    await settle();
    jest.advanceTimersByTime(busyRetryDelay(1)); // retry 2, which answers
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(3);
    expect(last().status).toMatchObject({ kind: "ready" });

    jest.advanceTimersByTime(10 * 60_000);
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(3);
});

test("busy: a change of /ostree/bootc retries at once", async () => {
    jest.useFakeTimers();
    const transport = new FakeTransport().on(STATUS, { hang: true }, OK);
    const { s, last } = store(transport, 100);
    s.start();
    await settle();
    jest.advanceTimersByTime(100);
    await settle();
    expect(last().status).toMatchObject({ kind: "problem", problem: { kind: "busy" } });
    transport.fireChange("/ostree/bootc");
    await settle();
    expect(last().status).toMatchObject({ kind: "ready" });
    jest.advanceTimersByTime(60_000);
    expect(transport.callsOf("bootc", "status")).toHaveLength(2);
});

test("a failing refresh keeps the last reading and says why it may be stale", async () => {
    const transport = new FakeTransport().on(STATUS, OK, exited("error: Status: boom\n"), OK);
    const { s, last } = store(transport);
    s.start();
    await settle();
    transport.fireChange("/ostree/bootc");
    await settle();
    expect(last().status).toMatchObject({ kind: "ready", stale: { kind: "failed", summary: "boom" } });
    transport.fireChange("/ostree/bootc");
    await settle();
    expect(last().status).toMatchObject({ kind: "ready", stale: null });
});

test("losing admin access is no passing problem: the reading is dropped", async () => {
    const transport = new FakeTransport()
        .on(STATUS, OK, exited("error: This command must be executed as the root user\n"));
    const { s, last } = store(transport);
    s.start();
    await settle();
    transport.fireChange("/ostree/bootc");
    await settle();
    expect(last().status).toMatchObject({ kind: "problem", problem: { kind: "admin-required" } });
});

test("stop disposes the watches and ignores late answers", async () => {
    const answer = deferred();
    const transport = new FakeTransport().on(STATUS, { deferred: answer.promise });
    const { s, states } = store(transport, 10_000);
    s.start();
    await settle();
    expect(transport.watcherCount("/ostree/bootc")).toBe(1);
    s.stop();
    expect(transport.watcherCount("/ostree/bootc")).toBe(0);
    const seen = states.length;
    answer.resolve(OK.stdout);
    await settle();
    expect(states).toHaveLength(seen);
    transport.firePrivilegesChanged();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
});

test("retry delays grow to 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(busyRetryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

describe("the lock rule", () => {
    const running = JSON.stringify({
        id: "op-1", kind: "update", argv: ["bootc", "upgrade"], startedAt: "2026-11-22T10:00:00Z",
    });

    test("an operation runs: the first read, waiting for its lock, is closed; nothing else is read, not even the image listings; one read after it ends", async () => {
        // bootc status waits for the sysroot lock while the operation holds it
        const transport = new FakeTransport().on(STATUS, { hang: true }, OK);
        transport.writeRecord(OP, running);
        transport.files.set(`${OP}/state`, "running 42\n");
        const { s, last } = store(transport, 60_000);
        s.start();
        // asked for at once, before the record was read
        expect(transport.callsOf("bootc", "status")).toHaveLength(1);
        await settle();
        expect(last()).toMatchObject({ locked: true, status: { kind: "loading" }, operation: { kind: "current" } });
        expect(transport.openCallsOf("bootc", "status")).toHaveLength(0);
        transport.fireChange("/ostree/bootc");
        transport.fireChange("/ostree/bootc");
        s.refresh();
        await settle();
        expect(transport.callsOf("bootc", "status")).toHaveLength(1);
        expect(transport.callsOf("bootc", "image")).toHaveLength(0);
        expect(last().status).toMatchObject({ kind: "loading" });

        transport.setFile(`${OP}/state`, "exited 0 1763805600\n");
        await settle();
        await settle();
        expect(last().locked).toBe(false);
        expect(transport.callsOf("bootc", "status")).toHaveLength(2);
        expect(transport.openCallsOf("bootc", "status")).toHaveLength(1);
        expect(last().status).toMatchObject({ kind: "ready" });
        // the listings follow the status read (three bootc calls, and the declarations script)
        expect(transport.callsOf("bootc", "image")).toHaveLength(3);
        expect(transport.calls.filter(call => call.argv[2] === IMAGES_SCRIPT).length).toBeGreaterThan(0);
    });

    test("an operation that ends while nothing was asked for still reads status once: what it did shows there", async () => {
        const transport = new FakeTransport().on(STATUS, OK);
        const { s } = store(transport);
        s.start();
        await settle();
        expect(transport.callsOf("bootc", "status")).toHaveLength(1);
        transport.announceRecord(OP, running);
        transport.setFile(`${OP}/state`, "running 42\n");
        await settle();
        transport.setFile(`${OP}/state`, "exited 0 1763805600\n");
        await settle();
        await settle();
        expect(transport.callsOf("bootc", "status")).toHaveLength(2);
    });
});

test("an operation first seen ended (it took less than a file read) still has status read once, and settles with it", async () => {
    const transport = new FakeTransport().on(STATUS, OK);
    const { s, states, last } = store(transport);
    s.start();
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    const seen = states.length;
    transport.files.set(`${OP}/state`, "exited 0 1763805600\n");
    transport.announceRecord(OP, JSON.stringify({
        id: "op-2", kind: "apply-downloaded", argv: ["bootc", "upgrade", "--from-downloaded"],
        startedAt: "2026-11-22T10:00:00Z",
    }));
    for (let i = 0; i < 4; i++)
        await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(2);
    // its result was shown as settling (the host from before it) until that read answered
    expect(states.slice(seen).some(state => state.settling && state.operation.kind === "current")).toBe(true);
    expect(last()).toMatchObject({ settling: false, status: { kind: "ready" }, locked: false });
});

test("the facts and the image report come with status; a dialog's request reads the facts again", async () => {
    const transport = new FakeTransport().on(STATUS, OK).on(["bootc", "--version"], { stdout: "bootc 1.12.0\n" });
    let timer = "enabled";
    transport.scriptHandler = text => (text.includes("nextroot") ? {
        stdout: `timer ${timer}\nnextroot yes\n`,
    } : undefined);
    const { s, last } = store(transport);
    s.start();
    await settle();
    await settle();
    expect(last().facts).toEqual({
        version: expect.objectContaining({ major: 1, minor: 12 }) as unknown, timerEnabled: true,
        softRebootPrepared: true,
    });
    expect(last().images).not.toBeNull();
    timer = "disabled";
    s.refreshFacts();
    await settle();
    expect(last().facts?.timerEnabled).toBe(false);
    // bootc lives in the read-only /usr: its version is read once
    expect(transport.callsOf("bootc", "--version")).toHaveLength(1);
});

test("a reboot asked for here: said until the host is read with another deployment booted", async () => {
    const transport = new FakeTransport().on(STATUS, OK).on(["systemctl", "reboot"], { stdout: "" });
    const { s, last } = store(transport);
    s.start();
    await settle();
    await s.reboot();
    const booted = readyHost(last())?.booted?.id;
    expect(booted).toBeDefined();
    expect(last().rebootingFrom).toBe(booted);
    expect(transport.restartsExpected).toBe(1);
});
