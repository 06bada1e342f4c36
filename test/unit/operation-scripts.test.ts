// SPDX-License-Identifier: LGPL-2.1-or-later
// The host scripts behind long operations, run for real: sh, setsid (no systemd here), a FIFO for
// --progress-fd, and the bootc simulator as `bootc` on PATH.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ATTACH_SCRIPT from "../../src/backend/scripts/attach-operation.sh";
import CONTROL_SCRIPT from "../../src/backend/scripts/control-operation.sh";
import RUN_SCRIPT from "../../src/backend/scripts/run-operation.sh";
import START_SCRIPT from "../../src/backend/scripts/start-operation.sh";
import UPDATE_FACTS_SCRIPT from "../../src/backend/scripts/update-facts.sh";
import { simHosts, simulatorBinary } from "../sim/run-sim";
import type { SimHost } from "../sim/run-sim";
import { FAST_TIMING } from "../sim/scenarios";

const newHost = simHosts();
const work = mkdtempSync(join(tmpdir(), "bootc-scripts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

let count = 0;

function setup(host: SimHost) {
    const base = join(work, String(++count));
    const bin = join(base, "bin");
    const dir = join(base, "run/cockpit-bootc");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "bootc"), `#!/bin/sh\nexec "${process.execPath}" "${simulatorBinary()}" "$@"\n`);
    chmodSync(join(bin, "bootc"), 0o755);
    const env = {
        PATH: `${bin}:${process.env.PATH}`, BOOTC_SIM_STATE: host.paths.stateDir, BOOTC_SIM_ROOT: host.paths.root,
    };
    const script = (text: string, args: string[]) => new Promise<Run>(resolve => {
        execFile("sh", ["-c", text, "--", ...args], { env }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
        });
    });
    const file = (name: string) => {
        const path = join(dir, "op", name);
        return existsSync(path) ? readFileSync(path, "utf8") : null;
    };
    const start = (id: string, kind: string, progress: boolean, argv: string[], meta = `{"id":"${id}"}`) =>
        script(START_SCRIPT, [dir, id, kind, progress ? "1" : "0", meta, RUN_SCRIPT, ...argv]);
    const ended = async () => {
        for (let i = 0; i < 600; i++) {
            if (file("state")?.startsWith("exited"))
                return file("state") ?? "";
            await new Promise(r => setTimeout(r, 50));
        }
        throw new Error(`the operation did not end: ${file("state")}`);
    };
    return { dir, script, file, start, ended };
}

function fast(host: SimHost, bytesPerSecond?: number) {
    host.update(state => {
        state.timing = FAST_TIMING;
        if (bytesPerSecond)
            state.faults.slowPullBytesPerSecond = bytesPerSecond;
    });
}

describe("start-operation.sh and run-operation.sh", () => {
    it("run an update detached and record everything: argv, progress lines, stdout, stderr, exit", async () => {
        const host = newHost("demo");
        fast(host);
        const { start, file, ended } = setup(host);
        const started = await start(
            "op-1", "update", true, ["bootc", "upgrade", "--progress-fd=3"], "{\"id\":\"op-1\",\"kind\":\"update\"}",
        );
        expect(started).toEqual({ code: 0, stdout: "op-1\n", stderr: "" });
        expect(file("meta.json")).toBe("{\"id\":\"op-1\",\"kind\":\"update\"}\n");
        expect(await ended()).toMatch(/^exited 0 \d+\n$/);

        expect(file("argv")).toBe("bootc\nupgrade\n--progress-fd=3\n");
        expect(file("stdout")).toContain("Queued for next boot: quay.io/fedora/fedora-bootc:42");
        expect(file("stderr")).toContain("Deploying...done");
        const lines = (file("progress.jsonl") ?? "").split("\n").filter(line => line !== "")
            .map(line => JSON.parse(line) as { type: string; task?: string; steps?: number });
        expect(lines[0]).toEqual({ type: "Start", version: "0.1.0" });
        expect(lines.some(line => line.task === "pulling")).toBe(true);
        expect(JSON.parse(file("progress-last.json") ?? "")).toMatchObject({ task: "staging", steps: 3 });
        expect(JSON.parse(file("progress-bytes.json") ?? "")).toMatchObject({ type: "ProgressBytes", task: "pulling" });
        expect(file("progress.fifo")).toBeNull();
        expect(host.state().staged).not.toBeNull();
    });

    it("one at a time: a second start is refused while the first runs; cancel stops it and changes nothing", async () => {
        const host = newHost("demo");
        fast(host, 2_000_000);
        const { start, script, file, ended, dir } = setup(host);
        expect((await start("op-1", "update", true, ["bootc", "upgrade", "--progress-fd=3"])).code).toBe(0);
        const second = await start("op-2", "check", false, ["bootc", "upgrade", "--check"]);
        expect(second.code).toBe(75);
        expect(second.stderr).toBe("Another operation is running: bootc upgrade --progress-fd=3 \n");
        expect(file("id")).toBe("op-1\n");

        // an old id cannot touch the current operation
        expect((await script(CONTROL_SCRIPT, [dir, "op-2", "cancel"])).code).toBe(3);
        while (!file("progress-bytes.json"))
            await new Promise(r => setTimeout(r, 50));
        expect((await script(CONTROL_SCRIPT, [dir, "op-1", "cancel"])).code).toBe(0);
        expect(await ended()).toMatch(/^exited 143 /);
        expect(file("cancelled")).toBe("");
        expect(host.state().staged).toBeNull();
        expect((await script(CONTROL_SCRIPT, [dir, "op-1", "dismiss"])).code).toBe(0);
        expect(file("dismissed")).toBe("");
    });

    it("a runner stopped from outside (systemctl stop, kill) stops bootc too and still records how it ended", async () => {
        const host = newHost("demo");
        fast(host, 2_000_000);
        const { start, file, ended } = setup(host);
        expect((await start("op-1", "update", true, ["bootc", "upgrade", "--progress-fd=3"])).code).toBe(0);
        while (!file("progress-bytes.json"))
            await new Promise(r => setTimeout(r, 50));
        const runner = Number((file("state") ?? "").split(" ")[1]);
        const bootc = Number(file("child.pid"));
        process.kill(runner, "SIGTERM");
        expect(await ended()).toMatch(/^exited 143 /);
        expect(file("signalled")).toBe("TERM\n");
        expect(file("cancelled")).toBeNull();
        expect(() => process.kill(bootc, 0)).toThrow();
        expect(host.state().staged).toBeNull();
    });

    it("keeps the last finished check when the next operation starts", async () => {
        const host = newHost("demo");
        fast(host);
        const { start, ended, dir, file } = setup(host);
        await start("c-1", "check", false, ["bootc", "upgrade", "--check"]);
        await ended();
        expect(file("stdout")).toContain("Update available for: docker://quay.io/fedora/fedora-bootc:42");
        expect(file("progress-last.json")).toBeNull();
        await start("u-1", "update", false, ["bootc", "upgrade"]);
        await ended();
        expect(readFileSync(join(dir, "last-check/stdout"), "utf8")).toContain("Update available for:");
        expect(readFileSync(join(dir, "last-check/id"), "utf8")).toBe("c-1\n");
        expect(file("id")).toBe("u-1\n");
    });

    it("refuses what is not a bootc operation, and bad ids, before writing anything", async () => {
        const host = newHost("demo");
        const { start, dir } = setup(host);
        expect(await start("x-1", "update", false, ["rm", "-rf", "/"]))
            .toMatchObject({ code: 2, stderr: "only bootc operations can be started\n" });
        expect(await start("../../etc", "update", false, ["bootc", "upgrade"]))
            .toMatchObject({ code: 2, stderr: "invalid operation id\n" });
        expect(await start("x-1", "Up;date", false, ["bootc", "upgrade"]))
            .toMatchObject({ code: 2, stderr: "invalid operation kind\n" });
        expect(existsSync(dir)).toBe(false);
    });

    it("stores the page's text verbatim, never running it", async () => {
        const host = newHost("demo");
        fast(host);
        const { start, file, ended } = setup(host);
        const canary = join(work, "canary");
        const meta = `{"note":"$(touch ${canary})\`touch ${canary}\`'\\"; touch ${canary}"}`;
        await start("m-1", "check", false, ["bootc", "upgrade", "--check"], meta);
        await ended();
        expect(file("meta.json")).toBe(`${meta}\n`);
        expect(existsSync(canary)).toBe(false);
    });
});

describe("attach-operation.sh", () => {
    it("creates the record directory and reports none", async () => {
        const { script, dir } = setup(newHost("demo"));
        expect(await script(ATTACH_SCRIPT, [dir])).toEqual({ code: 0, stdout: "none\n", stderr: "" });
        expect(existsSync(join(dir, "op"))).toBe(true);
    });

    it("marks an operation whose runner died as lost", async () => {
        const { script, dir, file } = setup(newHost("demo"));
        mkdirSync(join(dir, "op"), { recursive: true });
        writeFileSync(join(dir, "op/state"), "running 999999999\n");
        writeFileSync(join(dir, "op/id"), "op-1\n");
        expect((await script(ATTACH_SCRIPT, [dir])).stdout).toBe("lost\nop-1\n");
        expect(file("state")).toBe("lost\n");
    });

    it("leaves an operation whose runner lives alone", async () => {
        const { script, dir, file } = setup(newHost("demo"));
        mkdirSync(join(dir, "op"), { recursive: true });
        writeFileSync(join(dir, "op/state"), `running ${process.pid}\n`);
        writeFileSync(join(dir, "op/id"), "op-1\n");
        expect((await script(ATTACH_SCRIPT, [dir])).stdout).toBe(`running ${process.pid}\nop-1\n`);
        expect(file("state")).toBe(`running ${process.pid}\n`);
    });
});

describe("update-facts.sh", () => {
    it("without systemd: no .wants link, so the timer is off; a prepared soft reboot", async () => {
        const { script } = setup(newHost("demo"));
        const unit = `cockpit-bootc-test-${process.pid}.timer`;
        const result = await script(UPDATE_FACTS_SCRIPT, [unit, join(work, "no-nextroot")]);
        expect(result.stdout).toBe("timer disabled\nnextroot no\n");
        mkdirSync(join(work, "nextroot"));
        expect((await script(UPDATE_FACTS_SCRIPT, [unit, join(work, "nextroot")])).stdout)
            .toBe("timer disabled\nnextroot yes\n");
    });
});
