// SPDX-License-Identifier: LGPL-2.1-or-later
// A simulated bootc host serving the page through a real cockpit-ws: used by every e2e test file and by
// `make demo`. cockpit-ws runs as root in local-session mode (no login) inside a private mount namespace
// built by host-setup.sh; the page comes from XDG_DATA_HOME/cockpit/bootc -> dist/.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import {
    chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync,
    writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

import { SCENARIOS, seedHost } from "./scenarios";
import type { Scenario } from "./scenarios";
import { loadState, updateState } from "./src/state";
import type { Paths, SimState } from "./src/state";
import { updateServicePidFile } from "./src/systemctl";

/** The checkout: found from this file whether it runs from test/sim or bundled into build/sim. */
function findRepository(start: string): string {
    for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
        try {
            const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
            if (manifest.name === "cockpit-bootc")
                return dir;
        } catch {
            // no package.json here
        }
    }
    throw new Error(`cannot find the cockpit-bootc checkout above ${start}`);
}

const REPO = findRepository(__dirname);
const HOST_SETUP = join(REPO, "test/sim/host-setup.sh");
export const COCKPIT_WS = "/usr/lib/cockpit/cockpit-ws";

export interface TestHostOptions {
    /** a name from SCENARIOS, or a scenario */
    scenario: string | Scenario;
    /** install the simulator as /usr/bin/bootc (default true) */
    bootc?: boolean;
    /** change the seeded state before cockpit-ws starts */
    adjust?: (state: SimState) => void;
    address?: string;
    /** default: a free port */
    port?: number;
    /**
     * Run Cockpit as this (new) user instead of root: an administrator who has to turn on
     * administrative access in Cockpit before bootc can be used.
     */
    user?: string;
    /** /run/cockpit-bootc has no room left (a full /run) */
    runFull?: boolean;
    /** the host looks like it runs systemd (/run/systemd/system): operations start through systemd-run */
    systemd?: boolean;
    /**
     * Another Cockpit than the machine's: a folder with its unpacked packages (tools/fetch-cockpit.sh).
     * Default: $TEST_COCKPIT, else the machine's.
     */
    cockpit?: string;
    /** more Cockpit packages to serve beside the page: name → folder (the benchmark's bare page) */
    packages?: Record<string, string>;
    /** default: build/sim/bootc and dist/ of this checkout */
    simulator?: string;
    dist?: string;
}

export interface Call {
    time: string;
    argv: string[];
    uid: number;
    pid: number;
}

export function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => resolvePort(port));
        });
    });
}

/**
 * Waits until cockpit-ws answers with the bridge's package list. BOOTC: whether the page must be in
 * it; a host without bootc may list it (Cockpit before 3xx ignores manifest conditions) or not.
 */
async function waitForCockpit(base: string, ws: ChildProcess, bootc: boolean, deadline: number): Promise<void> {
    let last = "no answer";
    while (Date.now() < deadline) {
        if (ws.exitCode !== null || ws.signalCode !== null)
            throw new Error(`cockpit-ws exited (${ws.exitCode ?? ws.signalCode}) before it was ready`);
        try {
            const response = await fetch(`${base}/cockpit/@localhost/manifests.json`);
            const text = await response.text();
            last = `${response.status}: ${text.slice(0, 200)}`;
            if (response.ok) {
                const packages = JSON.parse(text) as Record<string, unknown>;
                if ("shell" in packages && (!bootc || "bootc" in packages))
                    return;
            }
        } catch (error) {
            last = String(error);
        }
        await new Promise(r => setTimeout(r, 50));
    }
    throw new Error(`cockpit-ws did not serve its packages${bootc ? " with bootc" : ""}: ${last}`);
}

export class TestHost {
    /** where the test sees the host's files: fs/ostree is the host's /ostree, and so on */
    readonly paths: Paths;
    private output = "";

    private ws: ChildProcess;

    private constructor(
        readonly work: string, readonly url: string,
        private readonly launch: { argv: string[]; env: NodeJS.ProcessEnv }, private readonly simulator: string,
        private readonly bootc: boolean,
    ) {
        this.paths = { stateDir: join(work, "sim"), root: join(work, "fs") };
        this.ws = this.spawnWs();
    }

    /** cockpit-ws in a new private mount namespace built by host-setup.sh over the same work directory. */
    private spawnWs(): ChildProcess {
        const [program = "unshare", ...args] = this.launch.argv;
        const ws = spawn(program, args, { env: this.launch.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        ws.stdout?.on("data", (chunk: Buffer) => this.collect(chunk));
        ws.stderr?.on("data", (chunk: Buffer) => this.collect(chunk));
        return ws;
    }

    /**
     * In local-session mode the bridge exits about 15 s after the last tab closes, and cockpit-ws then
     * answers 401 for good: true when that happened.
     */
    async sessionEnded(): Promise<boolean> {
        try {
            return (await fetch(`${this.url}/cockpit/@localhost/manifests.json`)).status === 401;
        } catch {
            return false;
        }
    }

    /** A new cockpit-ws (and so a new local session) on the same port, over the same simulated host. */
    async restartCockpit(): Promise<void> {
        await this.stopWs();
        this.ws = this.spawnWs();
        await waitForCockpit(this.url, this.ws, this.bootc, Date.now() + 15_000);
    }

    private collect(chunk: Buffer): void {
        this.output = (this.output + chunk.toString()).slice(-20_000);
    }

    static async start(options: TestHostOptions): Promise<TestHost> {
        const cockpit = options.cockpit ?? process.env.TEST_COCKPIT ?? "";
        if (!existsSync(join(cockpit || "/", COCKPIT_WS)))
            throw new Error(`${join(cockpit || "/", COCKPIT_WS)} is missing: install cockpit-ws (make check does)`);
        const simulator = options.simulator ?? join(REPO, "build/sim/bootc");
        const dist = options.dist ?? join(REPO, "dist");
        for (const needed of [simulator, join(dist, "manifest.json")]) {
            if (!existsSync(needed))
                throw new Error(`${needed} is missing: run make first`);
        }

        const work = mkdtempSync(join(tmpdir(), "bootc-host-"));
        for (const dir of [
            "ovl", "root", "sim", "xdg/cockpit", "fs/ostree", "fs/run", "fs/usr/lib/bootc",
            "fs/usr/share/containers/systemd", "fs/etc/systemd/system",
        ])
            mkdirSync(join(work, dir), { recursive: true });
        symlinkSync(dist, join(work, "xdg/cockpit/bootc"));
        for (const [name, dir] of Object.entries(options.packages ?? {}))
            symlinkSync(resolve(dir), join(work, "xdg/cockpit", name));
        if (options.user) {
            // Cockpit runs as that user: it must read the page; bootc --version (unprivileged) logs its call
            chmodSync(work, 0o755);
            chmodSync(join(work, "sim"), 0o777);
            writeFileSync(join(work, "sim/calls.jsonl"), "");
            chmodSync(join(work, "sim/calls.jsonl"), 0o666);
        }

        const scenario = typeof options.scenario === "string" ? SCENARIOS[options.scenario]?.() : options.scenario;
        if (!scenario)
            throw new Error(`unknown scenario ${String(options.scenario)}`);
        options.adjust?.(scenario.state);
        seedHost({ stateDir: join(work, "sim"), root: join(work, "fs") }, scenario);

        if (options.systemd)
            mkdirSync(join(work, "fs/run/systemd/system"), { recursive: true });

        const port = options.port ?? await freePort();
        const address = options.address ?? "127.0.0.1";
        const env: NodeJS.ProcessEnv = {
            // the node running this first: the simulator is a node script (#!/usr/bin/env node), and
            // the machine's own node may be too old (Debian 12's; the Makefile fetches a newer one)
            PATH: `${dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
            HOME: "/root",
            LANG: "C.UTF-8",
            XDG_DATA_HOME: join(work, "xdg"),
            BOOTC_SIM_STATE: join(work, "sim"),
            ...(options.runFull ? { BOOTC_TEST_RUN_FULL: "1" } : {}),
        };
        const argv = [
            "unshare", "-m", "--propagation", "private",
            "sh", HOST_SETUP, work, options.bootc === false ? "" : simulator, simulator, options.user ?? "",
            cockpit ? resolve(cockpit) : "",
            COCKPIT_WS, "--no-tls", "--address", address, "--port", String(port), "--local-session=cockpit-bridge",
        ];
        const bootc = options.bootc !== false;
        const host = new TestHost(work, `http://${address}:${port}`, { argv, env }, simulator, bootc);
        try {
            await waitForCockpit(host.url, host.ws, bootc, Date.now() + 15_000);
        } catch (error) {
            await host.stop();
            throw new Error(`${(error as Error).message}\n${host.output}`, { cause: error });
        }
        return host;
    }

    /** The page by itself, without the shell around it. */
    get pageUrl(): string {
        return `${this.url}/cockpit/@localhost/bootc/index.html`;
    }

    /** The page inside Cockpit's shell. */
    get shellUrl(): string {
        return `${this.url}/bootc`;
    }

    /** What cockpit-ws and the bridge printed (for failure reports). */
    get log(): string {
        return this.output;
    }

    state(): SimState {
        return loadState(this.paths);
    }

    /** Changes the simulated host while it runs (faults, registry contents, …). */
    update(change: (state: SimState) => void): void {
        updateState(this.paths, change);
    }

    /**
     * Starts bootc on the host itself (its mount namespace and root, where the page's scripts see its
     * process), as something else than the page: from a terminal, or (AS_TIMER) as
     * bootc-fetch-apply-updates.service, whose MainPID systemctl then reports. runBootc runs it outside.
     */
    startBootc(args: string[], options: { asTimer?: boolean } = {}): ChildProcess {
        const pid = this.ws.pid;
        if (!pid)
            throw new Error("cockpit-ws is not running");
        // in the host's mount namespace and root, where the simulator is /usr/bin/bootc
        const child = spawn("nsenter", ["-t", String(pid), "-m", "-r", "-w", "--", "/usr/bin/bootc", ...args], {
            env: {
                PATH: `${dirname(process.execPath)}:/usr/sbin:/usr/bin:/sbin:/bin`,
                BOOTC_SIM_STATE: this.paths.stateDir,
            },
            stdio: "ignore",
        });
        if (options.asTimer) {
            const file = updateServicePidFile(this.paths);
            writeFileSync(file, String(child.pid ?? 0));
            child.once("exit", () => rmSync(file, { force: true }));
        }
        return child;
    }

    /** Every bootc invocation so far. */
    calls(): Call[] {
        const file = join(this.paths.stateDir, "calls.jsonl");
        if (!existsSync(file))
            return [];
        return readFileSync(file, "utf8").split("\n").filter(line => line !== "").map(line => JSON.parse(line) as Call);
    }

    /** Every progress event bootc wrote so far, with the time it wrote it (ms since the epoch). */
    progressEvents(): { at: number; event: Record<string, unknown> }[] {
        const file = join(this.paths.stateDir, "progress.jsonl");
        if (!existsSync(file))
            return [];
        return readFileSync(file, "utf8").split("\n").filter(line => line !== "")
            .map(line => JSON.parse(line) as { at: number; event: Record<string, unknown> });
    }

    /** A host file, by its path on the host (e.g. /run/reboot-required). */
    hostFile(path: string): string {
        return join(this.paths.root, path);
    }

    writeHostFile(path: string, content: string): void {
        writeFileSync(this.hostFile(path), content);
    }

    /**
     * Runs the simulated bootc on this host as an admin at a terminal would, outside the page: same
     * state, same lock, same host files.
     */
    runBootc(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
        const child = spawn(process.execPath, [this.simulator, ...args], {
            env: { PATH: process.env.PATH, BOOTC_SIM_STATE: this.paths.stateDir, BOOTC_SIM_ROOT: this.paths.root },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
        child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
        return new Promise(resolveRun => child.on("close", code => resolveRun({ code, stdout, stderr })));
    }

    /**
     * What a failed test should show about the host: the operation record's small files, the ends of
     * bootc's output, and what runs in the host's mount namespace (pid and command line).
     */
    diagnostics(): string {
        const lines: string[] = [];
        const op = this.hostFile("/run/cockpit-bootc/op");
        const files = ["id", "kind", "state", "child.pid", "claimed", "cancelled", "signalled", "stdout", "stderr"];
        for (const file of files) {
            try {
                const content = readFileSync(join(op, file), "utf8");
                lines.push(`op/${file}: ${JSON.stringify(content.slice(-400))}`);
            } catch {
                // not there
            }
        }
        const namespace = this.mountNamespace();
        for (const entry of namespace ? readdirSync("/proc") : []) {
            try {
                if (/^\d+$/.test(entry) && readlinkSync(`/proc/${entry}/ns/mnt`) === namespace) {
                    const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
                    if (!argv.includes("-c"))
                        lines.push(`pid ${entry}: ${argv.join(" ").slice(0, 200)}`);
                    else
                        lines.push(`pid ${entry}: ${argv[0] ?? ""} -c <script> ${argv.slice(argv.indexOf("-c") + 2).join(" ").slice(0, 200)}`);
                }
            } catch {
                // gone meanwhile
            }
        }
        return lines.join("\n");
    }

    async stop(): Promise<void> {
        const namespace = this.mountNamespace();
        await this.stopWs();
        // operations run detached (setsid, like under systemd-run): what still runs in the host's mount
        // namespace would outlive the test and spin over a removed state
        if (namespace) {
            for (const entry of readdirSync("/proc")) {
                if (!/^\d+$/.test(entry) || Number(entry) === process.pid)
                    continue;
                try {
                    if (readlinkSync(`/proc/${entry}/ns/mnt`) === namespace)
                        process.kill(Number(entry), "SIGKILL");
                } catch {
                    // gone meanwhile, or not ours to look at
                }
            }
        }
        rmSync(this.work, { recursive: true, force: true });
    }

    /** The host's mount namespace (as /proc names it), while cockpit-ws runs in it. */
    private mountNamespace(): string | null {
        const pid = this.ws.pid;
        if (pid === undefined || this.ws.exitCode !== null || this.ws.signalCode !== null)
            return null;
        try {
            const namespace = readlinkSync(`/proc/${pid}/ns/mnt`);
            // not the test's own: unshare may not have made the new one yet
            return namespace === readlinkSync("/proc/self/ns/mnt") ? null : namespace;
        } catch {
            return null;
        }
    }

    private async stopWs(): Promise<void> {
        const pid = this.ws.pid;
        if (pid !== undefined && this.ws.exitCode === null && this.ws.signalCode === null) {
            const exited = new Promise<void>(r => this.ws.once("exit", () => r()));
            try {
                process.kill(-pid, "SIGTERM");
            } catch {
                // already gone
            }
            const timer = setTimeout(() => {
                try {
                    process.kill(-pid, "SIGKILL");
                } catch {
                    // already gone
                }
            }, 3000);
            await exited;
            clearTimeout(timer);
        }
    }
}
