// SPDX-License-Identifier: LGPL-2.1-or-later
// The simulator's write verbs: what they print, what they change, their progress and their faults.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { simHosts } from "./run-sim";
import type { SimHost } from "./run-sim";
import { BUILDS } from "./scenarios";

jest.setTimeout(30_000);

const host = simHosts();

const FEDORA = "quay.io/fedora/fedora-bootc";

function stampTime(h: SimHost): number {
    return statSync(join(h.paths.root, "ostree/bootc")).mtimeMs;
}

describe("bootc upgrade --check", () => {
    it("finds the update, prints it and records it as cachedUpdate on the booted entry", async () => {
        const h = host("booted-only");
        const before = stampTime(h);
        await new Promise(r => setTimeout(r, 20));
        const result = await h.run(["upgrade", "--check"]);
        expect(result.code).toBe(0);
        const update = h.state().registry[FEDORA]?.["42"];
        expect(result.stdout).toMatch(new RegExp(`^Update available for: docker://${FEDORA}:42\n  Version: ${BUILDS.update.version}\n  Digest: ${update}\nTotal new layers: 11    Size: [0-9.]+ MB\nRemoved layers:   5     Size: [0-9.]+ MB\nAdded layers:     5     Size: [0-9.]+ MB\n$`));
        expect(h.state().booted?.cachedUpdate).toBe(update);
        expect(h.state().staged).toBeNull();
        expect(stampTime(h)).toBeGreaterThan(before);
    });

    it("says there are no changes when the registry has what is booted", async () => {
        const h = host("booted-only", s => {
            const fedora = s.registry[FEDORA];
            if (fedora)
                fedora["42"] = s.booted?.digest ?? "";
        });
        const result = await h.run(["upgrade", "--check"]);
        expect(result.stdout).toBe(`No changes in: docker://${FEDORA}:42\n`);
        expect(h.state().booted?.cachedUpdate).toBeNull();
    });
});

describe("bootc upgrade", () => {
    it("pulls, stages and reports, with bootc's progress protocol", async () => {
        const h = host("booted-only");
        const result = await h.run(["upgrade", "--progress-fd", "3"], { progress: true });
        expect(result.code).toBe(0);
        const digest = h.state().registry[FEDORA]?.["42"] ?? "";
        expect(result.stdout).toContain("layers already present: 6; layers needed: 5 (");
        expect(result.stdout).toContain(`Bound images stored: 3\nQueued for next boot: ${FEDORA}:42\n  Version: ${BUILDS.update.version}\n  Digest: ${digest}\nTotal new layers: 11`);
        expect(result.stderr).toContain("Deploying...done (1 second)\n");
        expect(h.state().staged).toMatchObject({ digest, downloadOnly: false, spec: { image: `${FEDORA}:42` } });
        expect(h.file("/run/reboot-required")).toBe(`bootc: Reboot required for image: ${digest}\n`);
        expect(h.file("/run/ostree/staged-deployment")).toBe("");
        expect(h.file("/run/ostree/staged-deployment-locked")).toBeNull();

        const events = result.progress;
        expect(events[0]).toEqual({ type: "Start", version: "0.1.0" });
        const pulling = events.filter(e => e.task === "pulling");
        expect(pulling.length).toBeGreaterThan(4);
        const bytes = pulling.map(e => e.bytes as number);
        expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
        const last = pulling[pulling.length - 1] ?? {};
        expect(last).toMatchObject({
            type: "ProgressBytes", steps: 5, stepsTotal: 5, stepsCached: 6, id: digest,
            description: `Pulling Image: ${digest}`,
        });
        expect(last.bytes).toBe(last.bytesTotal);
        const subtasks = last.subtasks as { subtask: string; id: string; bytes: number; bytesTotal: number }[];
        expect(subtasks.map(s => s.subtask))
            .toEqual(["ostree chunk", "ostree chunk", "ostree chunk", "ostree chunk", "layer"]);
        expect(subtasks.every(s => s.id.length === 21 && s.bytes === s.bytesTotal)).toBe(true);
        expect(events.filter(e => e.task === "importing").map(e => e.steps)).toEqual([0, 1]);
        const staging = events.filter(e => e.task === "staging");
        expect(staging.map(e => e.steps)).toEqual([0, 1, 1, 2, 3]);
        expect(staging.every(e => e.stepsTotal === 3 && e.type === "ProgressSteps")).toBe(true);
        const final = (staging[4]?.subtasks ?? []) as { subtask: string }[];
        expect(final.map(s => s.subtask)).toEqual(["merging", "deploying", "bound_images", "cleanup", "cleanup"]);
        expect(events.some(e => e.type === "End")).toBe(false);
    });

    it("a second upgrade finds the staged update unchanged; download-only and from-downloaded flip its lock", async () => {
        const h = host("booted-only");
        await h.run(["upgrade"]);
        const again = await h.run(["upgrade", "--progress-fd", "3"], { progress: true });
        expect(again.stdout).toMatch(/Staged update present, not changed\n$/);
        expect(again.progress).toEqual([]); // nothing to do: no progress at all

        expect((await h.run(["upgrade", "--download-only"])).stdout).toMatch(/Image downloaded, but will not be applied on reboot\n$/);
        expect(h.state().staged?.downloadOnly).toBe(true);
        expect(h.file("/run/ostree/staged-deployment-locked")).toBe("");

        expect((await h.run(["upgrade", "--from-downloaded"])).stdout)
            .toBe("Staged deployment will now be applied on reboot\n");
        expect(h.state().staged?.downloadOnly).toBe(false);
        expect((await h.run(["upgrade", "--from-downloaded"])).stdout)
            .toBe("Staged deployment is already set to apply on reboot\n");
    });

    it("--download-only stages a locked deployment", async () => {
        const h = host("booted-only");
        expect((await h.run(["upgrade", "--download-only"])).code).toBe(0);
        expect(h.state().staged?.downloadOnly).toBe(true);
    });

    it("--from-downloaded without a staged deployment fails", async () => {
        const result = await host("booted-only").run(["upgrade", "--from-downloaded"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Upgrading: No staged deployment found\n");
    });

    it("--tag moves to another tag of the same repository", async () => {
        const h = host("booted-only");
        const result = await h.run(["upgrade", "--tag", "43"]);
        expect(result.code).toBe(0);
        expect(h.state().staged?.spec?.image).toBe(`${FEDORA}:43`);
        expect(h.state().staged?.digest).toBe(h.state().registry[FEDORA]?.["43"]);
    });

    it("a pull that fails part-way changes nothing but keeps the layers it completed", async () => {
        const h = host("booted-only", s => {
            s.faults.pullFailAtPercent = 70; // past the first (largest) layer
        });
        const result = await h.run(["upgrade", "--progress-fd", "3"], { progress: true });
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^error: Upgrading: Pulling: Importing: Fetching blob sha256:[0-9a-f]{64}: Get "https:\/\/quay\.io\/v2\/blobs\/sha256:[0-9a-f]{64}": read tcp .*: read: connection reset by peer\n$/);
        const pulled = result.progress.filter(e => e.task === "pulling");
        const last = pulled[pulled.length - 1] ?? {};
        expect((last.bytes as number) / (last.bytesTotal as number)).toBeLessThan(0.7);
        expect(last.steps).toBe(1);
        expect(h.state().staged).toBeNull();
        expect(h.file("/run/reboot-required")).toBeNull();
        expect(h.state().faults.pullFailAtPercent).toBeUndefined();

        const retry = await h.run(["upgrade"]);
        expect(retry.code).toBe(0);
        expect(retry.stdout).toMatch(/^layers already present: 7; layers needed: 4 /);
    });

    it("a slow pull moves in small steps", async () => {
        const fast = await host("booted-only").run(["upgrade", "--progress-fd", "3"], { progress: true });
        const h = host("booted-only", s => {
            s.faults.slowPullBytesPerSecond = 500_000_000; // 10 MB per 20 ms tick for the 337.6 MB to fetch
        });
        const slow = await h.run(["upgrade", "--progress-fd", "3"], { progress: true });
        expect(slow.code).toBe(0);
        const pullEvents = (r: typeof slow) => r.progress.filter(e => e.task === "pulling").length;
        expect(pullEvents(fast)).toBeLessThan(15);
        expect(pullEvents(slow)).toBeGreaterThan(33);
    });

    it("an auth failure names the registry's answer", async () => {
        const h = host("booted-only", s => {
            s.faults.authFailRegistries = ["quay.io"];
        });
        const result = await h.run(["upgrade"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`error: Upgrading: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: reading manifest 42 in ${FEDORA}: unauthorized: access to the requested resource is not authorized\n`);
    });

    it("not enough disk space is refused before pulling", async () => {
        const result = await host("booted-only", s => {
            s.freeSpaceBytes = 1000;
        }).run(["upgrade"]);
        expect(result.stderr).toMatch(/^error: Upgrading: Insufficient free space for quay\.io\/fedora\/fedora-bootc:42 \(available: 1\.0 kB required: [0-9.]+ MB\)\n$/);
    });

    it("refuses a deployment with local rpm-ostree changes", async () => {
        const result = await host("incompatible").run(["upgrade"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Upgrading: Deployment contains local rpm-ostree modifications; cannot upgrade via bootc. You can run `rpm-ostree reset` to undo the modifications.\n");
    });

    it("refuses on a host not booted via bootc, and on read-only media", async () => {
        expect((await host("not-bootc").run(["upgrade"])).stderr)
            .toBe("error: Initializing storage: System not booted via bootc\n");
        expect((await host("read-only").run(["upgrade"])).stderr).toBe("error: Cannot perform this operation: /sysroot is on a read-only block device (e.g. a live ISO)\n");
    });

    it("an fd that is not a pipe is fatal before any work", () => {
        const h = host("booted-only");
        const result = h.runWithFileFd(["upgrade", "--progress-fd", "3"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^error: Opening progress fd 3: /);
        expect(h.state().staged).toBeNull();
    });

    it("a bound image declaration bootc rejects fails the whole upgrade", async () => {
        const h = host("booted-only", s => {
            const digest = s.registry[FEDORA]?.["42"] ?? "";
            s.manifests[digest]?.boundImages.push({ file: "jboss-webserver-5.image", content: "[Image]\nImage=registry.redhat.io/jboss-webserver-5/jws5-rhel8-operator:latest\nAuthFile=/root/auth.json\n" });
        });
        const result = await h.run(["upgrade"]);
        expect(result.code).toBe(1);
        // bootc deploys, then reads and pulls the bound images of the new deployment: it stays staged
        expect(result.stderr).toBe("Deploying...done (1 second)\nerror: Upgrading: Staging: Pulling bound images: Parsing jboss-webserver-5.image: AuthFile is not supported by bound bootc images\n");
        expect(h.state().staged?.digest).toBe(h.state().registry[FEDORA]?.["42"]);
        expect(result.stdout).not.toContain("Queued for next boot");
    });

    it("a bound image the registry refuses: the new deployment stays staged, without prune or Queued", async () => {
        const h = host("booted-only", s => {
            const digest = s.registry[FEDORA]?.["42"] ?? "";
            const app = { file: "app.image", content: "[Image]\nImage=registry.example.com/app:1\n" };
            s.manifests[digest]?.boundImages.push(app);
            s.faults.authFailRegistries = ["registry.example.com"];
        });
        const result = await h.run(["upgrade"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("Fetching bound image: registry.example.com/app:1...\nerror: Upgrading: Staging: Pulling bound images: Pulling bound images: Failed to pull image: Subprocess failed: ExitStatus(unix_wait_status(32000))\nError: initializing source docker://registry.example.com/app:1: reading manifest 1 in registry.example.com/app: unauthorized: access to the requested resource is not authorized\n");
        expect(h.state().staged?.digest).toBe(h.state().registry[FEDORA]?.["42"]);
        expect(result.stdout).not.toMatch(/Bound images stored|Pruned images|Queued for next boot/);
    });
});

describe("the sysroot lock", () => {
    it("a lock left by a process killed while it took it (no pid yet) is free after a moment, as an flock", async () => {
        const h = host("booted-only");
        const dir = join(h.paths.stateDir, "sysroot.lock");
        mkdirSync(dir);
        const old = new Date(Date.now() - 5000);
        utimesSync(dir, old, old);
        const status = await h.run(["status", "--format=json"]);
        expect(status.code).toBe(0);
        expect(existsSync(dir)).toBe(false);
    });

    it("a lock whose holder was killed but not yet reaped (a zombie) is free, as an flock", async () => {
        const h = host("booted-only");
        // sh execs a sleep that never reaps the child it inherits: that child stays a zombie
        const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
        try {
            const pid = await new Promise<string>(
                resolve => parent.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
            );
            for (let i = 0; i < 50 && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z "); i++)
                await new Promise(r => setTimeout(r, 20));
            expect(readFileSync(`/proc/${pid}/stat`, "utf8")).toContain(") Z ");
            const dir = join(h.paths.stateDir, "sysroot.lock");
            mkdirSync(dir);
            writeFileSync(join(dir, "pid"), pid);
            const started = Date.now();
            const status = await h.run(["status", "--format=json"]);
            expect(status.code).toBe(0);
            // not after the sleep (5 s) reaped it
            expect(Date.now() - started).toBeLessThan(4000);
        } finally {
            parent.kill();
        }
    });

    it("status waits for a running upgrade and then shows what it staged", async () => {
        const h = host("booted-only", s => {
            s.timing = { bytesPerSecond: 400_000_000, tickMs: 50, stepMs: 100, rebootDelayMs: 50 };
        });
        const upgrade = h.run(["upgrade"]);
        await new Promise(r => setTimeout(r, 300));
        const status = h.run(["status", "--format=json"]);
        const [u, s] = await Promise.all([upgrade, status]);
        expect(u.code).toBe(0);
        const parsed = JSON.parse(s.stdout) as { status: { staged: unknown } };
        expect(parsed.status.staged).not.toBeNull();
    });
});

describe("bootc switch", () => {
    it("stages another image and tracks it", async () => {
        const h = host("booted-only");
        const result = await h.run(["switch", `${FEDORA}:43`]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`Queued for next boot: ${FEDORA}:43\n  Version: ${BUILDS.next.version}\n`);
        expect(result.stdout).not.toContain("Total new layers");
        const status = await h.status() as { spec: { image: { image: string } } };
        expect(status.spec.image.image).toBe(`${FEDORA}:43`);
    });

    it("the same image again is a no-op", async () => {
        const result = await host("booted-only").run(["switch", `${FEDORA}:42`]);
        expect(result.stdout).toBe("Image specification is unchanged.\n");
    });

    it("--enforce-container-sigpolicy refuses an insecure policy, and records the policy otherwise", async () => {
        const insecure = await host("booted-only").run(["switch", "--enforce-container-sigpolicy", `${FEDORA}:43`]);
        expect(insecure.code).toBe(1);
        expect(insecure.stderr).toBe("error: Switching: containers-policy.json specifies a default of `insecureAcceptAnything`; refusing usage\n");
        const h = host("booted-only", s => {
            s.insecurePolicy = false;
        });
        expect((await h.run(["switch", "--enforce-container-sigpolicy", `${FEDORA}:43`])).code).toBe(0);
        expect(h.state().staged?.spec)
            .toEqual({ image: `${FEDORA}:43`, transport: "registry", signature: "containerPolicy" });
    });

    it("an image that does not exist fails and changes nothing", async () => {
        const h = host("booted-only");
        const result = await h.run(["switch", `${FEDORA}:99`]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`error: Switching: Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: reading manifest 99 in ${FEDORA}: manifest unknown\n`);
        expect(h.state().staged).toBeNull();
    });

    it("canonicalizes tag@digest to the digest", async () => {
        const h = host("booted-only");
        const digest = h.state().registry[FEDORA]?.["43"] ?? "";
        expect((await h.run(["switch", `${FEDORA}:43@${digest}`])).code).toBe(0);
        expect(h.state().staged?.spec?.image).toBe(`${FEDORA}@${digest}`);
    });
});

describe("bootc rollback", () => {
    it("queues the rollback and discards a staged deployment; a second rollback reverts", async () => {
        const h = host("staged-rollback");
        const first = await h.run(["rollback"]);
        expect(first.stdout).toBe("Next boot: rollback deployment\n");
        let status = await h.status() as {
            spec: { bootOrder: string };
            status: { rollbackQueued: boolean; staged: unknown };
        };
        expect(status.status.rollbackQueued).toBe(true);
        expect(status.spec.bootOrder).toBe("rollback");
        expect(status.status.staged).toBeNull();

        const second = await h.run(["rollback"]);
        expect(second.stdout).toBe("notice: Reverting queued rollback state\nNext boot: current deployment\n");
        status = await h.status() as typeof status;
        expect(status.status.rollbackQueued).toBe(false);
    });

    it("without a rollback deployment", async () => {
        const result = await host("booted-only").run(["rollback"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Rollback: No rollback available\n");
    });

    it("--soft-reboot=required fails when the rollback cannot be soft-rebooted", async () => {
        const h = host("demo", s => {
            s.softRebootTarget = false;
            s.timing.rebootDelayMs = 10;
        });
        const result = await h.run(["rollback", "--soft-reboot=required"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe("error: Rollback: Soft reboot was required but rollback deployment is not soft-reboot capable\n");
        expect(h.state().rollbackQueued).toBe(true);
    });
});

describe("--apply reboots", () => {
    it("into the staged update: the process is killed, the new image boots with its bound images", async () => {
        const h = host("booted-only");
        const bootedBefore = h.state().booted?.digest;
        const result = await h.run(["upgrade", "--apply"]);
        expect(result.code).toBeNull();
        expect(result.signal).toBe("SIGTERM");
        const state = h.state();
        expect(state.booted?.digest).toBe(state.registry[FEDORA]?.["42"]);
        expect(state.rollback?.digest).toBe(bootedBefore);
        expect(state.staged).toBeNull();
        expect(h.file("/run/reboot-required")).toBeNull();
        expect(readdirSync(join(h.paths.root, "usr/lib/bootc/bound-images.d")).sort())
            .toEqual(["curl-base.image", "curl.container", "postgres.container"]);
        expect((await h.run(["status", "--format=json"])).code).toBe(0); // the lock was released
    });

    it("into a queued rollback", async () => {
        const h = host("demo", s => {
            s.timing.rebootDelayMs = 10;
        });
        const before = h.state();
        const result = await h.run(["rollback", "--apply"]);
        expect(result.signal).toBe("SIGTERM");
        const after = h.state();
        expect(after.booted?.digest).toBe(before.rollback?.digest);
        expect(after.rollback?.digest).toBe(before.booted?.digest);
        expect(after.rollbackQueued).toBe(false);
    });

    it("a download-only deployment is discarded at boot", async () => {
        const h = host("download-only");
        const booted = h.state().booted?.digest;
        const result = await h.run(["rollback", "--apply"]);
        expect(result.signal).toBe("SIGTERM");
        expect(h.state().staged).toBeNull();
        expect(h.state().booted?.digest).not.toBe(booted); // the rollback booted instead
    });
});
