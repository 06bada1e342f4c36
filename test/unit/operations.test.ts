// SPDX-License-Identifier: LGPL-2.1-or-later
import { createBootcClient, parseUpdateFacts } from "../../src/backend/client";
import { BootcError } from "../../src/backend/errors";
import { OPERATION_KINDS, OPERATION_TRAITS } from "../../src/backend/operation-kinds";
import {
    checkRecord, failureCause, operationOutcome, parseOperationMeta, parseOperationState,
} from "../../src/backend/operation-records";
import type { OperationMeta } from "../../src/backend/operation-records";
import { createOperations } from "../../src/backend/operations";
import type { OperationSnapshot } from "../../src/backend/operations";
import { validateImageTarget } from "../../src/backend/references";
import ATTACH_SCRIPT from "../../src/backend/scripts/attach-operation.sh";
import CONTROL_SCRIPT from "../../src/backend/scripts/control-operation.sh";
import RUN_SCRIPT from "../../src/backend/scripts/run-operation.sh";
import START_SCRIPT from "../../src/backend/scripts/start-operation.sh";
import { TransportError } from "../../src/backend/transport";
import { exited, FakeTransport } from "../fakes/fake-transport";

const DIR = "/run/cockpit-bootc";

function meta(overrides: Partial<OperationMeta> = {}): OperationMeta {
    return {
        id: "op-1",
        kind: "update",
        argv: ["bootc", "upgrade", "--progress-fd=3"],
        startedAt: "2026-11-22T10:00:00.000Z",
        target: {
            image: "quay.io/fedora/fedora-bootc:42", transport: "registry", version: "42.1", digest: "sha256:ab",
        },
        reboots: false,
        softReboot: false,
        downloadOnly: false,
        progress: true,
        destination: null,
        before: null,
        ...overrides,
    };
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe("the operation record", () => {
    it("state lines", () => {
        expect(parseOperationState("starting\n")).toEqual({ kind: "starting" });
        expect(parseOperationState("running 1234\n")).toEqual({ kind: "running", pid: 1234 });
        expect(parseOperationState("exited 1 1763805600\n"))
            .toEqual({ kind: "exited", code: 1, endedAt: new Date(1763805600_000) });
        expect(parseOperationState("exited 0")).toEqual({ kind: "exited", code: 0, endedAt: null });
        expect(parseOperationState("lost")).toEqual({ kind: "lost" });
        expect(parseOperationState(null)).toBeNull();
        expect(parseOperationState("")).toBeNull();
        expect(parseOperationState("exited x")).toBeNull();
    });

    it("meta.json from this or another version of the page", () => {
        expect(parseOperationMeta(JSON.stringify(meta()))).toEqual(meta());
        const older = { id: "a", kind: "check", argv: ["bootc", "upgrade", "--check"], startedAt: "x", future: 1 };
        expect(parseOperationMeta(JSON.stringify(older))).toEqual({
            ...older,
            future: undefined,
            target: null,
            reboots: false,
            softReboot: false,
            downloadOnly: false,
            progress: false,
            destination: null,
            before: null,
        });
        expect(parseOperationMeta("{")).toBeNull();
        expect(parseOperationMeta("{\"id\":1}")).toBeNull();
        expect(parseOperationMeta(null)).toBeNull();
    });

    it("a record from before progress and destination were recorded: both read from its argv", () => {
        const copy = {
            id: "a", kind: "copy-to-storage",
            argv: ["bootc", "image", "copy-to-storage", "--source=docker://q/x:1", "--target=localhost/x"],
            startedAt: "x",
        };
        expect(parseOperationMeta(JSON.stringify(copy))).toMatchObject({ progress: false, destination: "localhost/x" });
        const update = { id: "b", kind: "update", argv: ["bootc", "upgrade", "--progress-fd=3"], startedAt: "x" };
        expect(parseOperationMeta(JSON.stringify(update))).toMatchObject({ progress: true, destination: null });
        // what the page recorded wins over what argv looks like
        expect(parseOperationMeta(JSON.stringify({ ...copy, destination: "localhost/y" }))?.destination)
            .toBe("localhost/y");
    });

    it("a kind this page does not know is not shown as one it knows", () => {
        expect(parseOperationMeta(JSON.stringify({ ...meta(), kind: "pin" }))).toBeNull();
    });
});

describe("what bootc did, per kind", () => {
    const ok = { kind: "exited" as const, code: 0, endedAt: null };
    const result = (kind: OperationMeta["kind"], stdout: string) => {
        const outcome = operationOutcome(meta({ kind }), ok, { stdout, stderr: "", cancelled: false, signal: null });
        return outcome?.kind === "succeeded" ? outcome.result : null;
    };
    const queued = "Fetching ostree-unverified-registry:quay.io/x:43\nQueued for next boot: quay.io/x:43\n  Version: 43.1\n  Digest: sha256:43\n";

    it("an update or switch: what bootc queued", () => {
        expect(result("update", queued))
            .toEqual({ kind: "staged", queued: { image: "quay.io/x:43", version: "43.1", digest: "sha256:43" } });
        expect(result("switch", queued))
            .toEqual({ kind: "staged", queued: { image: "quay.io/x:43", version: "43.1", digest: "sha256:43" } });
        expect(result("change-tag", "")).toEqual({ kind: "staged", queued: null });
    });

    it("a switch to the tracked image: nothing changed, as bootc said", () => {
        expect(result("switch", "Image specification is unchanged.\n")).toEqual({ kind: "unchanged" });
        expect(result("change-tag", "Image specification is unchanged.\n")).toEqual({ kind: "unchanged" });
        // an update never says so
        expect(result("update", "Image specification is unchanged.\n")).toEqual({ kind: "staged", queued: null });
    });

    it("a copy: the name and digest bootc pushed", () => {
        expect(result("copy-to-storage", "Copying …\nPushed: containers-storage:localhost/x sha256:ab12\n"))
            .toEqual({ kind: "copied", pushed: { target: "containers-storage:localhost/x", digest: "sha256:ab12" } });
        expect(result("copy-to-storage", "")).toEqual({ kind: "copied", pushed: null });
    });

    it("a check: what it found", () => {
        expect(result("check", "No changes in: docker://quay.io/x:1\n"))
            .toEqual({ kind: "checked", output: { kind: "no-update", reference: "docker://quay.io/x:1", staged: false } });
    });

    it.each(["rollback", "rollback-undo", "apply-downloaded"] as const)("%s: nothing to read", kind => {
        expect(result(kind, "Next boot: rollback deployment\n")).toEqual({ kind: "done" });
    });

    it("every kind has its traits", () => {
        for (const kind of OPERATION_KINDS)
            expect(typeof OPERATION_TRAITS[kind].result).toBe("function");
        expect(OPERATION_KINDS.filter(kind => OPERATION_TRAITS[kind].progress))
            .toEqual(["update", "switch", "change-tag"]);
        expect(OPERATION_KINDS.filter(kind => OPERATION_TRAITS[kind].cancellable))
            .toEqual(["check", "update", "switch", "change-tag"]);
    });
});

describe("outcomes", () => {
    const none = { cancelled: false, signal: null };
    const out = (
        stderr: string, markers: { cancelled: boolean; signal: string | null }, stdout = "",
    ) => ({ stdout, stderr, ...markers });
    const exitedWith = (code: number) => ({ kind: "exited" as const, code, endedAt: null });

    it("success, still running", () => {
        expect(operationOutcome(meta(), exitedWith(0), out("", none)))
            .toEqual({ kind: "succeeded", result: { kind: "staged", queued: null } });
        expect(operationOutcome(meta(), { kind: "running", pid: 1 }, out("", none))).toBeNull();
    });

    it("--apply stopped by the shutdown is the reboot happening", () => {
        expect(operationOutcome(meta({ reboots: true }), exitedWith(143), out("", none)))
            .toEqual({ kind: "rebooting" });
        expect(operationOutcome(meta({ reboots: true }), { kind: "lost" }, out("", none)))
            .toEqual({ kind: "rebooting" });
        // but an error bootc printed before is an error
        expect(operationOutcome(meta({ reboots: true }), exitedWith(143), out("error: Upgrading: boom\n", none))?.kind)
            .toBe("failed");
        expect(operationOutcome(meta(), exitedWith(143), out("", none))?.kind).toBe("failed");
        expect(operationOutcome(meta(), { kind: "lost" }, out("", none))).toEqual({ kind: "lost" });
    });

    it("cancelled by an admin", () => {
        expect(operationOutcome(meta(), exitedWith(143), out("", { cancelled: true, signal: null })))
            .toEqual({ kind: "cancelled" });
    });

    it("stopped on the host from outside the page: said so, unless it was the reboot or bootc reported an error", () => {
        const signalled = { cancelled: false, signal: "TERM\n" };
        expect(operationOutcome(meta(), exitedWith(143), out("", signalled)))
            .toEqual({ kind: "stopped", signal: "TERM" });
        expect(operationOutcome(meta({ reboots: true }), exitedWith(143), out("", signalled)))
            .toEqual({ kind: "rebooting" });
        expect(operationOutcome(meta(), exitedWith(1), out("error: Upgrading: boom\n", signalled))?.kind)
            .toBe("failed");
        // it ended by itself before the signal mattered
        expect(operationOutcome(meta(), exitedWith(0), out("", signalled))?.kind).toBe("succeeded");
    });

    it("failures keep bootc's last error segment and say what kind of failure", () => {
        const stderr = "error: Upgrading: Pulling: Importing: Fetching blob sha256:1: Get \"https://quay.io/v2/blobs/sha256:1\": read tcp 10.0.2.15:48122->quay.io:443: read: connection reset by peer\n";
        const outcome = operationOutcome(meta(), exitedWith(1), out(stderr, none));
        expect(outcome).toMatchObject({
            kind: "failed", cause: "network",
            problem: { kind: "failed", summary: "connection reset by peer", stderr, exitStatus: 1 },
        });
    });

    it.each([
        ["error: Upgrading: Deployment contains local rpm-ostree modifications; cannot upgrade via bootc. You can run `rpm-ostree reset` to undo the modifications.", "incompatible"],
        ["error: Upgrading: Insufficient free space for quay.io/x (available: 1 GB required: 2 GB)", "disk-space"],
        ["error: Upgrading: Creating importer: failed to invoke method OpenImage: reading manifest 42 in quay.io/x: unauthorized: access to the requested resource is not authorized", "auth"],
        ["error: Switching: reading manifest 9 in quay.io/x: manifest unknown", "not-found"],
        // bootc waits for its lock: nothing it prints says another operation runs
        ["Another operation is running: bootc upgrade", "other"],
        ["error: Soft reboot was required but staged deployment is not soft-reboot capable", "soft-reboot"],
        ["error: Cannot perform this operation: /sysroot is on a read-only block device (e.g. a live ISO)", "read-only"],
        ["error: Upgrading: something new", "other"],
        // containers/image's token request, refused (real transcripts in test/fixtures/real)
        ["error: Upgrading: Creating importer: failed to invoke method OpenImage: initializing source docker://ghcr.io/x:1: Requesting bearer token: invalid status code from registry 403 (Forbidden)", "auth"],
        ["error: Switching: Creating importer: failed to invoke method OpenImage: reading manifest latest in quay.io/x: denied: requested access to the resource is denied", "auth"],
        ["error: Upgrading: Pulling: Head \"https://ghcr.io/v2/x/manifests/1\": denied", "auth"],
        // a local permission problem is not the registry refusing
        ["error: Upgrading: Opening /etc/ostree/auth.json: Permission denied (os error 13)", "other"],
        // composefs boot entries: no image at fault (bootc-dev/bootc#2375, #2010, #2228)
        ["error: Initializing storage: Prepending custom prefix to EFI and BLS entries: Getting sorted Type1 boot entries: No such file or directory (os error 2)", "boot-entries"],
        ["error: Status: Getting composefs deployment status: Getting composefs deployment status: Checking soft reboot capability: Setting soft reboot capability for Type1 entries: Booted BLS entry not found", "boot-entries"],
        ["error: Upgrading composefs: Getting composefs deployment status: Listing bootloader entries: efi does not start with custom prefix", "boot-entries"],
        // an OCI path that is not there names no image (bootc-dev/bootc#1284)
        ["ERROR Upgrading: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: lstat /run/install: no such file or directory", "not-found"],
        // bound images are pulled after staging
        ["error: Upgrading: Staging: Pulling bound images: Pulling bound images: Failed to pull image: Subprocess failed: ExitStatus(unix_wait_status(32000))", "bound-images"],
        ["error: Upgrading: Staging: Pulling bound images: Querying bound images: Not a symlink: foo.image", "bound-images"],
    ])("%s → %s", (text, cause) => {
        expect(failureCause(text)).toBe(cause);
    });

    it("a bound image that could not be pulled: named from bootc's announcement, the subprocess's words as the summary", () => {
        const stderr = [
            "Deploying...done (1 second)",
            "Fetching bound image: quay.io/curl/curl-base:latest...done (2 seconds)",
            "Fetching bound image: quay.io/curl/curl:latest...done (1 second)",
            "error: Upgrading: Staging: Pulling bound images: Pulling bound images: Failed to pull image: Subprocess failed: ExitStatus(unix_wait_status(32000))",
            "Error: initializing source docker://quay.io/curl/curl:latest: reading manifest latest in quay.io/curl/curl: unauthorized: access to the requested resource is not authorized",
            "",
        ].join("\n");
        expect(operationOutcome(meta(), exitedWith(1), out(stderr, none))).toMatchObject({
            kind: "failed",
            cause: "bound-images",
            boundImage: "quay.io/curl/curl:latest",
            problem: { summary: "access to the requested resource is not authorized" },
        });
    });

    it("bootc before 1.4.0: \"ERROR <chain>\" in colour even on a pipe, read like \"error: \"", () => {
        const stderr = "\u001b[31mERROR\u001b[0m Upgrading: Creating importer: failed to invoke method OpenImage: reading manifest 42 in quay.io/x: unauthorized: access to the requested resource is not authorized\n";
        const outcome = operationOutcome(meta({ reboots: true }), exitedWith(143), out(stderr, none));
        // an error bootc reported is not the reboot
        expect(outcome).toMatchObject({
            kind: "failed", cause: "auth", problem: { summary: "access to the requested resource is not authorized" },
        });
        const problem = outcome?.kind === "failed" ? outcome.problem : null;
        expect(problem?.kind === "failed" && problem.stderr).not.toContain("\u001b");
    });

    it("a check record, with the image the host tracked when it ran", () => {
        const out = "Update available for: docker://quay.io/x:1\n  Digest: sha256:12\nAdded layers:     2     Size: 10 MB\n";
        const check = meta({
            kind: "check", argv: ["bootc", "upgrade", "--check"],
            target: { image: "quay.io/x:1", transport: "registry", version: null, digest: null },
        });
        const exited0 = parseOperationState("exited 0 1763805600");
        expect(checkRecord(exited0, { stdout: out, stderr: "" }, check)).toMatchObject({
            endedAt: new Date(1763805600_000),
            image: { name: "quay.io/x:1", transport: "registry" },
            problem: null,
            output: { kind: "update", added: { layers: 2, size: "10 MB" } },
        });
        const failure = { stdout: "", stderr: "error: Upgrading: unauthorized: no\n" };
        const failed = checkRecord(parseOperationState("exited 1 1"), failure, check);
        expect(failed?.problem).toMatchObject({ kind: "failed", summary: "no" });
        expect(checkRecord(parseOperationState("running 12"), { stdout: "", stderr: "" }, check)).toBeNull();
        expect(checkRecord(null, { stdout: null, stderr: null }, null)).toBeNull();
        // a record from before the page kept the image: it does not say
        expect(checkRecord(parseOperationState("exited 0 1"), { stdout: out, stderr: "" }, null)?.image).toBeNull();
    });
});

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
        expect(call?.options).toEqual({ superuser: "require", timeoutMs: 30_000 });
        expect(call?.argv.slice(0, 4)).toEqual(["sh", "-c", START_SCRIPT, "--"]);
        const [dir, givenId, kind, progress, metaText, runner, ...argv] = call?.argv.slice(4) ?? [];
        expect([dir, givenId, kind, progress, runner]).toEqual([DIR, id, "update", "1", RUN_SCRIPT]);
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
        expect(started(0).slice(6)).toEqual(["bootc", "upgrade", "--check"]);
        await client.startUpdate({ mode: "download-only", softReboot: false, target: null });
        expect(started(1).slice(2, 4)).toEqual(["update", "0"]);
        expect(started(1).slice(6)).toEqual(["bootc", "upgrade", "--download-only"]);
        expect(parseOperationMeta(started(1)[4] ?? "")).toMatchObject({ downloadOnly: true, reboots: false });
        await client.applyDownloaded({ rebootNow: true, target: null });
        expect(started(2).slice(6)).toEqual(["bootc", "upgrade", "--from-downloaded", "--apply"]);
        expect(parseOperationMeta(started(2)[4] ?? "")).toMatchObject({ kind: "apply-downloaded", reboots: true });
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
            .map(call => parseOperationMeta(call.argv[8] ?? ""));
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
        transport.files.set(file("meta.json"), JSON.stringify(meta()));
        transport.files.set(file("state"), "running 42\n");
        await flush();
        await flush();
        expect(seen[seen.length - 1])
            .toMatchObject({ meta: { id: "op-1" }, state: { kind: "running", pid: 42 }, outcome: null });

        const pull = (bytes: number) => JSON.stringify({
            type: "ProgressBytes", task: "pulling", description: "Pulling Image: sha256:ab", id: "sha256:ab",
            bytesCached: 0, bytes, bytesTotal: 100, stepsCached: 0, steps: 0, stepsTotal: 2, subtasks: [],
        });
        transport.setFile(file("progress-bytes.json"), pull(10));
        tick(1000);
        transport.setFile(file("progress-bytes.json"), pull(40));
        expect(seen[seen.length - 1]?.progress)
            .toMatchObject({ phase: "pulling", pull: { bytes: 40 }, bytesPerSecond: 30 });

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
    });

    it("an operation that ended stays ended when a stale report of it running comes late", async () => {
        const { seen, transport } = setup();
        transport.files.set(file("meta.json"), JSON.stringify(meta({ reboots: true })));
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
        transport.files.set(file("meta.json"), JSON.stringify(meta()));
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
        transport.setFile(file("meta.json"), JSON.stringify(meta({ id: "op-2", kind: "check" })));
        await flush();
        expect(seen[seen.length - 1])
            .toMatchObject({ meta: { id: "op-2" }, state: { kind: "running" }, dismissed: false, outcome: null });
        expect(transport.followerCount(file("state"))).toBe(1);
    });

    it("without progress events, what bootc prints shows while it runs", async () => {
        const { seen, transport } = setup();
        transport.files.set(
            file("meta.json"),
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
        transport.files.set(file("meta.json"), JSON.stringify(meta()));
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
            transport.files.set(file("meta.json"), JSON.stringify(meta()));
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
        transport.files.set(file("meta.json"), JSON.stringify(meta()));
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
        expect(parseUpdateFacts("timer enabled\nnextroot no\n"))
            .toEqual({ timerEnabled: true, softRebootPrepared: false });
        expect(parseUpdateFacts("timer masked\nnextroot yes\n"))
            .toEqual({ timerEnabled: false, softRebootPrepared: true });
        expect(parseUpdateFacts("")).toEqual({ timerEnabled: false, softRebootPrepared: false });
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
