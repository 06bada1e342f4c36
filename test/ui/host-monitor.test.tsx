// SPDX-License-Identifier: LGPL-2.1-or-later
// The monitor behind usePage: reads on start, on /ostree/bootc changes and privilege changes, never
// overlaps reads, and retries by itself only while bootc is busy.
import { createBootcClient } from "../../src/backend";
import { busyRetryDelay, HostMonitor } from "../../src/ui/hooks/host-monitor";
import type { HostView } from "../../src/ui/hooks/host-monitor";
import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, statusJson } from "../fixtures/status-builder";

const STATUS = ["bootc", "status", "--format=json", "--format-version=1"];
const OK = { stdout: statusJson({ booted: bootEntry() }) };

function deferred() {
    let resolve!: (value: string) => void;
    const promise = new Promise<string>(r => {
        resolve = r;
    });
    return { promise, resolve };
}

function monitor(transport: FakeTransport, timeoutMs = 50) {
    const views: HostView[] = [];
    const m = new HostMonitor(createBootcClient(transport, { statusTimeoutMs: timeoutMs }), view => views.push(view));
    return { m, views, last: () => views[views.length - 1] };
}

async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++)
        await Promise.resolve();
}

afterEach(() => jest.useRealTimers());

test("reads once on start and becomes ready", async () => {
    const transport = new FakeTransport().on(STATUS, OK);
    const { m, last } = monitor(transport);
    m.start();
    await settle();
    expect(last()).toMatchObject({ kind: "ready", refreshing: false, stale: null });
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    m.stop();
});

test("a change of /ostree/bootc reads again; a privilege change too", async () => {
    const transport = new FakeTransport().on(STATUS, OK);
    const { m } = monitor(transport);
    m.start();
    await settle();
    transport.fireChange("/ostree/bootc");
    await settle();
    transport.firePrivilegesChanged();
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(3);
    m.stop();
});

test("requests during a read are coalesced into one more read", async () => {
    const first = deferred();
    const transport = new FakeTransport().on(STATUS, { deferred: first.promise }, OK);
    const { m, views } = monitor(transport, 10_000);
    m.start();
    transport.fireChange("/ostree/bootc");
    transport.fireChange("/ostree/bootc");
    m.refresh();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    first.resolve(OK.stdout);
    await settle();
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(2);
    expect(views.filter(v => v.kind === "ready" && !v.refreshing)).toHaveLength(2);
    m.stop();
});

test("no reads while idle: nothing happens without a trigger", async () => {
    jest.useFakeTimers();
    const transport = new FakeTransport().on(STATUS, OK);
    const { m } = monitor(transport);
    m.start();
    await settle();
    jest.advanceTimersByTime(10 * 60_000);
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    m.stop();
});

test("busy: retries with growing delays only while busy, then stops retrying", async () => {
    jest.useFakeTimers();
    const transport = new FakeTransport().on(STATUS, { hang: true }, { hang: true }, OK);
    const { m, last } = monitor(transport, 100);
    m.start();
    jest.advanceTimersByTime(100); // first read times out
    await settle();
    expect(last()).toMatchObject({ kind: "problem", problem: { kind: "busy" } });
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
    expect(last()).toMatchObject({ kind: "ready" });

    jest.advanceTimersByTime(10 * 60_000);
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(3);
    m.stop();
});

test("busy: a change of /ostree/bootc retries at once", async () => {
    jest.useFakeTimers();
    const transport = new FakeTransport().on(STATUS, { hang: true }, OK);
    const { m, last } = monitor(transport, 100);
    m.start();
    jest.advanceTimersByTime(100);
    await settle();
    expect(last()).toMatchObject({ kind: "problem", problem: { kind: "busy" } });
    transport.fireChange("/ostree/bootc");
    await settle();
    expect(last()).toMatchObject({ kind: "ready" });
    jest.advanceTimersByTime(60_000);
    expect(transport.callsOf("bootc", "status")).toHaveLength(2);
    m.stop();
});

test("a failing refresh keeps the last reading and says why it may be stale", async () => {
    const transport = new FakeTransport().on(STATUS, OK, exited("error: Status: boom\n"), OK);
    const { m, last } = monitor(transport);
    m.start();
    await settle();
    transport.fireChange("/ostree/bootc");
    await settle();
    expect(last()).toMatchObject({ kind: "ready", stale: { kind: "failed", summary: "boom" } });
    transport.fireChange("/ostree/bootc");
    await settle();
    expect(last()).toMatchObject({ kind: "ready", stale: null });
    m.stop();
});

test("stop disposes the watches and ignores late answers", async () => {
    const answer = deferred();
    const transport = new FakeTransport().on(STATUS, { deferred: answer.promise });
    const { m, views } = monitor(transport, 10_000);
    m.start();
    expect(transport.watcherCount("/ostree/bootc")).toBe(1);
    m.stop();
    expect(transport.watcherCount("/ostree/bootc")).toBe(0);
    answer.resolve(OK.stdout);
    await settle();
    expect(views).toEqual([]);
    transport.firePrivilegesChanged();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
});

test("retry delays grow to 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(busyRetryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test("held (an operation holds the sysroot lock): nothing is read; one read after the release", async () => {
    const transport = new FakeTransport().on(STATUS, OK);
    const views: HostView[] = [];
    const m = new HostMonitor(createBootcClient(transport, { statusTimeoutMs: 50 }), view => views.push(view), { held: true });
    m.start();
    await settle();
    transport.fireChange("/ostree/bootc");
    m.refresh();
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(0);
    expect(views).toEqual([]);
    expect(m.release()).toBe(true);
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    expect(views[views.length - 1]).toMatchObject({ kind: "ready" });

    // held again with nothing asked for meanwhile: the release reads nothing
    m.hold();
    expect(m.release()).toBe(false);
    expect(m.release()).toBe(false);
    await settle();
    expect(transport.callsOf("bootc", "status")).toHaveLength(1);
    m.stop();
});
