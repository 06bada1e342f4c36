// SPDX-License-Identifier: LGPL-2.1-or-later
// What an operation's record under /run/cockpit-bootc means: its state and meta lines, what bootc did
// per kind, and the outcome of every way it can end, with the causes of failures from bootc's words.
import { parseBootcProcesses } from "../../src/backend/host-operations";
import { OPERATION_KINDS, OPERATION_TRAITS } from "../../src/backend/operation-kinds";
import {
    checkRecord, failureCause, operationOutcome, parseOperationMeta, parseOperationState, recordMatches,
} from "../../src/backend/operation-records";
import type { OperationMeta } from "../../src/backend/operation-records";
import { operationMeta as meta } from "../fixtures/operation-meta";

describe("the operation record", () => {
    it("is shown only when meta.json names the id, kind and command the start script recorded", () => {
        const record = meta({ id: "op-1", kind: "update", argv: ["bootc", "upgrade"] });
        const files = { id: "op-1\n", kind: "update\n", argv: "bootc\nupgrade\n" };
        expect(recordMatches(record, files)).toBe(true);
        expect(recordMatches(record, { ...files, id: "op-2\n" })).toBe(false);
        expect(recordMatches(record, { ...files, kind: "switch\n" })).toBe(false);
        expect(recordMatches(record, { ...files, argv: "bootc\nswitch\nquay.io/evil\n" })).toBe(false);
        expect(recordMatches(record, { id: null, kind: null, argv: null })).toBe(false);
    });

    it("bootc processes, as bootc-processes.sh lists them", () => {
        expect(parseBootcProcesses([
            "other\t812\t1763805600\tbootc-fetch-apply-updates.service\t-\t-\tupgrade --apply --quiet",
            "ours\t900\t-\t-\talice\ttty\tswitch quay.io/x:1",
            "nonsense",
            "other\tx\t-\t-\t-\t-\tupgrade",
            "",
        ].join("\n"))).toEqual([
            {
                ours: false, pid: 812, startedAt: new Date(1763805600_000), unit: "bootc-fetch-apply-updates.service",
                user: null, terminal: false, args: "upgrade --apply --quiet",
            },
            {
                ours: true, pid: 900, startedAt: null, unit: null, user: "alice", terminal: true,
                args: "switch quay.io/x:1",
            },
        ]);
    });

    it("state lines", () => {
        expect(parseOperationState("starting\n")).toEqual({ kind: "starting" });
        expect(parseOperationState("running 1234\n")).toEqual({ kind: "running", pid: 1234 });
        expect(parseOperationState("exited 1 1763805600\n"))
            .toEqual({ kind: "exited", code: 1, endedAt: new Date(1763805600_000) });
        expect(parseOperationState("exited 0")).toEqual({ kind: "exited", code: 0, endedAt: null });
        // records from before reasons were written
        expect(parseOperationState("lost")).toEqual({ kind: "lost", reason: "runner-gone", at: null });
        expect(parseOperationState("lost not-started 1763805600"))
            .toEqual({ kind: "lost", reason: "not-started", at: new Date(1763805600_000) });
        expect(parseOperationState("lost runner-gone 1763805600"))
            .toEqual({ kind: "lost", reason: "runner-gone", at: new Date(1763805600_000) });
        expect(parseOperationState("starting 1763805600")).toEqual({ kind: "starting" });
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
    const runnerGone = { kind: "lost" as const, reason: "runner-gone" as const, at: null };
    const notStarted = { kind: "lost" as const, reason: "not-started" as const, at: null };

    it("success, still running", () => {
        expect(operationOutcome(meta(), exitedWith(0), out("", none)))
            .toEqual({ kind: "succeeded", result: { kind: "staged", queued: null } });
        expect(operationOutcome(meta(), { kind: "running", pid: 1 }, out("", none))).toBeNull();
    });

    it("--apply stopped by the shutdown is the reboot happening", () => {
        expect(operationOutcome(meta({ reboots: true }), exitedWith(143), out("", none)))
            .toEqual({ kind: "rebooting" });
        expect(operationOutcome(meta({ reboots: true }), runnerGone, out("", none)))
            .toEqual({ kind: "rebooting" });
        // but not when it never started, or when bootc outlived its runner and ended unseen
        expect(operationOutcome(meta({ reboots: true }), notStarted, out("", none)))
            .toEqual({ kind: "lost", reason: "not-started", runnerGone: false });
        expect(operationOutcome(meta({ reboots: true }), runnerGone, { ...out("", none), runnerGone: true }))
            .toEqual({ kind: "lost", reason: "runner-gone", runnerGone: true });
        // but an error bootc printed before is an error
        expect(operationOutcome(meta({ reboots: true }), exitedWith(143), out("error: Upgrading: boom\n", none))?.kind)
            .toBe("failed");
        expect(operationOutcome(meta(), exitedWith(143), out("", none))?.kind).toBe("failed");
        expect(operationOutcome(meta(), runnerGone, out("", none)))
            .toEqual({ kind: "lost", reason: "runner-gone", runnerGone: false });
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
