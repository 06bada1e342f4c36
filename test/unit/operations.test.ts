// SPDX-License-Identifier: LGPL-2.1-or-later
// Operations on the host: starting one (start-operation.sh), following it and its runner, cancelling and
// dismissing it, and the update facts. What a record means is test/unit/operation-records.test.ts.
import { createBootcClient, parseUpdateFacts } from "../../src/backend/client";
import { BootcError } from "../../src/backend/errors";
import { parseOperationMeta } from "../../src/backend/operation-records";
import { ATTACH_SCRIPT, CONTROL_SCRIPT, RUN_SCRIPT, START_SCRIPT } from "../../src/backend/operation-scripts";
import { createOperations } from "../../src/backend/operations";
import type { OperationSnapshot } from "../../src/backend/operations";
import { validateImageTarget } from "../../src/backend/references";
import { TransportError } from "../../src/backend/transport";
import { exited, FakeTransport } from "../fakes/fake-transport";
import { operationMeta as meta } from "../fixtures/operation-meta";

const DIR = "/run/cockpit-bootc";

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe("starting", () => {
    it("runs start-operation.sh as root with the values as arguments, never in the text", async () => {
        const transport = new FakeTransport();
        transport.scriptHandler = (_text, args) => ({ stdout: `${args[1]}\n` });
        const operations = createOperations(transport, { now: () => Date.UTC(2026, 10, 22, 10) });
        const id = await operations.start({
            kind: "update", argv: ["bootc", "upgrade", "--apply", "--progress-fd=3"], progress: true, reboots: true,
            target: { image: "quay.io/a/b:1", transport: "registry", version: "1", digest: "sha256:1" },
        });
        expect(id).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
        const [call] = transport.calls;
        expect(call?.options).toEqual({ superuser: "require", timeoutMs: 60_000 });
        expect(call?.argv.slice(0, 4)).toEqual(["sh", "-c", START_SCRIPT, "--"]);
        const [dir, givenId, kind, progress, user, metaText, runner, ...argv] = call?.argv.slice(4) ?? [];
        expect([dir, givenId, kind, progress, user, runner]).toEqual([DIR, id, "update", "1", "admin", RUN_SCRIPT]);
        expect(argv).toEqual(["bootc", "upgrade", "--apply", "--progress-fd=3"]);
        expect(parseOperationMeta(metaText ?? ""))
            .toMatchObject({ id, kind: "update", reboots: true, startedAt: "2026-11-22T10:00:00.000Z" });
        expect(START_SCRIPT).not.toContain("quay.io");
    });

    it("another operation running: bootc's refusal as a problem", async () => {
        const transport = new FakeTransport();
        transport.scriptHandler = () => exited("Another operation is running: bootc upgrade --check\n", 75);
        const operations = createOperations(transport);
        const error = await operations.start({
            kind: "check", argv: ["bootc", "upgrade", "--check"], progress: false, target: null, reboots: false,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BootcError);
        expect((error as BootcError).problem)
            .toMatchObject({ kind: "failed", summary: "Another operation is running: bootc upgrade --check" });
    });

    it("a kind that never reboots is not started as one that does", async () => {
        const transport = new FakeTransport();
        const operations = createOperations(transport);
        await expect(
            operations.start({
                kind: "check", argv: ["bootc", "upgrade", "--check"], progress: false, target: null, reboots: true,
            }),
        )
            .rejects.toThrow("does not reboot");
        expect(transport.calls).toEqual([]);
        expect(transport.restartsExpected).toBe(0);
    });

    it("cancel and dismiss name the operation", async () => {
        const transport = new FakeTransport();
        transport.scriptHandler = () => ({ stdout: "" });
        const operations = createOperations(transport);
        await operations.cancel("op-1");
        await operations.dismiss("op-1");
        expect(transport.calls.map(c => c.argv.slice(2))).toEqual([
            [CONTROL_SCRIPT, "--", DIR, "op-1", "cancel"],
            [CONTROL_SCRIPT, "--", DIR, "op-1", "dismiss"],
        ]);
    });

    it("the client's update choices become argv and meta", async () => {
        // bootc before 1.1.4 has no --progress-fd
        const transport = new FakeTransport().on(["bootc", "--version"], { stdout: "bootc 1.0.0\n" });
        transport.scriptHandler = (_text, args) => ({ stdout: `${args[1]}\n` });
        const client = createBootcClient(transport);
        const starts = () => transport.calls.filter(call => call.argv[2] === START_SCRIPT);
        const started = (i: number) => starts()[i]?.argv.slice(4) ?? [];
        await client.checkForUpdates();
        expect(started(0).slice(2, 4)).toEqual(["check", "0"]);
        expect(started(0).slice(7)).toEqual(["bootc", "upgrade", "--check"]);
        await client.startUpdate({ mode: "download-only", softReboot: false, target: null });
        expect(started(1).slice(2, 4)).toEqual(["update", "0"]);
        expect(started(1).slice(7)).toEqual(["bootc", "upgrade", "--download-only"]);
        expect(parseOperationMeta(started(1)[5] ?? "")).toMatchObject({ downloadOnly: true, reboots: false });
        await client.applyDownloaded({ rebootNow: true, target: null });
        expect(started(2).slice(7)).toEqual(["bootc", "upgrade", "--from-downloaded", "--apply"]);
        expect(parseOperationMeta(started(2)[5] ?? "")).toMatchObject({ kind: "apply-downloaded", reboots: true });
        // the version is read once, and only for a kind that can report progress
        expect(transport.callsOf("bootc", "--version")).toHaveLength(1);
        await client.startUpdate({ mode: "stage", softReboot: false, target: null });
        expect(transport.callsOf("bootc", "--version")).toHaveLength(1);
    });

    it("a current bootc is asked for progress; the copy records where it goes", async () => {
        const transport = new FakeTransport().on(["bootc", "--version"], { stdout: "bootc 1.16.9\n" });
        transport.scriptHandler = (_text, args) => ({ stdout: `${args[1]}\n` });
        const client = createBootcClient(transport);
        await client.startUpdate({ mode: "stage", softReboot: false, target: null });
        const source = validateImageTarget("registry", "quay.io/x:1");
        const target = validateImageTarget("containers-storage", "localhost/x");
        if (!source.ok || !target.ok)
            throw new Error("the test's references are valid");
        await client.copyToStorage({ source: source.value, target: target.value, image: null });
        const metas = transport.calls.filter(call => call.argv[2] === START_SCRIPT)
            .map(call => parseOperationMeta(call.argv[9] ?? ""));
        expect(metas.map(m => [m?.kind, m?.progress, m?.argv.join(" "), m?.destination])).toEqual([
            ["update", true, "bootc upgrade --progress-fd=3", null],
            ["copy-to-storage", false, "bootc image copy-to-storage --source=docker://quay.io/x:1 --target=localhost/x", "localhost/x"],
        ]);
    });
});

describe("following the operation", () => {
    // a watch left running would keep checking its runner, and jest from exiting
    const watches: { dispose(): void }[] = [];
    afterEach(() => {
        for (const watch of watches.splice(0))
            watch.dispose();
    });

    function setup() {
        const transport = new FakeTransport();
        transport.scriptHandler = text => (text === ATTACH_SCRIPT ? { stdout: "none\n" } : undefined);
        let time = 0;
        const operations = createOperations(transport, { now: () => time });
        const seen: (OperationSnapshot | null)[] = [];
        const problems: unknown[] = [];
        const watch = operations.follow(snapshot => seen.push(snapshot), problem => problems.push(problem));
        watches.push(watch);
        return { transport, seen, problems, watch, tick: (ms: number) => { time += ms; } };
    }

    const file = (name: string) => `${DIR}/op/${name}`;

    it("none since boot", async () => {
        const { seen, transport } = setup();
        await flush();
        await flush();
        expect(transport.calls[0]?.argv.slice(2)).toEqual([ATTACH_SCRIPT, "--", DIR]);
        expect(seen).toEqual([null]);
    });

    it("attaches to a running update, follows its progress, and reads the result once it exits", async () => {
        const { seen, transport, tick } = setup();
        transport.writeRecord(`${DIR}/op`, JSON.stringify(meta()));
        transport.files.set(file("state"), "running 42\n");
        await flush();
        await flush();
        expect(seen[seen.length - 1])
            .toMatchObject({ meta: { id: "op-1" }, state: { kind: "running", pid: 42 }, outcome: null });

        const pull = (bytes: number) => JSON.stringify({
            type: "ProgressBytes", task: "pulling", description: "Pulling Image: sha256:ab", id: "sha256:ab",
            bytesCached: 0, bytes, bytesTotal: 100, stepsCached: 0, steps: 0, stepsTotal: 2, subtasks: [],
        });
        transport.appendFile(file("progress.jsonl"), `${pull(10)}\n`);
        tick(1000);
        transport.appendFile(file("progress.jsonl"), `${pull(40)}\n`);
        expect(seen[seen.length - 1]?.progress)
            .toMatchObject({ phase: "pulling", pull: { bytes: 40 }, bytesPerSecond: 30 });
        // one stream for the whole operation, and only while it runs
        expect(transport.streamCount(file("progress.jsonl"))).toBe(1);

        transport.files.set(file("stdout"), "Queued for next boot: quay.io/fedora/fedora-bootc:42\n");
        transport.files.set(file("stderr"), "");
        transport.setFile(file("state"), "exited 0 1763805600\n");
        await flush();
        await flush();
        expect(seen[seen.length - 1]).toMatchObject({
            state: {
                kind: "exited", code: 0,
            }, outcome: { kind: "succeeded" }, stdout: "Queued for next boot: quay.io/fedora/fedora-bootc:42\n",
        });
        expect(transport.streamCount(file("progress.jsonl"))).toBe(0);
    });

    it("an operation that ended stays ended when a stale report of it running comes late", async () => {
        const { seen, transport } = setup();
        transport.writeRecord(`${DIR}/op`, JSON.stringify(meta({ reboots: true })));
        transport.files.set(file("state"), "exited 143 1763805600\n");
        for (let i = 0; i < 4; i++)
            await flush();
        expect(seen[seen.length - 1]).toMatchObject({ state: { kind: "exited" }, outcome: { kind: "rebooting" } });
        transport.setFile(file("state"), "running 42\n");
        await flush();
        expect(seen[seen.length - 1]).toMatchObject({ state: { kind: "exited" }, outcome: { kind: "rebooting" } });
    });

    it("a failure, its dismissal by any page, and the next operation replacing it", async () => {
        const { seen, transport } = setup();
        transport.writeRecord(`${DIR}/op`, JSON.stringify(meta()));
        transport.files.set(file("state"), "exited 1 1763805600\n");
        transport.files.set(file("stderr"), "error: Upgrading: Insufficient free space for x (available: 1 GB required: 2 GB)\n");
        for (let i = 0; i < 4; i++)
            await flush();
        expect(seen[seen.length - 1]?.outcome).toMatchObject({ kind: "failed", cause: "disk-space", problem: { summary: "Insufficient free space for x (available: 1 GB required: 2 GB)" } });
        transport.setFile(file("dismissed"), "");
        expect(seen[seen.length - 1]?.dismissed).toBe(true);

        // start-operation.sh clears the files, then writes the new meta.json last
        for (const name of ["meta.json", "state", "stderr", "dismissed"])
            transport.setFile(file(name), null);
        expect(seen[seen.length - 1]?.meta.id).toBe("op-1");
        transport.files.set(file("state"), "running 7\n");
        transport.announceRecord(`${DIR}/op`, JSON.stringify(meta({ id: "op-2", kind: "check" })));
        await flush();
        expect(seen[seen.length - 1])
            .toMatchObject({ meta: { id: "op-2" }, state: { kind: "running" }, dismissed: false, outcome: null });
        expect(transport.followerCount(file("state"))).toBe(1);
    });

    it("a late second report of one operation's end does not swallow the next operation's end", async () => {
        const { seen, transport } = setup();
        transport.writeRecord(`${DIR}/op`, JSON.stringify(meta()));
        transport.files.set(file("state"), "running 42\n");
        await flush();
        await flush();
        transport.setFile(file("state"), "exited 0 1763805600\n");
        await flush();
        expect(seen[seen.length - 1]).toMatchObject({ meta: { id: "op-1" }, outcome: { kind: "succeeded" } });
        // the same end reported again while the host is slow to answer: its reads are still under way
        transport.holdReads(file("stdout"));
        transport.setFile(file("state"), "exited 0 1763805601\n");
        await flush();

        // meanwhile the next operation starts and ends
        transport.files.set(file("state"), "running 7\n");
        transport.announceRecord(`${DIR}/op`, JSON.stringify(meta({ id: "op-2", kind: "check" })));
        await flush();
        await flush();
        transport.releaseReads();
        transport.setFile(file("state"), "exited 1 1763805602\n");
        for (let i = 0; i < 4; i++)
            await flush();
        expect(seen[seen.length - 1]).toMatchObject({ meta: { id: "op-2" }, outcome: { kind: "failed" } });
    });

    it("without progress events, what bootc prints shows while it runs", async () => {
        const { seen, transport } = setup();
        transport.writeRecord(
            `${DIR}/op`,
            JSON.stringify(
                meta({ kind: "copy-to-storage", progress: false, argv: ["bootc", "image", "copy-to-storage"] }),
            ),
        );
        transport.files.set(file("state"), "running 42\n");
        await flush();
        await flush();
        transport.setFile(file("stdout"), "Copying local image docker://quay.io/x:1 to containers-storage:localhost/bootc ...\nGetting image source signatures\n");
        expect(seen[seen.length - 1]).toMatchObject({
            state: { kind: "running" }, outcome: null,
            stdout: expect.stringContaining("Getting image source signatures") as unknown,
            printed: "Getting image source signatures",
        });
    });

    it("with progress events, stdout is read only at the end", async () => {
        const { transport } = setup();
        transport.writeRecord(`${DIR}/op`, JSON.stringify(meta()));
        transport.files.set(file("state"), "running 42\n");
        await flush();
        await flush();
        expect(transport.followerCount(file("state"))).toBe(1);
        expect(transport.followerCount(file("stdout"))).toBe(0);
    });

    describe("a runner killed outright", () => {
        // the runner's liveness is looked at every few milliseconds here (every 10 s on a host)
        function watched(initialState: string, runnerDies: boolean) {
            const transport = new FakeTransport();
            let attaches = 0;
            transport.scriptHandler = text => {
                if (text !== ATTACH_SCRIPT)
                    return undefined;
                attaches += 1;
                // attach-operation.sh finds the runner gone (from the third look on) and says so in the state file
                if (runnerDies && attaches >= 3 && transport.files.get(file("state")) !== "lost\n")
                    transport.setFile(file("state"), "lost\n");
                const state = transport.files.get(file("state"));
                return { stdout: state ? `${state}op-1\n` : "none\n" };
            };
            transport.writeRecord(`${DIR}/op`, JSON.stringify(meta()));
            transport.files.set(file("state"), initialState);
            const seen: (OperationSnapshot | null)[] = [];
            const watch = createOperations(transport, { runnerCheckMs: 5 })
                .follow(snapshot => seen.push(snapshot), () => undefined);
            watches.push(watch);
            return { transport, seen, watch, attaches: () => attaches };
        }

        const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

        async function until(condition: () => boolean): Promise<void> {
            for (let i = 0; i < 200 && !condition(); i++)
                await wait(5);
            expect(condition()).toBe(true);
        }

        it("is noticed while the page watches, and the checks stop with it", async () => {
            const { seen, attaches } = watched("running 42\n", true);
            await until(() => seen[seen.length - 1]?.outcome?.kind === "lost");
            const after = attaches();
            await wait(40);
            expect(attaches()).toBe(after);
        });

        it("a living runner is looked at again and again, and no more once disposed", async () => {
            const { seen, watch, attaches } = watched("running 42\n", false);
            await until(() => attaches() >= 4);
            expect(seen[seen.length - 1]).toMatchObject({ state: { kind: "running" }, outcome: null });
            watch.dispose();
            const after = attaches();
            await wait(40);
            expect(attaches()).toBe(after);
        });

        it("an end the file watch missed is found by the check, but only the same operation's", async () => {
            const { transport, seen, attaches } = watched("running 42\n", false);
            await until(() => attaches() >= 2);
            // the next operation's record, read before its meta.json arrived: not this one's end
            transport.scriptHandler = text => (text === ATTACH_SCRIPT ? {
                stdout: "exited 1 1763805600\nop-2\n",
            } : undefined);
            const before = transport.callsOf("sh").length;
            await until(() => transport.callsOf("sh").length >= before + 2);
            expect(seen[seen.length - 1]).toMatchObject({ state: { kind: "running" }, outcome: null });
            // this one's end, with no word from the watch
            transport.files.set(file("state"), "exited 0 1763805600\n");
            transport.scriptHandler = text => (text === ATTACH_SCRIPT ? {
                stdout: "exited 0 1763805600\nop-1\n",
            } : undefined);
            await until(() => seen[seen.length - 1]?.outcome?.kind === "succeeded");
        });

        it("nothing is looked at when no operation runs", async () => {
            for (const state of ["exited 0 1763805600\n", "lost\n"]) {
                const { seen, attaches } = watched(state, false);
                await until(() => seen[seen.length - 1]?.outcome !== null && seen.length > 0);
                await wait(40);
                expect(attaches()).toBe(1);
            }
        });
    });

    it("without administrative access the record cannot be read", async () => {
        const transport = new FakeTransport();
        transport.scriptHandler = () => ({
            error: new TransportError("access-denied", "denied", { problem: "access-denied" }),
        });
        const problems: unknown[] = [];
        createOperations(transport).follow(() => undefined, problem => problems.push(problem));
        await flush();
        expect(problems).toEqual([{ kind: "admin-required", bootcMessage: null }]);
    });

    it("stops following when disposed", async () => {
        const { seen, transport, watch } = setup();
        transport.writeRecord(`${DIR}/op`, JSON.stringify(meta()));
        transport.files.set(file("state"), "running 42\n");
        await flush();
        await flush();
        const count = seen.length;
        watch.dispose();
        transport.setFile(file("state"), "exited 0 1\n");
        await flush();
        expect(seen.length).toBe(count);
        expect(transport.followerCount(file("meta.json"))).toBe(0);
        expect(transport.followerCount(file("state"))).toBe(0);
    });
});

describe("update facts", () => {
    it("the timer and a prepared soft reboot", () => {
        expect(parseUpdateFacts("timer enabled\nnextroot no\nsystemd yes\n"))
            .toEqual({ timerEnabled: true, softRebootPrepared: false, systemd: true });
        expect(parseUpdateFacts("timer masked\nnextroot yes\n"))
            .toEqual({ timerEnabled: false, softRebootPrepared: true, systemd: false });
        expect(parseUpdateFacts("")).toEqual({ timerEnabled: false, softRebootPrepared: false, systemd: false });
    });

    it("reboot tells Cockpit to expect it, and a dropped connection is the reboot happening", async () => {
        const transport = new FakeTransport().on(
            ["systemctl", "reboot"],
            { error: new TransportError("disconnected", "disconnected", { problem: "disconnected" }) },
        );
        await createBootcClient(transport).reboot();
        expect(transport.restartsExpected).toBe(1);
        expect(transport.calls[0]).toEqual({ argv: ["systemctl", "reboot"], options: { superuser: "require" } });
        const refused = new FakeTransport().on(["systemctl", "reboot"], exited("Failed to reboot: Access denied\n"));
        await expect(createBootcClient(refused).reboot()).rejects.toBeInstanceOf(BootcError);
    });
});
