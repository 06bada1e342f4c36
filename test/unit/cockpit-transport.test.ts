// SPDX-License-Identifier: LGPL-2.1-or-later
// The cockpit adapter against a stand-in for cockpit.js that behaves as cockpit 287 does.
import { createCockpitTransport, startEarly, toTransportError } from "../../src/backend/cockpit-transport";
import { TransportError } from "../../src/backend/transport";

interface FakeProcess {
    argv: string[];
    options: cockpit.SpawnOptions | undefined;
    resolve(stdout: string): void;
    reject(error: unknown): void;
    closed: string | undefined;
}

function installCockpit() {
    const processes: FakeProcess[] = [];
    const channels: { options: unknown; listeners: ((event: unknown, data: string) => void)[]; closed: boolean }[] = [];
    const proxyListeners: (() => void)[] = [];
    const proxy: { Current: string; ActiveState: string } = { Current: "none", ActiveState: "inactive" };
    const buses: { name: string | null; options: unknown; paths: string[]; closed: boolean }[] = [];
    const fileOptions: unknown[] = [];
    /** what files hold; with holdReads, reads wait in heldReads until the test answers them */
    const contents = new Map<string, string | null>();
    const control = { holdReads: false };
    const heldReads: { path: string; answer(): void }[] = [];
    const readError: { value: unknown } = { value: null };

    function spawn(argv: string[], options?: cockpit.SpawnOptions): cockpit.Spawn {
        let resolve!: (stdout: string) => void;
        let reject!: (error: unknown) => void;
        const promise = new Promise<string>((res, rej) => {
            resolve = res;
            reject = rej;
        });
        const record: FakeProcess = { argv, options, resolve, reject, closed: undefined };
        processes.push(record);
        const proc: cockpit.Spawn = {
            then: (a, b) => promise.then(a, b),
            catch: b => promise.catch(b),
            stream: () => proc,
            input: () => proc,
            close(problem) {
                record.closed = problem ?? "";
                reject({ problem: problem ?? null, message: problem ?? "" });
                return proc;
            },
        };
        return proc;
    }

    const fake = {
        spawn,
        script: (
            text: string, args: string[] = [], options?: cockpit.SpawnOptions,
        ) => spawn(["/bin/sh", "-c", text, "--", ...args], options),
        file: (path: string, options: unknown) => {
            fileOptions.push(options);
            return {
                path,
                read: () => new Promise<string | null>((resolve, reject) => {
                    // the bridge reads the file at once; with holdReads its answer arrives when the test says
                    const absent = path === "/missing" ? null : `content of ${path}`;
        const content = contents.has(path) ? contents.get(path) ?? null : absent;
                    const error = readError.value;
                    const answer = () => (error ? reject(error) : resolve(content));
                    if (control.holdReads)
                        heldReads.push({ path, answer });
                    else
                        answer();
                }),
                close: () => undefined,
            };
        },
        channel: (options: unknown) => {
            const record = { options, listeners: [] as ((event: unknown, data: string) => void)[], closed: false };
            channels.push(record);
            return {
                addEventListener: (
                    _event: string, listener: (event: unknown, data: string) => void,
                ) => record.listeners.push(listener),
                close: () => {
                    record.closed = true;
                },
            };
        },
        dbus: (name: string | null, options: unknown) => {
            const bus = { name, options, paths: [] as string[], closed: false };
            buses.push(bus);
            return {
                proxy: (_iface: string, path: string) => {
                    bus.paths.push(path);
                    return {
                        get Current() {
                            return proxy.Current;
                        },
                        get ActiveState() {
                            return proxy.ActiveState;
                        },
                        wait: () => Promise.resolve(),
                        addEventListener: (_event: string, listener: () => void) => proxyListeners.push(listener),
                        removeEventListener: (
                            _event: string, listener: () => void,
                        ) => proxyListeners.splice(proxyListeners.indexOf(listener), 1),
                    };
                },
                close: () => {
                    bus.closed = true;
                },
            };
        },
    };
    Object.assign(globalThis, { cockpit: fake });
    return {
        processes, channels, proxy, proxyListeners, fileOptions, contents, control, heldReads, readError, buses,
    };
}

afterEach(() => {
    delete (globalThis as { cockpit?: unknown }).cockpit;
    globalThis.cockpitBootcEarly = undefined;
    jest.useRealTimers();
});

describe("cockpit transport", () => {
    it("spawns argv with stderr as the error message and the requested privileges", async () => {
        const fake = installCockpit();
        const result = createCockpitTransport().run(["bootc", "status"], { superuser: "require" });
        expect(fake.processes[0])
            .toMatchObject({ argv: ["bootc", "status"], options: { err: "message", superuser: "require" } });
        fake.processes[0]?.resolve("{}");
        await expect(result).resolves.toBe("{}");
    });

    it("hands a process started early to the first run of the same argv and privileges, once", async () => {
        const fake = installCockpit();
        startEarly(["bootc", "status"], { superuser: "require" });
        expect(fake.processes).toHaveLength(1);
        const transport = createCockpitTransport();
        // another transport made later finds nothing to take over
        expect(globalThis.cockpitBootcEarly).toBeUndefined();
        const other = transport.run(["bootc", "status"], { superuser: "try" });
        expect(fake.processes).toHaveLength(2);
        const first = transport.run(["bootc", "status"], { superuser: "require", timeoutMs: 5000 });
        expect(fake.processes).toHaveLength(2);
        const second = transport.run(["bootc", "status"], { superuser: "require" });
        expect(fake.processes).toHaveLength(3);
        fake.processes[0]?.resolve("early");
        fake.processes[1]?.resolve("try");
        fake.processes[2]?.resolve("again");
        await expect(first).resolves.toBe("early");
        await expect(other).resolves.toBe("try");
        await expect(second).resolves.toBe("again");
    });

    it("cancels a process started early like its own", async () => {
        const fake = installCockpit();
        startEarly(["bootc", "status"], { superuser: "require" });
        const abort = new AbortController();
        const run = createCockpitTransport().run(["bootc", "status"], { superuser: "require", signal: abort.signal });
        abort.abort();
        await expect(run).rejects.toMatchObject({ kind: "cancelled" });
        expect(fake.processes[0]?.closed).toBe("cancelled");
    });

    it("passes script arguments positionally", async () => {
        const fake = installCockpit();
        const result = createCockpitTransport().script("echo \"$1\"", ["a b; rm -rf /"]);
        expect(fake.processes[0]?.argv).toEqual(["/bin/sh", "-c", "echo \"$1\"", "--", "a b; rm -rf /"]);
        fake.processes[0]?.resolve("");
        await result;
    });

    it("closes the process and rejects with kind timeout when it takes too long", async () => {
        jest.useFakeTimers();
        const fake = installCockpit();
        const result = createCockpitTransport().run(["bootc", "status"], { timeoutMs: 5000 });
        jest.advanceTimersByTime(4999);
        expect(fake.processes[0]?.closed).toBeUndefined();
        jest.advanceTimersByTime(1);
        await expect(result).rejects.toMatchObject({ kind: "timeout" });
        expect(fake.processes[0]?.closed).toBe("timeout");
    });

    it("closes the process and rejects with kind cancelled when its signal aborts; an aborted one never spawns", async () => {
        const fake = installCockpit();
        const abort = new AbortController();
        const result = createCockpitTransport().run(["bootc", "status"], { timeoutMs: 5000, signal: abort.signal });
        expect(fake.processes[0]?.closed).toBeUndefined();
        abort.abort();
        await expect(result).rejects.toMatchObject({ kind: "cancelled" });
        expect(fake.processes[0]?.closed).toBe("cancelled");

        await expect(createCockpitTransport().script("true", [], { signal: abort.signal }))
            .rejects.toMatchObject({ kind: "cancelled" });
        expect(fake.processes).toHaveLength(1);
    });

    it("an answer that came first stands when the signal aborts later", async () => {
        const fake = installCockpit();
        const abort = new AbortController();
        const result = createCockpitTransport().run(["bootc", "status"], { signal: abort.signal });
        fake.processes[0]?.resolve("{}");
        await expect(result).resolves.toBe("{}");
        abort.abort();
        expect(fake.processes[0]?.closed).toBeUndefined();
    });

    it("maps a failing process to a TransportError with its stderr", async () => {
        const fake = installCockpit();
        const result = createCockpitTransport().run(["bootc", "upgrade"]);
        fake.processes[0]?.reject({
            problem: null, exit_status: 1, exit_signal: null, message: "error: Upgrading: boom",
        });
        await expect(result).rejects.toMatchObject({
            kind: "exited", stderr: "error: Upgrading: boom", details: { exitStatus: 1 },
        });
    });

    it("reads files, null when missing", async () => {
        installCockpit();
        const transport = createCockpitTransport();
        await expect(transport.read("/run/reboot-required")).resolves.toBe("content of /run/reboot-required");
        await expect(transport.read("/missing")).resolves.toBeNull();
    });

    it("watches with an fswatch1 channel: changes of the path itself, once per tag, until disposed", () => {
        const fake = installCockpit();
        const onChange = jest.fn();
        const handle = createCockpitTransport().watch("/ostree/bootc", onChange);
        expect(fake.channels.map(c => c.options))
            .toEqual([{ payload: "fswatch1", path: "/ostree/bootc", superuser: "try" }]);
        expect(fake.fileOptions).toEqual([]); // no read of the directory
        const send = (message: unknown) => fake.channels[0]?.listeners.forEach(
            l => l({}, typeof message === "string" ? message : JSON.stringify(message)),
        );
        expect(onChange).not.toHaveBeenCalled();
        send({ event: "attribute-changed", path: "/ostree/bootc", tag: "1:2-100", type: "directory" });
        expect(onChange).toHaveBeenCalledTimes(1);
        send({ event: "changes-done-hint", path: "/ostree/bootc", tag: "1:2-101" });
        send({ event: "created", path: "/ostree/bootc/storage", tag: "1:3-101" }); // an entry inside
        send({ event: "attribute-changed", path: "/ostree/bootc", tag: "1:2-100" }); // same tag again
        send("not json");
        expect(onChange).toHaveBeenCalledTimes(1);
        send({ event: "attribute-changed", path: "/ostree/bootc", tag: "1:2-200" });
        expect(onChange).toHaveBeenCalledTimes(2);
        handle.dispose();
        expect(fake.channels[0]?.closed).toBe(true);
    });

    it("follows a file: its content now, then after each change, never missing one made during a read", async () => {
        const fake = installCockpit();
        const flush = () => new Promise(resolve => setTimeout(resolve, 0));
        const path = "/run/cockpit-bootc/op/state";
        fake.contents.set(path, "starting\n");
        fake.control.holdReads = true;
        const seen: (string | null)[] = [];
        const handle = createCockpitTransport().follow(path, content => seen.push(content), { superuser: "require" });
        expect(fake.channels.map(c => c.options)).toEqual([{ payload: "fswatch1", path, superuser: "require" }]);
        expect(fake.fileOptions).toEqual([{ superuser: "require" }]);
        const send = (tag: string) => fake.channels[0]?.listeners.forEach(
            l => l({}, JSON.stringify({ event: "changed", path, tag })),
        );
        const answer = async () => {
            fake.heldReads.shift()?.answer();
            await flush();
        };

        await answer();
        expect(seen).toEqual(["starting\n"]);
        fake.contents.set(path, "running 42\n");
        send("1:10-1");
        expect(fake.heldReads).toHaveLength(1);
        // the runner records the end while the read of "running" is on its way back
        fake.contents.set(path, "exited 0 1\n");
        send("1:11-2");
        expect(fake.heldReads).toHaveLength(1);
        await answer();
        expect(seen).toEqual(["starting\n", "running 42\n"]);
        // that change gets a read of its own
        expect(fake.heldReads).toHaveLength(1);
        await answer();
        expect(seen).toEqual(["starting\n", "running 42\n", "exited 0 1\n"]);
        // the same event again, or the same content again, is no news
        send("1:11-2");
        send("1:12-3");
        await answer();
        expect(seen).toHaveLength(3);

        handle.dispose();
        expect(fake.channels[0]?.closed).toBe(true);
        send("1:13-4");
        expect(fake.heldReads).toHaveLength(0);
    });

    it("a file that cannot be read is reported as an error", async () => {
        const fake = installCockpit();
        fake.readError.value = { problem: "access-denied", message: "not permitted" };
        const errors: unknown[] = [];
        createCockpitTransport().follow(
            "/run/cockpit-bootc/op/state", () => undefined,
            { superuser: "require", onError: error => errors.push(error) },
        );
        await new Promise(resolve => setTimeout(resolve, 0));
        expect(errors).toEqual([expect.objectContaining({ kind: "access-denied" })]);
    });

    it("calls back when the superuser state changes, not when it is first learned", () => {
        const fake = installCockpit();
        const callback = jest.fn();
        const handle = createCockpitTransport().onPrivilegesChanged(callback);
        fake.proxyListeners.forEach(listener => listener()); // initial properties arrive
        expect(callback).not.toHaveBeenCalled();
        fake.proxy.Current = "root";
        fake.proxyListeners.forEach(listener => listener());
        expect(callback).toHaveBeenCalledTimes(1);
        fake.proxyListeners.forEach(listener => listener()); // same value again
        expect(callback).toHaveBeenCalledTimes(1);
        handle.dispose();
        expect(fake.proxyListeners).toHaveLength(0);
    });

    it("a privileged bridge that is starting (\"init\") is no change yet; once it runs, or fails, it is", () => {
        const fake = installCockpit();
        const callback = jest.fn();
        const handle = createCockpitTransport().onPrivilegesChanged(callback);
        const announce = (current: string) => {
            fake.proxy.Current = current;
            fake.proxyListeners.forEach(listener => listener());
        };
        announce("none");
        announce("init");
        expect(callback).not.toHaveBeenCalled();
        announce("sudo");
        expect(callback).toHaveBeenCalledTimes(1);
        // turned off, then a start that fails: back where it was, no change
        announce("none");
        expect(callback).toHaveBeenCalledTimes(2);
        announce("init");
        announce("none");
        expect(callback).toHaveBeenCalledTimes(2);
        handle.dispose();
    });
});

describe("systemd units", () => {
    it("a unit's starts and stops come from systemd's bus, by its escaped object path", async () => {
        const fake = installCockpit();
        const callback = jest.fn();
        const handle = createCockpitTransport().watchUnit("bootc-fetch-apply-updates.service", callback);
        expect(fake.buses[0]).toMatchObject({
            name: "org.freedesktop.systemd1", options: { bus: "system" },
            paths: ["/org/freedesktop/systemd1/unit/bootc_2dfetch_2dapply_2dupdates_2eservice"],
        });
        await new Promise(resolve => setTimeout(resolve, 0)); // the initial state arrives
        expect(callback).not.toHaveBeenCalled();
        fake.proxy.ActiveState = "activating";
        fake.proxyListeners.forEach(listener => listener());
        expect(callback).toHaveBeenCalledTimes(1);
        fake.proxyListeners.forEach(listener => listener()); // another property changed
        expect(callback).toHaveBeenCalledTimes(1);
        handle.dispose();
        expect(fake.buses[0]?.closed).toBe(true);
        expect(fake.proxyListeners).toHaveLength(0);
    });
});

describe("cockpit error shapes", () => {
    it.each([
        [{ problem: "not-found", message: "not-found", exit_status: -1 }, "not-found"],
        [{ problem: "access-denied", message: "Not permitted to perform this action." }, "access-denied"],
        [{ problem: "disconnected", message: "" }, "disconnected"],
        [{ problem: "terminated" }, "disconnected"],
        [{ problem: "timeout", message: "Connection has timed out." }, "disconnected"],
        [{ problem: "internal-error", message: "x" }, "other"],
        [{ problem: null, exit_status: 2, message: "usage" }, "exited"],
        [{ problem: null, exit_status: null, exit_signal: 15, message: "" }, "signaled"],
        ["a string", "other"],
    ])("%j is %s", (shape, kind) => {
        expect(toTransportError(shape, "bootc").kind).toBe(kind);
    });

    it("keeps an existing TransportError", () => {
        const error = new TransportError("timeout", "t");
        expect(toTransportError(error, "bootc")).toBe(error);
    });
});
