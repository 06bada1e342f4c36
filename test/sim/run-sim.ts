// SPDX-License-Identifier: LGPL-2.1-or-later
// Runs the simulator as a real process on a seeded temporary host (for the simulator's own tests).
import { execFile, execFileSync, spawn } from "node:child_process";
import {
    copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { buildSync } from "esbuild";

import { SCENARIOS, seedHost } from "./scenarios";
import { loadState, updateState } from "./src/state";
import type { Paths, SimState } from "./src/state";

let bundle: string | null = null;
let fifoCount = 0;

/** The simulator, bundled once per test file into a temporary directory. */
export function simulatorBinary(): string {
    if (!bundle) {
        const dir = mkdtempSync(join(tmpdir(), "bootc-sim-bin-"));
        bundle = join(dir, "bootc.cjs");
        buildSync({
            entryPoints: [join(__dirname, "src/entry.ts")],
            bundle: true, platform: "node", target: "node20", format: "cjs", outfile: bundle, logLevel: "warning",
        });
    }
    return bundle;
}

export interface Result {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** the lines bootc wrote to --progress-fd, when a pipe was given */
    progress: Record<string, unknown>[];
    ms: number;
}

export class SimHost {
    readonly paths: Paths;

    constructor(scenario: string, adjust?: (state: SimState) => void) {
        const work = mkdtempSync(join(tmpdir(), "bootc-sim-"));
        this.paths = { stateDir: join(work, "sim"), root: join(work, "root") };
        const seeded = SCENARIOS[scenario]?.();
        if (!seeded)
            throw new Error(`no scenario ${scenario}`);
        adjust?.(seeded.state);
        seedHost(this.paths, seeded);
    }

    /**
     * Runs `bootc ARGS`; with progress, fd 3 is a FIFO whose lines are collected (node's own "pipe"
     * stdio is a socket pair, which bootc refuses, as it should).
     */
    run(args: string[], options: { progress?: boolean; onStdout?: (text: string) => void } = {}): Promise<Result> {
        const started = Date.now();
        const env = { PATH: process.env.PATH, BOOTC_SIM_STATE: this.paths.stateDir, BOOTC_SIM_ROOT: this.paths.root };
        let fifo: string | null = null;
        let progress = "";
        let progressDone: Promise<void> = Promise.resolve();
        if (options.progress) {
            fifo = join(this.paths.stateDir, `progress-${++fifoCount}.fifo`);
            execFileSync("mkfifo", [fifo]);
            const reader = createReadStream(fifo);
            reader.on("data", chunk => { progress += chunk.toString(); });
            progressDone = new Promise(resolve => reader.on("close", () => resolve()));
        }
        const child = fifo
            ? spawn("sh", ["-c", "fifo=$1; shift; exec \"$@\" 3>\"$fifo\"", "sh", fifo, process.execPath, simulatorBinary(), ...args], { env, stdio: ["ignore", "pipe", "pipe"] })
            : spawn(process.execPath, [simulatorBinary(), ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout?.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            options.onStdout?.(chunk.toString());
        });
        child.stderr?.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
        });
        return new Promise(resolve => {
            child.on("close", (code, signal) => {
                void progressDone.then(() => resolve({
                    code, signal, stdout, stderr, ms: Date.now() - started,
                    progress: progress.split("\n").filter(line => line !== "")
                        .map(line => JSON.parse(line) as Record<string, unknown>),
                }));
            });
        });
    }

    /** Runs the simulator under the name systemctl, which makes it the simulated host's systemctl. */
    systemctl(args: string[]): Promise<Result> {
        return this.runAs("systemctl", args);
    }

    /** The simulator as systemd-run; under `timeout SECONDS` if given. */
    systemdRun(args: string[], timeoutSeconds?: number): Promise<Result> {
        return this.runAs("systemd-run", args, timeoutSeconds);
    }

    private runAs(program: string, args: string[], timeoutSeconds?: number): Promise<Result> {
        const dir = join(this.paths.stateDir, "..", "bin");
        const copy = join(dir, program);
        if (!existsSync(copy)) {
            mkdirSync(dir, { recursive: true });
            copyFileSync(simulatorBinary(), copy);
        }
        const env = { PATH: process.env.PATH, BOOTC_SIM_STATE: this.paths.stateDir, BOOTC_SIM_ROOT: this.paths.root };
        return new Promise(resolve => {
            const started = Date.now();
            const argv = [process.execPath, copy, ...args];
            const [file = "", ...rest] = timeoutSeconds ? ["timeout", String(timeoutSeconds), ...argv] : argv;
            execFile(file, rest, { env }, (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                resolve({ code, signal: null, stdout, stderr, progress: [], ms: Date.now() - started });
            });
        });
    }

    /** Runs with fd 3 open on a regular file (which bootc refuses). */
    runWithFileFd(args: string[]): { code: number; stderr: string } {
        const file = join(this.paths.stateDir, "progress.txt");
        writeFileSync(file, "");
        try {
            execFileSync("sh", ["-c", `exec "$0" "$@" 3>"${file}"`, process.execPath, simulatorBinary(), ...args], {
                env: { PATH: process.env.PATH, BOOTC_SIM_STATE: this.paths.stateDir, BOOTC_SIM_ROOT: this.paths.root },
                stdio: ["ignore", "pipe", "pipe"],
            });
            return { code: 0, stderr: "" };
        } catch (error) {
            const e = error as { status: number; stderr: Buffer };
            return { code: e.status, stderr: e.stderr.toString() };
        }
    }

    async status(): Promise<Record<string, unknown>> {
        const result = await this.run(["status", "--format=json", "--format-version=1"]);
        if (result.code !== 0)
            throw new Error(`status failed: ${result.stderr}`);
        return JSON.parse(result.stdout) as Record<string, unknown>;
    }

    state(): SimState {
        return loadState(this.paths);
    }

    update(change: (state: SimState) => void): void {
        updateState(this.paths, change);
    }

    file(path: string): string | null {
        try {
            return readFileSync(join(this.paths.root, path), "utf8");
        } catch {
            return null;
        }
    }

    remove(): void {
        rmSync(join(this.paths.stateDir, ".."), { recursive: true, force: true });
    }
}

/** For a test file: a factory of simulated hosts, all removed after the file's tests. */
export function simHosts(): (scenario: string, adjust?: (state: SimState) => void) => SimHost {
    const hosts: SimHost[] = [];
    afterAll(() => hosts.forEach(h => h.remove()));
    return (scenario, adjust) => {
        const h = new SimHost(scenario, adjust);
        hosts.push(h);
        return h;
    };
}
