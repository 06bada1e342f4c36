// SPDX-License-Identifier: LGPL-2.1-or-later
// What keeps an operation record honest when things go wrong on the host: a start that never took off,
// a runner killed on its own, bootc run by something else, a record that cannot be written, and the
// journal's account of who did what. The scripts run for real against the simulator.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { parseBootcProcesses, parseHistory } from "../../src/backend/host-operations";
import { ATTACH_SCRIPT, HISTORY_SCRIPT, PROCESSES_SCRIPT, RUN_SCRIPT } from "../../src/backend/operation-scripts";
import { operationMeta } from "../fixtures/operation-meta";
import { alive, cleanScriptHosts, fast, scriptHost } from "../fixtures/script-host";
import { simHosts } from "../sim/run-sim";
import type { SimHost } from "../sim/run-sim";

const newHost = simHosts();
afterAll(cleanScriptHosts);

/** The bootc commands the simulated host ran. */
function calls(host: SimHost): string[][] {
    const log = join(host.paths.stateDir, "calls.jsonl");
    if (!existsSync(log))
        return [];
    return readFileSync(log, "utf8").split("\n").filter(Boolean)
        .map(line => (JSON.parse(line) as { argv: string[] }).argv);
}

describe("a start that never reached running", () => {
    it("is given up once it is older than the limit, and the next start goes ahead", async () => {
        const host = newHost("demo");
        fast(host);
        const { dir, script, file, start, ended, journalLines } = scriptHost(host);
        // what a start-operation.sh killed while systemd-run hung leaves behind
        mkdirSync(join(dir, "op"), { recursive: true });
        writeFileSync(join(dir, "op/id"), "stuck-1\n");
        writeFileSync(join(dir, "op/claim"), "stuck-1\n");
        writeFileSync(join(dir, "op/meta.json"), "{\"id\":\"stuck-1\"}\n");
        writeFileSync(join(dir, "op/state"), `starting ${Math.floor(Date.now() / 1000) - 61}\n`);

        expect((await script(ATTACH_SCRIPT, [dir])).stdout).toMatch(/^lost not-started \d+\nstuck-1\n$/);
        expect(journalLines()).toEqual(["operation stuck-1 did not start within 60 s"]);
        // a runner that comes late finds its claim gone and runs nothing
        const late = await script(RUN_SCRIPT, [join(dir, "op"), "0", "bootc", "upgrade"]);
        expect(late.code).toBe(0);
        expect(file("state")).toMatch(/^lost not-started/);
        expect(calls(host).filter(argv => argv[1] === "upgrade")).toEqual([]);

        expect((await start("next-1", "check", false, ["bootc", "upgrade", "--check"])).code).toBe(0);
        expect(await ended()).toMatch(/^exited 0 /);
    });

    it("one whose runner took the claim but never said it runs is given up too", async () => {
        const { dir, script } = scriptHost(newHost("demo"));
        mkdirSync(join(dir, "op"), { recursive: true });
        writeFileSync(join(dir, "op/id"), "stuck-2\n");
        writeFileSync(join(dir, "op/claimed"), "stuck-2\n");
        writeFileSync(join(dir, "op/state"), `starting ${Math.floor(Date.now() / 1000) - 61}\n`);
        expect((await script(ATTACH_SCRIPT, [dir])).stdout).toMatch(/^lost not-started \d+\nstuck-2\n$/);
    });

    it("a young one still counts as running: a second start is refused", async () => {
        const { dir, start } = scriptHost(newHost("demo"));
        mkdirSync(join(dir, "op"), { recursive: true });
        writeFileSync(join(dir, "op/claim"), "young-1\n");
        writeFileSync(join(dir, "op/argv"), "bootc\nupgrade\n");
        writeFileSync(join(dir, "op/state"), `starting ${Math.floor(Date.now() / 1000)}\n`);
        expect(await start("next-1", "check", false, ["bootc", "upgrade", "--check"]))
            .toMatchObject({ code: 75, stderr: "Another operation is running: bootc upgrade \n" });
    });
});

describe("a runner killed on its own (SIGKILL)", () => {
    it("takes bootc with it: the record says lost, nothing was staged, the next start may go", async () => {
        const host = newHost("demo");
        fast(host, 2_000_000);
        const { dir, script, file, start, until } = scriptHost(host);
        expect((await start("op-1", "update", true, ["bootc", "upgrade", "--progress-fd=3"])).code).toBe(0);
        await until("a download", () => (file("progress.jsonl") ?? "").includes("\"ProgressBytes\""));
        const runner = Number((file("state") ?? "").split(" ")[1]);
        const bootc = Number(file("child.pid"));
        process.kill(runner, "SIGKILL");
        await until("bootc's end", () => !alive(bootc));
        expect((await script(ATTACH_SCRIPT, [dir])).stdout).toMatch(/^lost runner-gone \d+\nop-1\n$/);
        expect(file("runner-gone")).toBeNull();
        expect(host.state().staged).toBeNull();
    });

    it("without setpriv bootc goes on: pages follow that bootc, refuse a second one, and call it lost when it ends",
        async () => {
            const host = newHost("demo");
            fast(host, 4_000_000);
            const { dir, script, file, start, until } = scriptHost(host, { noSetpriv: true });
            expect((await start("op-1", "update", true, ["bootc", "upgrade", "--progress-fd=3"])).code).toBe(0);
            await until("a download", () => (file("progress.jsonl") ?? "").includes("\"ProgressBytes\""));
            const runner = Number((file("state") ?? "").split(" ")[1]);
            const bootc = Number(file("child.pid"));
            process.kill(runner, "SIGKILL");
            await until("the runner's end", () => !alive(runner));

            expect((await script(ATTACH_SCRIPT, [dir])).stdout).toBe(`running ${bootc}\nop-1\n`);
            expect(file("runner-gone")).toBe("");
            const second = await start("op-2", "check", false, ["bootc", "upgrade", "--check"]);
            expect(second.code).toBe(75);
            expect(parseBootcProcesses((await script(PROCESSES_SCRIPT, [dir])).stdout))
                .toMatchObject([{ ours: true, pid: bootc, args: "upgrade --progress-fd=3" }]);

            process.kill(bootc, "SIGTERM");
            await until("bootc's end", () => !alive(bootc));
            expect((await script(ATTACH_SCRIPT, [dir])).stdout).toMatch(/^lost runner-gone \d+\nop-1\n$/);
        }, 30_000);
});

describe("bootc run by something else", () => {
    it("is listed with its arguments and start, and no operation starts while it runs", async () => {
        const host = newHost("demo");
        fast(host, 2_000_000);
        const { dir, script, start, foreign, file } = scriptHost(host);
        const other = await foreign(["upgrade", "--apply", "--quiet"]);
        const otherExited = new Promise(r => other.once("exit", r));
        const before = Math.floor(Date.now() / 1000) - 1;
        await new Promise(r => setTimeout(r, 300));
        const listed = parseBootcProcesses((await script(PROCESSES_SCRIPT, [dir])).stdout);
        expect(listed).toEqual([{
            ours: false, pid: other.pid, startedAt: expect.any(Date), unit: null, user: null, terminal: false,
            args: "upgrade --apply --quiet",
        }]);
        expect((listed[0]?.startedAt?.getTime() ?? 0) / 1000).toBeGreaterThanOrEqual(before - 1);

        const refused = await start("op-1", "check", false, ["bootc", "upgrade", "--check"]);
        expect(refused).toMatchObject({
            code: 75, stderr: `bootc is already running (pid ${other.pid}): bootc upgrade --apply --quiet\n`,
        });
        expect(file("meta.json")).toBeNull();
        other.kill("SIGTERM");
        await otherExited;
        expect((await script(PROCESSES_SCRIPT, [dir])).stdout).toBe("");
    });

    it("reads do not count: bootc status is no operation", async () => {
        const host = newHost("demo");
        // status waits for the lock meanwhile, as it does behind a real upgrade
        host.update(state => { state.faults.lockHeldUntil = Date.now() + 2000; });
        const { dir, script, foreign } = scriptHost(host);
        const reader = await foreign(["status", "--format=json"]);
        const exited = new Promise(r => reader.once("exit", r));
        await new Promise(r => setTimeout(r, 300));
        expect((await script(PROCESSES_SCRIPT, [dir])).stdout).toBe("");
        expect(alive(reader.pid ?? 0)).toBe(true);
        await exited;
    });
});

describe("records", () => {
    it("a record that cannot be written is a clear refusal, and nothing is left half-started", async () => {
        const host = newHost("demo");
        const { dir, start } = scriptHost(host, { before: "trap '' XFSZ; ulimit -f 0" });
        expect(await start("op-1", "update", false, ["bootc", "upgrade"]))
            .toEqual({ code: 74, stdout: "", stderr: `could not write the operation record in ${dir}\n` });
        expect(readdirSync(join(dir, "op")).filter(name => name !== "stdout" && name !== "stderr")).toEqual([]);
        expect(calls(host)).toEqual([]);
    });

    it("the journal says who started what and how it ended; the last ten records are kept", async () => {
        const host = newHost("demo");
        fast(host);
        const { dir, script, start, ended, journalLines, file } = scriptHost(host);
        for (let i = 1; i <= 12; i++) {
            const argv = ["bootc", "upgrade", "--check"];
            const meta = JSON.stringify(operationMeta({ id: `v-${i}`, kind: "check", argv }));
            expect((await start(`v-${i}`, "check", false, argv, meta)).code).toBe(0);
            await ended();
        }
        expect(journalLines().slice(0, 2)).toEqual([
            "operation v-1 started by admin: bootc upgrade --check",
            "operation v-1 ended: succeeded",
        ]);
        expect(file("user")).toBe("admin\n");
        const kept = readdirSync(join(dir, "history")).sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
        expect(kept).toEqual(["v-2", "v-3", "v-4", "v-5", "v-6", "v-7", "v-8", "v-9", "v-10", "v-11"]);
        expect(readdirSync(join(dir, "history/v-11")).sort())
            .toEqual(["argv", "id", "kind", "meta.json", "state", "stderr", "stdout", "user"]);

        // as the page reads them: newest first, with who and how it ended
        const history = parseHistory((await script(HISTORY_SCRIPT, [dir])).stdout);
        expect(history.map(entry => entry.id)).toEqual(kept.slice().reverse());
        expect(history[0]).toMatchObject({
            user: "admin", meta: { kind: "check" }, state: { kind: "exited", code: 0 },
            outcome: { kind: "succeeded", result: { kind: "checked" } },
        });
    });
});
