// SPDX-License-Identifier: LGPL-2.1-or-later
import { createBootcClient } from "../../src/backend/client";
import { BootcError, lastErrorSegment, problemFromTransport, summarizeStderr } from "../../src/backend/errors";
import type { BootcProblem } from "../../src/backend/errors";
import { TransportError } from "../../src/backend/transport";
import { parseBootcVersion, versionAtLeast } from "../../src/backend/version";
import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, statusJson } from "../fixtures/status-builder";
import type { Json } from "../fixtures/status-builder";

const STATUS = ["bootc", "status", "--format=json", "--format-version=1"];
const VERSION = ["bootc", "--version"];

async function problemOf(promise: Promise<unknown>): Promise<BootcProblem> {
    try {
        await promise;
    } catch (error) {
        if (error instanceof BootcError)
            return error.problem;
        throw error;
    }
    throw new Error("expected a BootcError");
}

describe("bootc status through the client", () => {
    it("runs exactly `bootc status --format=json --format-version=1` as root, with a timeout", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        const host = await createBootcClient(transport, { statusTimeoutMs: 1234 }).status();
        expect(host.isBootcHost).toBe(true);
        expect(transport.calls).toEqual([{ argv: STATUS, options: { superuser: "require", timeoutMs: 1234 } }]);
    });

    it("says bootc is busy when status does not answer in time (sysroot lock)", async () => {
        const transport = new FakeTransport().on(STATUS, { hang: true });
        expect(await problemOf(createBootcClient(transport, { statusTimeoutMs: 20 }).status()))
            .toEqual({ kind: "busy", waitedMs: 20 });
    });

    it("bootc missing", async () => {
        const transport = new FakeTransport()
            .on(STATUS, { error: new TransportError("not-found", "not-found", { problem: "not-found" }) });
        expect(await problemOf(createBootcClient(transport).status())).toEqual({ kind: "bootc-missing" });
    });

    it("no admin access in Cockpit", async () => {
        const transport = new FakeTransport()
            .on(STATUS, { error: new TransportError("access-denied", "Not permitted", { problem: "access-denied" }) });
        expect(await problemOf(createBootcClient(transport).status()))
            .toEqual({ kind: "admin-required", bootcMessage: null });
    });

    it("bootc itself asking for root", async () => {
        const transport = new FakeTransport().on(STATUS, exited("error: Status: Preparing for write: Querying root privilege: This command must be executed as the root user\n"));
        expect(await problemOf(createBootcClient(transport).status()))
            .toEqual({ kind: "admin-required", bootcMessage: "This command must be executed as the root user" });
    });

    it("bootc before 1.4.0 asking for root: \"ERROR <chain>\" in colour, understood the same", async () => {
        const transport = new FakeTransport().on(STATUS, exited("\u001b[31mERROR\u001b[0m Status: Preparing for write: Querying root privilege: This command must be executed as the root user\n"));
        expect(await problemOf(createBootcClient(transport).status()))
            .toEqual({ kind: "admin-required", bootcMessage: "This command must be executed as the root user" });
    });

    it("bootc before 0.1.14 refuses --format-version: status is read with --json from then on", async () => {
        const legacy = ["bootc", "status", "--json"];
        const transport = new FakeTransport()
            .on(STATUS, exited("error: unexpected argument '--format' found\n\nUsage: bootc status [OPTIONS]\n\nFor more information, try '--help'.\n", 2))
            .on(legacy, { stdout: statusJson({ booted: bootEntry() }) });
        const client = createBootcClient(transport);
        expect((await client.status()).isBootcHost).toBe(true);
        expect((await client.status()).isBootcHost).toBe(true);
        expect(transport.calls.map(call => call.argv)).toEqual([STATUS, legacy, legacy]);
        expect(transport.calls[1]?.options).toEqual({ superuser: "require", timeoutMs: expect.any(Number) as number });
    });

    it("any other failure of status is not taken for an old bootc", async () => {
        const transport = new FakeTransport()
            .on(STATUS, exited("error: unexpected argument '--booted' found\n", 2));
        expect(await problemOf(createBootcClient(transport).status())).toMatchObject({ kind: "failed" });
        expect(transport.calls).toHaveLength(1);
    });

    it("bootc failing keeps its stderr and the last segment of its error line", async () => {
        const stderr = "warning: something deprecated\nerror: Status: Rollback deployment: Reading deployment metadata: Missing base image ref ostree/container/image/docker/quay.io\n";
        const transport = new FakeTransport().on(STATUS, exited(stderr));
        expect(await problemOf(createBootcClient(transport).status())).toEqual({
            kind: "failed",
            argv: STATUS,
            summary: "Missing base image ref ostree/container/image/docker/quay.io",
            stderr,
            exitStatus: 1,
        });
    });

    it("output not understood names the problem and bootc's version", async () => {
        const transport = new FakeTransport()
            .on(STATUS, { stdout: "{\"apiVersion\": \"org.containers.bootc/v1\", \"kind\": \"BootcHost\", \"status\": {\"booted\": 42}}" })
            .on(VERSION, { stdout: "bootc 1.16.9\n" });
        const problem = await problemOf(createBootcClient(transport).status());
        expect(problem)
            .toMatchObject({ kind: "bad-output", reason: "not a bootc host status", version: "bootc 1.16.9" });
        expect(problem.kind === "bad-output" && problem.issues[0]).toMatch(/^status\.booted: /);
    });

    it("output not understood still reports when --version fails too", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: "garbage" }).on(VERSION, exited("boom"));
        expect(await problemOf(createBootcClient(transport).status()))
            .toMatchObject({ kind: "bad-output", reason: "not JSON", version: null, output: "garbage" });
    });

    it("watches /ostree/bootc for changes and forwards privilege changes", () => {
        const transport = new FakeTransport();
        const client = createBootcClient(transport);
        const changes = jest.fn();
        const privileges = jest.fn();
        const watch = client.watchStatusChanges(changes);
        const priv = client.onPrivilegesChanged(privileges);
        transport.fireChange("/ostree/bootc");
        transport.firePrivilegesChanged();
        expect(changes).toHaveBeenCalledTimes(1);
        expect(privileges).toHaveBeenCalledTimes(1);
        watch.dispose();
        priv.dispose();
        transport.fireChange("/ostree/bootc");
        transport.firePrivilegesChanged();
        expect(changes).toHaveBeenCalledTimes(1);
        expect(privileges).toHaveBeenCalledTimes(1);
    });
});

describe("error chains", () => {
    it.each([
        ["Status: Preparing for write: Querying root privilege: This command must be executed as the root user", "This command must be executed as the root user"],
        ["Upgrading: Insufficient free space for quay.io/x:42 (available: 1.2 GB required: 2.4 GB)", "Insufficient free space for quay.io/x:42 (available: 1.2 GB required: 2.4 GB)"],
        ["Upgrading: Deployment contains local rpm-ostree modifications; cannot upgrade via bootc. You can run `rpm-ostree reset` to undo the modifications.", "Deployment contains local rpm-ostree modifications; cannot upgrade via bootc. You can run `rpm-ostree reset` to undo the modifications."],
        ["Pulling: reading blob: Get \"https://quay.io/v2/x: y\": dial tcp: lookup quay.io: no such host", "no such host"],
        ["Switching: containers-policy.json specifies a default of `insecureAcceptAnything`; refusing usage", "containers-policy.json specifies a default of `insecureAcceptAnything`; refusing usage"],
        ["No rollback available", "No rollback available"],
        ["unbalanced (bracket: here", "unbalanced (bracket: here"],
    ])("%s", (chain, last) => {
        expect(lastErrorSegment(chain)).toBe(last);
    });

    it("summarizes stderr from the last error line, else the last line, else the status", () => {
        expect(summarizeStderr("error: A: B\nerror: C: D\n", 1)).toBe("D");
        expect(summarizeStderr("Deploying...\nsomething odd happened\n", 1)).toBe("something odd happened");
        expect(summarizeStderr("", 3)).toBe("bootc exited with status 3");
        expect(summarizeStderr("  \n", null)).toBe("bootc failed");
    });

    it("maps transport failures", () => {
        const argv = ["bootc", "x"];
        expect(problemFromTransport(new TransportError("disconnected", "Server has closed the connection."), argv))
            .toEqual({ kind: "connection", message: "Server has closed the connection." });
        expect(problemFromTransport(new Error("weird"), argv)).toEqual({ kind: "connection", message: "weird" });
        expect(
            problemFromTransport(
                new TransportError("exited", "x", { exitStatus: 127, stderr: "sudo: bootc: command not found" }), argv,
            ),
        )
            .toEqual({ kind: "bootc-missing" });
        expect(problemFromTransport(new TransportError("exited", "x", { exitStatus: 1, stderr: "error: This command requires full root privileges (CAP_SYS_ADMIN)" }), argv))
            .toEqual({
                kind: "admin-required", bootcMessage: "This command requires full root privileges (CAP_SYS_ADMIN)",
            });
        expect(problemFromTransport(new TransportError("signaled", "x", { signal: 9, stderr: "" }), argv))
            .toMatchObject({ kind: "failed", summary: "bootc failed" });
    });
});

describe("bootc --version", () => {
    it("parses releases and pre-releases, refuses anything else", () => {
        expect(parseBootcVersion("bootc 1.16.9\n")).toEqual({ raw: "bootc 1.16.9", major: 1, minor: 16, patch: 9 });
        expect(parseBootcVersion("bootc 1.17.0-rc1")).toMatchObject({ major: 1, minor: 17, patch: 0 });
        expect(parseBootcVersion("podman 5.0.0")).toBeNull();
        expect(parseBootcVersion("")).toBeNull();
    });

    it("compares versions for feature gates", () => {
        const v = { raw: "", major: 1, minor: 15, patch: 2 };
        expect(versionAtLeast(v, 1, 15)).toBe(true);
        expect(versionAtLeast(v, 1, 15, 3)).toBe(false);
        expect(versionAtLeast(v, 1, 16)).toBe(false);
        expect(versionAtLeast(v, 0, 99)).toBe(true);
        expect(versionAtLeast(v, 2, 0)).toBe(false);
    });
});

describe("the image report's declarations", () => {
    const DECLARATIONS = "# The logically bound image declarations";

    function client(usrOverlay: Json | null) {
        const transport = new FakeTransport().on(STATUS, {
            stdout: statusJson({
                booted: bootEntry(), staged: bootEntry({}, "staged"), ...(usrOverlay ? { usrOverlay } : {}),
            }),
        });
        const roots: string[] = [];
        transport.scriptHandler = (text, args) => {
            if (!text.includes(DECLARATIONS))
                return undefined;
            roots.push(args[0] ?? "");
            // the staged root is not there the first time it is asked
            return { stdout: args[0] !== "/" && roots.length <= 2 ? "no-root\n" : "none\n" };
        };
        return { bootc: createBootcClient(transport), roots };
    }

    it("reads a deployment's bound-images.d once: its /usr does not change", async () => {
        const { bootc, roots } = client(null);
        const host = await bootc.status();
        await bootc.imageReport(host);
        await bootc.imageReport(host);
        await bootc.imageReport(host);
        const staged = roots.filter(root => root !== "/");
        // the booted root once; the staged one until it was there
        expect(roots.filter(root => root === "/")).toHaveLength(1);
        expect(staged).toHaveLength(2);
        expect(staged[0]).toMatch(/^\/ostree\/deploy\/default\/deploy\/[0-9a-f]{64}\.0$/);
    });

    it("reads the running system's again on every report while an overlay is on /usr", async () => {
        const { bootc, roots } = client({ accessMode: "readWrite", persistence: "transient" });
        const host = await bootc.status();
        await bootc.imageReport(host);
        await bootc.imageReport(host);
        expect(roots.filter(root => root === "/")).toHaveLength(2);
    });
});
