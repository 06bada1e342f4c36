// SPDX-License-Identifier: LGPL-2.1-or-later
// The host scripts behind long operations, run for real: sh, setsid (no systemd here), a FIFO for
// --progress-fd, and the bootc simulator as `bootc` on PATH.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { ATTACH_SCRIPT, CONTROL_SCRIPT } from "../../src/backend/operation-scripts";
import UPDATE_FACTS_SCRIPT from "../../src/backend/scripts/update-facts.sh";
import { cleanScriptHosts, fast, scriptHost } from "../fixtures/script-host";
import { simHosts } from "../sim/run-sim";

const newHost = simHosts();
afterAll(cleanScriptHosts);

describe("start-operation.sh and run-operation.sh", () => {
    it("run an update detached and record everything: argv, progress lines, stdout, stderr, exit", async () => {
        const host = newHost("demo");
        fast(host);
        const { start, file, ended } = scriptHost(host);
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
        const { start, script, file, ended, dir } = scriptHost(host);
        expect((await start("op-1", "update", true, ["bootc", "upgrade", "--progress-fd=3"])).code).toBe(0);
        const second = await start("op-2", "check", false, ["bootc", "upgrade", "--check"]);
        expect(second.code).toBe(75);
        expect(second.stderr).toBe("Another operation is running: bootc upgrade --progress-fd=3 \n");
        expect(file("id")).toBe("op-1\n");

        // an old id cannot touch the current operation
        expect((await script(CONTROL_SCRIPT, [dir, "op-2", "cancel"])).code).toBe(3);
        while (!(file("progress.jsonl") ?? "").includes("\"ProgressBytes\""))
            await new Promise(r => setTimeout(r, 50));
        expect(await script(CONTROL_SCRIPT, [dir, "op-1", "cancel"])).toMatchObject({ code: 0, stderr: "" });
        expect(await ended()).toMatch(/^exited 143 /);
        expect(file("cancelled")).toBe("");
        expect(host.state().staged).toBeNull();
        expect((await script(CONTROL_SCRIPT, [dir, "op-1", "dismiss"])).code).toBe(0);
        expect(file("dismissed")).toBe("");
    });

    it("a runner stopped from outside (systemctl stop, kill) stops bootc too and still records how it ended", async () => {
        const host = newHost("demo");
        fast(host, 2_000_000);
        const { start, file, ended } = scriptHost(host);
        expect((await start("op-1", "update", true, ["bootc", "upgrade", "--progress-fd=3"])).code).toBe(0);
        while (!(file("progress.jsonl") ?? "").includes("\"ProgressBytes\""))
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
        const { start, ended, dir, file } = scriptHost(host);
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
        const { start, dir } = scriptHost(host);
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
        const { start, file, ended, base } = scriptHost(host);
        const canary = join(base, "canary");
        const meta = `{"note":"$(touch ${canary})\`touch ${canary}\`'\\"; touch ${canary}"}`;
        await start("m-1", "check", false, ["bootc", "upgrade", "--check"], meta);
        await ended();
        expect(file("meta.json")).toBe(`${meta}\n`);
        expect(existsSync(canary)).toBe(false);
    });
});

describe("attach-operation.sh", () => {
    it("creates the record directory and reports none", async () => {
        const { script, dir } = scriptHost(newHost("demo"));
        expect(await script(ATTACH_SCRIPT, [dir])).toEqual({ code: 0, stdout: "none\n", stderr: "" });
        expect(existsSync(join(dir, "op"))).toBe(true);
    });

    it("marks an operation whose runner died as lost", async () => {
        const { script, dir, file } = scriptHost(newHost("demo"));
        mkdirSync(join(dir, "op"), { recursive: true });
        writeFileSync(join(dir, "op/state"), "running 999999999\n");
        writeFileSync(join(dir, "op/id"), "op-1\n");
        expect((await script(ATTACH_SCRIPT, [dir])).stdout).toMatch(/^lost runner-gone \d+\nop-1\n$/);
        expect(file("state")).toMatch(/^lost runner-gone \d+\n$/);
    });

    it("leaves an operation whose runner lives alone", async () => {
        const { script, dir, file } = scriptHost(newHost("demo"));
        mkdirSync(join(dir, "op"), { recursive: true });
        writeFileSync(join(dir, "op/state"), `running ${process.pid}\n`);
        writeFileSync(join(dir, "op/id"), "op-1\n");
        expect((await script(ATTACH_SCRIPT, [dir])).stdout).toBe(`running ${process.pid}\nop-1\n`);
        expect(file("state")).toBe(`running ${process.pid}\n`);
    });
});

describe("update-facts.sh", () => {
    it("without systemd: no .wants link, so the timer is off; a prepared soft reboot", async () => {
        const { script, base } = scriptHost(newHost("demo"));
        const unit = `cockpit-bootc-test-${process.pid}.timer`;
        const result = await script(UPDATE_FACTS_SCRIPT, [unit, join(base, "no-nextroot")]);
        expect(result.stdout).toBe("timer disabled\nnextroot no\nsystemd no\n");
        mkdirSync(join(base, "nextroot"));
        expect((await script(UPDATE_FACTS_SCRIPT, [unit, join(base, "nextroot")])).stdout)
            .toBe("timer disabled\nnextroot yes\nsystemd no\n");
    });
});
