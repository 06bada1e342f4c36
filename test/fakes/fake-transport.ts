// SPDX-License-Identifier: LGPL-2.1-or-later
// A scripted Transport: replies keyed by argv, every call recorded, watches and privilege changes
// fired by the test. A "hang" reply never answers, so the caller's timeout decides (as on a host
// where bootc waits for the sysroot lock).
import { TransportError } from "../../src/backend/transport";
import type { Disposable, RunOptions, Transport } from "../../src/backend/transport";

export type Reply =
    | { stdout: string }
    | { error: TransportError }
    | { hang: true }
    | { deferred: Promise<string> };

export interface Call {
    argv: readonly string[];
    options: RunOptions;
}

export function exited(stderr: string, exitStatus = 1): Reply {
    return { error: new TransportError("exited", `bootc exited with status ${exitStatus}`, { stderr, exitStatus }) };
}

/**
 * A reply as the transport gives it; a timeout rejects like Cockpit's (kind "timeout"), an aborted
 * RunOptions.signal with kind "cancelled" (an answer that came first stands).
 */
function answer(reply: Reply, options: RunOptions): Promise<string> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted)
        return Promise.reject(new TransportError("cancelled", "closed by the page"));
    if ("stdout" in reply)
        return Promise.resolve(reply.stdout);
    if ("error" in reply)
        return Promise.reject(reply.error);
    const racers = ["deferred" in reply ? reply.deferred : new Promise<string>(() => undefined)];
    if (timeoutMs !== undefined) {
        racers.push(new Promise<string>((_resolve, reject) => setTimeout(
            () => reject(new TransportError("timeout", "timed out", { timeoutMs })), timeoutMs)));
    }
    if (signal) {
        racers.push(new Promise<string>((_resolve, reject) => signal.addEventListener(
            "abort", () => reject(new TransportError("cancelled", "closed by the page")), { once: true })));
    }
    return racers.length === 1 ? racers[0] as Promise<string> : Promise.race(racers);
}

export class FakeTransport implements Transport {
    readonly calls: Call[] = [];
    private readonly replies = new Map<string, Reply[]>();
    private readonly watchers = new Map<string, Set<() => void>>();
    private readonly privilegeListeners = new Set<() => void>();
    readonly files = new Map<string, string>();

    /** Queue replies for an argv; the last one repeats. */
    on(argv: readonly string[], ...replies: Reply[]): this {
        this.replies.set(argv.join("\u0000"), replies);
        return this;
    }

    callsOf(...prefix: string[]): Call[] {
        return this.calls.filter(call => prefix.every((word, i) => call.argv[i] === word));
    }

    /** callsOf, without the runs the caller closed (RunOptions.signal aborted). */
    openCallsOf(...prefix: string[]): Call[] {
        return this.callsOf(...prefix).filter(call => !call.options.signal?.aborted);
    }

    run(argv: readonly string[], options: RunOptions = {}): Promise<string> {
        this.calls.push({ argv, options });
        const queue = this.replies.get(argv.join("\u0000"));
        const reply = queue && queue.length > 1 ? queue.shift() : queue?.[0];
        if (!reply)
            return Promise.reject(
                new TransportError("not-found", `no scripted reply for ${argv.join(" ")}`, { problem: "not-found" }),
            );
        return answer(reply, options);
    }

    /** Answers scripts by their arguments (an operation's id is random, so argv cannot be scripted). */
    scriptHandler: ((text: string, args: readonly string[]) => Reply | undefined) | null = null;

    script(text: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
        const argv = ["sh", "-c", text, "--", ...args];
        const reply = this.scriptHandler?.(text, args);
        if (!reply)
            return this.run(argv, options);
        this.calls.push({ argv, options });
        return answer(reply, options);
    }

    read(path: string): Promise<string | null> {
        if (this.heldPaths.has(path)) {
            // answered with what the file holds when the test lets it go
            return new Promise(resolve => this.heldReads.push(() => resolve(this.files.get(path) ?? null)));
        }
        return Promise.resolve(this.files.get(path) ?? null);
    }

    private readonly heldPaths = new Set<string>();
    private heldReads: (() => void)[] = [];

    /** read() of these paths waits until releaseReads() (a read on a slow or busy host). */
    holdReads(...paths: string[]): void {
        for (const path of paths)
            this.heldPaths.add(path);
    }

    releaseReads(): void {
        this.heldPaths.clear();
        for (const answer of this.heldReads.splice(0))
            answer();
    }

    watch(path: string, onChange: () => void): Disposable {
        const set = this.watchers.get(path) ?? new Set();
        set.add(onChange);
        this.watchers.set(path, set);
        return { dispose: () => set.delete(onChange) };
    }

    watcherCount(path: string): number {
        return this.watchers.get(path)?.size ?? 0;
    }

    fireChange(path: string): void {
        for (const callback of [...(this.watchers.get(path) ?? [])])
            callback();
    }

    /** Files followed with follow(): set them with setFile(), which calls the followers back. */
    private readonly followers = new Map<string, Set<(content: string | null) => void>>();
    restartsExpected = 0;

    follow(path: string, onContent: (content: string | null) => void): Disposable {
        const set = this.followers.get(path) ?? new Set();
        set.add(onContent);
        this.followers.set(path, set);
        const content = this.files.get(path) ?? null;
        queueMicrotask(() => {
            if (set.has(onContent))
                onContent(content);
        });
        return { dispose: () => set.delete(onContent) };
    }

    setFile(path: string, content: string | null): void {
        if (content === null)
            this.files.delete(path);
        else
            this.files.set(path, content);
        for (const callback of [...(this.followers.get(path) ?? [])])
            callback(content);
        for (const callback of [...(this.streams.get(path) ?? [])])
            callback();
    }

    /** Appends to a file: its followers get it whole, its streams the new piece (progress.jsonl). */
    appendFile(path: string, text: string): void {
        this.setFile(path, (this.files.get(path) ?? "") + text);
    }

    /** Files followed with stream(): each gets what was there, then what setFile() or appendFile() add. */
    private readonly streams = new Map<string, Set<() => void>>();

    stream(
        path: string, onData: (piece: string) => void, options: { onError?: (error: TransportError) => void } = {},
    ): Disposable {
        const set = this.streams.get(path) ?? new Set();
        let delivered = "";
        let open = true;
        const deliver = () => {
            const content = this.files.get(path) ?? "";
            // a file replaced under the stream is not what it follows any more (tail -f keeps the old one)
            if (!open || !content.startsWith(delivered) || content === delivered)
                return;
            const piece = content.slice(delivered.length);
            delivered = content;
            onData(piece);
        };
        if (!this.files.has(path)) {
            queueMicrotask(() => {
                if (open)
                    options.onError?.(new TransportError("not-found", `tail: cannot open '${path}'`));
            });
            return { dispose: () => { open = false; } };
        }
        set.add(deliver);
        this.streams.set(path, set);
        queueMicrotask(deliver);
        return {
            dispose: () => {
                open = false;
                set.delete(deliver);
            },
        };
    }

    streamCount(path: string): number {
        return this.streams.get(path)?.size ?? 0;
    }

    /**
     * An operation record as start-operation.sh leaves it in OPDIR: id, kind and argv from META (JSON),
     * then meta.json. NOTIFY: followers of meta.json hear of it (a new operation while the page watches).
     */
    writeRecord(opDir: string, meta: string, notify = false): void {
        const parsed = JSON.parse(meta) as { id?: string; kind?: string; argv?: string[] };
        this.files.set(`${opDir}/id`, `${parsed.id ?? ""}\n`);
        this.files.set(`${opDir}/kind`, `${parsed.kind ?? ""}\n`);
        this.files.set(`${opDir}/argv`, (parsed.argv ?? []).map(arg => `${arg}\n`).join(""));
        // start-operation.sh creates it for an operation with progress events, before bootc runs
        if ((parsed.argv ?? []).includes("--progress-fd=3") && !this.files.has(`${opDir}/progress.jsonl`))
            this.files.set(`${opDir}/progress.jsonl`, "");
        if (notify)
            this.setFile(`${opDir}/meta.json`, meta);
        else
            this.files.set(`${opDir}/meta.json`, meta);
    }

    /** writeRecord, and followers of meta.json hear of it (a new operation while the page watches). */
    announceRecord(opDir: string, meta: string): void {
        this.writeRecord(opDir, meta, true);
    }

    followerCount(path: string): number {
        return this.followers.get(path)?.size ?? 0;
    }

    private readonly unitWatchers = new Map<string, Set<() => void>>();

    watchUnit(unit: string, onChange: () => void): Disposable {
        const set = this.unitWatchers.get(unit) ?? new Set();
        set.add(onChange);
        this.unitWatchers.set(unit, set);
        return { dispose: () => set.delete(onChange) };
    }

    unitWatcherCount(unit: string): number {
        return this.unitWatchers.get(unit)?.size ?? 0;
    }

    /** systemd says UNIT started or stopped. */
    fireUnitChange(unit: string): void {
        for (const callback of [...(this.unitWatchers.get(unit) ?? [])])
            callback();
    }

    user: string | null = "admin";

    userName(): Promise<string | null> {
        return Promise.resolve(this.user);
    }

    expectRestart(): void {
        this.restartsExpected += 1;
    }

    onPrivilegesChanged(callback: () => void): Disposable {
        this.privilegeListeners.add(callback);
        return { dispose: () => this.privilegeListeners.delete(callback) };
    }

    firePrivilegesChanged(): void {
        for (const callback of [...this.privilegeListeners])
            callback();
    }
}
