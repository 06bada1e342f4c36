// SPDX-License-Identifier: LGPL-2.1-or-later
// The simulator's status, version, usage errors and read-only verbs follow CONTRACT.md.
import { readFileSync, writeFileSync } from "node:fs";

import { parseStatusOutput } from "../../src/backend/client";

import { simHosts } from "./run-sim";
import { BUILDS, FAST_TIMING } from "./scenarios";

jest.setTimeout(30_000);

const host = simHosts();

const STATUS = ["status", "--format=json", "--format-version=1"];

describe("bootc status", () => {
    it("prints canonical JSON: one line, keys sorted, no trailing newline", async () => {
        const result = await host("staged-rollback").run(STATUS);
        expect(result.code).toBe(0);
        expect(result.stdout).not.toContain("\n");
        expect(result.stdout.startsWith("{\"apiVersion\":\"org.containers.bootc/v1\",\"kind\":\"BootcHost\",\"metadata\":{\"name\":\"host\"},\"spec\":")).toBe(true);
        const sortedKeys = (value: unknown): boolean => {
            if (Array.isArray(value))
                return value.every(sortedKeys);
            if (value && typeof value === "object") {
                const keys = Object.keys(value);
                return keys.join() === [...keys].sort().join() && Object.values(value).every(sortedKeys);
            }
            return true;
        };
        expect(sortedKeys(JSON.parse(result.stdout))).toBe(true);
    });

    const SCENARIOS = [
        "demo", "booted-only", "staged-rollback", "download-only", "rollback-queued", "pinned", "incompatible",
        "composefs", "usr-overlay", "read-only", "extra-fields", "old-bootc", "bootc-1.2", "not-bootc",
    ];
    it.each(SCENARIOS)("scenario %s is a status the page understands", async scenario => {
        const result = await host(scenario).run(STATUS);
        expect(result.code).toBe(0);
        const parsed = parseStatusOutput(result.stdout);
        expect(parsed).toMatchObject({ ok: true });
    });

    it("describes the seeded machine", async () => {
        const status = await host("staged-rollback").status() as {
            spec: { image: unknown };
            status: Record<string, {
                image: { version: string; image: unknown } | null;
                ostree: unknown;
            } | boolean | null>;
        };
        expect(status.spec.image).toEqual({ image: "quay.io/fedora/fedora-bootc:42", transport: "registry" });
        const version = (role: string) => (status.status[role] as { image: { version: string } }).image.version;
        expect([version("staged"), version("booted"), version("rollback")])
            .toEqual([BUILDS.update.version, BUILDS.booted.version, BUILDS.rollback.version]);
        expect(status.status.type).toBe("bootcHost");
    });

    it("on a host not booted via bootc: the empty host, exit 0, even without root", async () => {
        const h = host("not-bootc", s => {
            s.faults.notRoot = true;
        });
        const result = await h.run(STATUS);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual({
            apiVersion: "org.containers.bootc/v1", kind: "BootcHost", metadata: { name: "host" },
            spec: { bootOrder: "default", image: null },
            status: {
                booted: null, readOnly: false, rollback: null, rollbackQueued: false, staged: null, type: null,
                usrOverlay: null,
            },
        });
    });

    it("needs root on a booted host", async () => {
        const result = await host("demo", s => {
            s.faults.notRoot = true;
        }).run(STATUS);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Status: Preparing for write: Querying root privilege: This command must be executed as the root user\n");
        expect(result.stdout).toBe("");
    });

    it("an old bootc: compact JSON in struct order, without the fields it did not have", async () => {
        const result = await host("old-bootc").run(STATUS);
        expect(result.stdout.startsWith("{\"apiVersion\"")).toBe(true);
        const status = JSON.parse(result.stdout) as {
            status: Record<string, unknown> & { booted: Record<string, unknown> },
        };
        expect(Object.keys(status.status.booted)).not.toContain("softRebootCapable");
        expect(Object.keys(status.status.booted)).not.toContain("downloadOnly");
        expect(Object.keys(status.status)).not.toContain("usrOverlay");
        expect(Object.keys(status.status)).not.toContain("readOnly");
    });

    it("bootc 0.1.9: --format and --format-version are refused as clap refuses them; --json prints v1alpha1", async () => {
        const old = host("bootc-0.1");
        const refused = await old.run(STATUS);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/^error: unexpected argument '--format' found/);
        const result = await old.run(["status", "--json"]);
        expect(result.code).toBe(0);
        const status = JSON.parse(result.stdout) as {
            apiVersion: string; spec: Record<string, unknown>;
            status: Record<string, unknown> & { booted: Record<string, unknown> & { ostree: object } },
        };
        expect(status.apiVersion).toBe("org.containers.bootc/v1alpha1");
        expect(Object.keys(status.spec)).toEqual(["image"]);
        expect(Object.keys(status.status.booted.ostree)).toEqual(["checksum", "deploySerial"]);
        expect(Object.keys(status.status.booted)).not.toContain("store");
        expect(Object.keys(status.status)).not.toContain("rollbackQueued");
        expect(status.status.type).toBe("bootcHost");
        expect(parseStatusOutput(result.stdout)).toMatchObject({ ok: true });
    });

    it("bootc 1.2: no stateroot; an error is \"ERROR <chain>\" with the level in colour", async () => {
        const h = host("bootc-1.2", s => {
            s.faults.statusError = "Rollback deployment: Reading deployment metadata: Missing base image ref";
        });
        const result = await h.run(STATUS);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("\u001b[31mERROR\u001b[0m Status: Rollback deployment: Reading deployment metadata: Missing base image ref\n");
        const ok = await host("bootc-1.2").run(STATUS);
        const status = JSON.parse(ok.stdout) as { status: { booted: { ostree: object; store: string } } };
        expect(Object.keys(status.status.booted.ostree)).toEqual(["checksum", "deploySerial"]);
        expect(status.status.booted.store).toBe("ostreeContainer");
    });

    it.each([
        ["truncated", "not JSON"],
        ["empty", "not JSON"],
        ["yaml", "not JSON"],
        ["wrong-type", "not a bootc host status"],
    ] as const)("malformed output (%s) is refused by the page's parser", async (fault, reason) => {
        const result = await host("demo", s => {
            s.faults.statusOutput = fault;
        }).run(STATUS);
        expect(result.code).toBe(0);
        expect(parseStatusOutput(result.stdout)).toMatchObject({ ok: false, reason });
    });

    it("fails with a given error chain", async () => {
        const result = await host("demo", s => {
            s.faults.statusError = "Rollback deployment: Reading deployment metadata: Missing base image ref";
        }).run(STATUS);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Status: Rollback deployment: Reading deployment metadata: Missing base image ref\n");
    });

    it("refuses other format versions", async () => {
        const result = await host("demo").run(["status", "--format=json", "--format-version=2"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Unsupported format version: 2\n");
    });

    it("waits silently for the sysroot lock, and answers once it is free", async () => {
        const h = host("demo");
        h.update(s => {
            s.faults.lockHeldUntil = Date.now() + 10 * 60_000;
        });
        let finished = false;
        const status = h.run(STATUS).then(result => {
            finished = true;
            return result;
        });
        await new Promise(r => setTimeout(r, 500));
        expect(finished).toBe(false);
        h.update(s => {
            delete s.faults.lockHeldUntil;
        });
        const result = await status;
        expect(result.code).toBe(0);
        expect(result.stderr).toBe("");
    });

    it("records every call", async () => {
        const h = host("demo");
        await h.run(["--version"]);
        await h.run(STATUS);
        const calls = readFileSync(`${h.paths.stateDir}/calls.jsonl`, "utf8").trim().split("\n")
            .map(l => JSON.parse(l) as { argv: string[] });
        expect(calls.map(c => c.argv)).toEqual([["bootc", "--version"], ["bootc", ...STATUS]]);
    });
});

describe("the command line", () => {
    it("--version", async () => {
        expect((await host("demo").run(["--version"])).stdout).toBe("bootc 1.16.9\n");
        expect((await host("old-bootc").run(["--version"])).stdout).toBe("bootc 1.1.0\n");
    });

    it.each([
        [["upgrade", "--chek"], "error: unexpected argument '--chek' found\n\nUsage: bootc upgrade [OPTIONS]\n\nFor more information, try '--help'.\n"],
        [["upgrade", "--check", "--apply"], "error: the argument '--check' cannot be used with '--apply'\n\nUsage: bootc upgrade [OPTIONS]\n\nFor more information, try '--help'.\n"],
        [["switch"], "error: the following required arguments were not provided:\n  <TARGET>\n\nUsage: bootc switch [OPTIONS] <TARGET>\n\nFor more information, try '--help'.\n"],
        [["switch", "--", "-x", "y"], "error: unexpected argument 'y' found\n\nUsage: bootc switch [OPTIONS] <TARGET>\n\nFor more information, try '--help'.\n"],
        [["upgrade", "--progress-fd", "1"], "error: invalid value '1' for '--progress-fd <PROGRESS_FD>': Cannot use fd 1 for progress JSON\n\nFor more information, try '--help'.\n"],
        [["upgrade", "--soft-reboot=maybe"], "error: invalid value 'maybe' for '--soft-reboot <SOFT_REBOOT>'\n  [possible values: required, auto]\n\nFor more information, try '--help'.\n"],
        [["frobnicate"], "error: unrecognized subcommand 'frobnicate'\n\nUsage: bootc <COMMAND>\n\nFor more information, try '--help'.\n"],
    ])("bootc %j is a usage error (exit 2)", async (args, stderr) => {
        const result = await host("demo").run(args);
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(stderr);
    });

    it("flags newer than the simulated bootc do not exist", async () => {
        const result = await host("old-bootc").run(["upgrade", "--download-only"]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("unexpected argument '--download-only' found");
    });

    it("refuses to run without a simulated host", async () => {
        const h = host("demo");
        h.remove();
        const result = await h.run(["--version"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^error: bootc simulator: no simulated host/);
    });
});

describe("bootc image", () => {
    it("lists the bound images the booted root declares, as JSON with snake_case keys", async () => {
        const result = await host("demo").run(["image", "list", "--type", "logical", "--format", "json"]);
        expect(result.code).toBe(0);
        expect(result.stdout.endsWith("\n")).toBe(false);
        expect(JSON.parse(result.stdout)).toEqual([
            { image_type: "logical", image: "quay.io/curl/curl-base:latest" },
            { image_type: "logical", image: "quay.io/curl/curl:latest" },
            { image_type: "logical", image: "registry.access.redhat.com/ubi9/podman:latest" },
        ]);
    });

    it("lists host images as a table", async () => {
        const result = await host("demo").run(["image", "list", "--type=host"]);
        expect(result.stdout.split("\n")[0]).toMatch(/^REPOSITORY\s+TYPE$/);
        expect(result.stdout).toMatch(/docker:\/\/quay\.io\/fedora\/fedora-bootc:42\s+host/);
    });

    it("since 1.16.0 lists bootc's container storage as \"unified\" with the host images", async () => {
        const list = ["image", "list", "--type=host", "--format=json"];
        const entries = JSON.parse((await host("demo").run(list)).stdout) as { image_type: string; image: string }[];
        expect(entries.filter(e => e.image_type === "unified").map(e => e.image).sort())
            .toEqual([
                "quay.io/curl/curl-base:latest", "quay.io/curl/curl:latest",
                "registry.access.redhat.com/ubi9/podman:latest",
            ]);
        const older = JSON.parse((await host("bootc-1.2").run(list)).stdout) as { image_type: string }[];
        expect(older.every(e => e.image_type === "host")).toBe(true);
    });

    it("copies the booted image to container storage", async () => {
        const h = host("demo");
        h.update(s => { s.timing = FAST_TIMING; });
        const result = await h.run(["image", "copy-to-storage"]);
        expect(result.code).toBe(0);
        const lines = result.stdout.trimEnd().split("\n");
        expect(lines[0]).toBe("Copying local image docker://quay.io/fedora/fedora-bootc:42 to containers-storage:localhost/bootc ...");
        expect(lines).toContain("Writing manifest to image destination");
        expect(lines.filter(line => line.startsWith("Copying blob "))).toHaveLength(11);
        expect(lines[lines.length - 1]).toMatch(/^Pushed: containers-storage:localhost\/bootc sha256:[0-9a-f]{64}$/);
        // exported anew: not the registry's digest
        expect(lines[lines.length - 1]).not.toContain(h.state().booted?.digest ?? "none");
        expect(h.state().containersStorage).toEqual(["localhost/bootc"]);
    });

    it("copies a host image named the way image list prints it", async () => {
        const h = host("demo");
        h.update(s => { s.timing = FAST_TIMING; });
        const rollback = h.state().rollback?.spec?.image ?? "";
        const result = await h.run([
            "image", "copy-to-storage", `--source=docker://${rollback}`, "--target", "localhost/old-os:41",
        ]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`Copying local image docker://${rollback} to containers-storage:localhost/old-os:41 ...`);
        expect(h.state().containersStorage).toEqual(["localhost/old-os:41"]);
    });

    it.each([
        ["quay.io/fedora/fedora-bootc:42", "error: Parsing source image: Unknown transport 'quay.io/fedora/fedora-bootc'"],
        ["localhost", "error: Parsing source image: Missing ':' in localhost"],
        ["docker:quay.io/x", "error: Parsing source image: Missing // in docker:// in docker:quay.io/x"],
        ["docker://quay.io/fedora/fedora-bootc:43", "error: No such image"],
    ])("refuses the source %s", async (source, message) => {
        const h = host("demo");
        const result = await h.run(["image", "copy-to-storage", "--source", source]);
        expect(result.code).toBe(1);
        expect(result.stderr.trim()).toBe(message);
        expect(h.state().containersStorage).toEqual([]);
    });

    it("a copy that fails leaves the storage as it was", async () => {
        const h = host("demo");
        h.update(s => { s.faults.copyError = "writing blob: adding layer with blob: no space left on device"; });
        const result = await h.run(["image", "copy-to-storage"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("no space left on device");
        expect(h.state().containersStorage).toEqual([]);
    });

    it("a declaration bootc rejects fails the listing", async () => {
        const h = host("demo");
        writeFileSync(`${h.paths.root}/usr/share/containers/systemd/podman.image`, "[Image]\nImage=registry.access.redhat.com/ubi9/podman:latest\nAuthFile=/root/auth.json\n");
        const result = await h.run(["image", "list", "--type", "logical", "--format", "json"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Parsing podman.image: AuthFile is not supported by bound bootc images\n");
    });
});
