/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one module that touches the `cockpit` global (cockpit.js from ../base1): the Transport over
 * cockpit.spawn, cockpit.script, cockpit.file and the internal D-Bus superuser object.
 */

import { TransportError } from "./transport";
import type { Disposable, RunOptions, Transport, TransportErrorKind } from "./transport";

interface CockpitFailure {
    problem?: unknown;
    message?: unknown;
    exit_status?: unknown;
    exit_signal?: unknown;
}

function asFailure(value: unknown): CockpitFailure {
    return typeof value === "object" && value !== null ? value : { message: String(value) };
}

function numberOrNull(value: unknown): number | null {
    return typeof value === "number" ? value : null;
}

/** Maps what cockpit.js rejects with onto our TransportError. */
export function toTransportError(reason: unknown, program: string): TransportError {
    if (reason instanceof TransportError)
        return reason;
    const failure = asFailure(reason);
    const problem = typeof failure.problem === "string" ? failure.problem : null;
    const message = typeof failure.message === "string" ? failure.message : "";
    const exitStatus = numberOrNull(failure.exit_status);
    const signal = numberOrNull(failure.exit_signal);

    let kind: TransportErrorKind;
    if (problem === "not-found")
        kind = "not-found";
    else if (problem === "access-denied" || problem === "authentication-failed")
        kind = "access-denied";
    else if (["disconnected", "terminated", "no-session", "timeout"].includes(problem ?? ""))
        // Cockpit's "timeout" is its connection's health check failing; kind "timeout" is only ours
        kind = "disconnected";
    else if (problem)
        kind = "other";
    else if (signal !== null && signal !== 0)
        kind = "signaled";
    else if (exitStatus !== null && exitStatus !== 0)
        kind = "exited";
    else
        kind = "other";

    const summary = kind === "exited"
        ? `${program} exited with status ${exitStatus}`
        : kind === "signaled" ? `${program} was killed by signal ${signal}` : message || problem || "unknown error";
    return new TransportError(kind, summary, {
        stderr: kind === "exited" || kind === "signaled" ? message : "",
        exitStatus,
        signal,
        problem,
    });
}

interface WatchEvent {
    event: string;
    path: string;
    tag: string | null;
}

/** One message of an fswatch1 channel: {"event": "attribute-changed", "path": …, "tag": …, "type": …}. */
export function parseWatchEvent(data: string): WatchEvent | null {
    let value: unknown;
    try {
        value = JSON.parse(data);
    } catch {
        return null;
    }
    if (typeof value !== "object" || value === null)
        return null;
    const { event, path, tag } = value as Record<string, unknown>;
    if (typeof event !== "string" || typeof path !== "string")
        return null;
    return { event, path, tag: typeof tag === "string" ? tag : null };
}

function spawnOptions(options: RunOptions): cockpit.SpawnOptions {
    const result: cockpit.SpawnOptions = { err: "message" };
    if (options.superuser)
        result.superuser = options.superuser;
    return result;
}

function cancelled(program: string): TransportError {
    return new TransportError("cancelled", `${program} was closed by the page`);
}

/** Spawns (unless the run is cancelled already) and settles the process by RunOptions. */
function settle(spawn: () => cockpit.Spawn, program: string, options: RunOptions): Promise<string> {
    const { timeoutMs, signal } = options;
    if (signal?.aborted)
        return Promise.reject(cancelled(program));
    const proc = spawn();
    return new Promise<string>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = () => {
            clearTimeout(timer);
            reject(cancelled(program));
            proc.close("cancelled");
        };
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
        };
        if (timeoutMs !== undefined) {
            timer = setTimeout(() => {
                timer = undefined;
                signal?.removeEventListener("abort", onAbort);
                reject(
                    new TransportError("timeout", `${program} did not finish within ${timeoutMs} ms`, { timeoutMs }),
                );
                proc.close("timeout");
            }, timeoutMs);
        }
        signal?.addEventListener("abort", onAbort, { once: true });
        proc.then(
            stdout => {
                done();
                resolve(stdout);
            },
            (reason: unknown) => {
                done();
                reject(toTransportError(reason, program));
            },
        );
    });
}

function readFile(path: string, superuser: cockpit.SuperuserMode | undefined): Promise<string | null> {
    const handle = cockpit.file(path, superuser ? { superuser } : {});
    return new Promise<string | null>((resolve, reject) => {
        handle.read().then(
            content => resolve(content),
            (reason: unknown) => reject(toTransportError(reason, path)),
        );
    }).finally(() => handle.close());
}

/**
 * The fswatch1 channel under cockpit.file().watch(), used directly: file().watch() also reads the path
 * once, which fails (with a console warning) for a directory like /ostree/bootc. Calls back once per
 * change of the path itself (events about entries inside a directory name those entries).
 */
function watchPath(path: string, superuser: cockpit.SuperuserMode, onChange: () => void): Disposable {
    const channel = cockpit.channel({ payload: "fswatch1", path, superuser });
    let lastTag: string | null = null;
    channel.addEventListener("message", (_event, data) => {
        const change = parseWatchEvent(data);
        if (!change || change.path !== path || change.event === "changes-done-hint")
            return;
        if (change.tag !== null && change.tag === lastTag)
            return;
        lastTag = change.tag;
        onChange();
    });
    return { dispose: () => channel.close() };
}

/** A process started by startEarly(), waiting on the window for the transport that takes it over. */
interface EarlyRun {
    key: string;
    proc: cockpit.Spawn;
}

declare global {
    var cockpitBootcEarly: EarlyRun | undefined;
}

const runKey = (argv: readonly string[], options: RunOptions) => JSON.stringify([argv, options.superuser ?? null]);

/**
 * Starts ARGV now, before the page's own script has loaded (src/first.ts): the transport made later
 * hands it to its first run() of the same argv and superuser mode instead of spawning again. Nothing
 * but the process is shared; its timeout and cancelling are that run()'s.
 */
export function startEarly(argv: readonly string[], options: RunOptions): void {
    const proc = cockpit.spawn([...argv], spawnOptions(options));
    globalThis.cockpitBootcEarly = { key: runKey(argv, options), proc };
}

export function createCockpitTransport(): Transport {
    let early = globalThis.cockpitBootcEarly ?? null;
    globalThis.cockpitBootcEarly = undefined;
    return {
        run(argv, options = {}) {
            if (early && early.key === runKey(argv, options)) {
                const { proc } = early;
                early = null;
                return settle(() => proc, argv[0] ?? "process", options);
            }
            return settle(() => cockpit.spawn([...argv], spawnOptions(options)), argv[0] ?? "process", options);
        },

        script(text, args, options = {}) {
            return settle(() => cockpit.script(text, [...args], spawnOptions(options)), "sh", options);
        },

        read(path, options = {}) {
            return readFile(path, options.superuser);
        },

        watch(path, onChange): Disposable {
            // "try": the path may be root-only
            return watchPath(path, "try", onChange);
        },

        stream(path, onData, options = {}): Disposable {
            let disposed = false;
            // one tail for as long as the page follows: it reads what is there, then waits (inotify) for
            // more. -f follows the file it opened, not the name: a next operation's new file is not this one.
            const proc = cockpit.spawn(["tail", "-c", "+1", "-f", "--", path], spawnOptions(options));
            proc.stream(data => {
                if (!disposed)
                    onData(data);
            });
            proc.then(() => undefined, (error: unknown) => {
                if (!disposed)
                    options.onError?.(toTransportError(error, "tail"));
            });
            return {
                dispose: () => {
                    if (!disposed) {
                        disposed = true;
                        proc.close();
                    }
                },
            };
        },

        follow(path, onContent, options = {}): Disposable {
            // Not cockpit.file().watch(): while one of its reads is under way it folds further changes
            // into that read, whose content may predate them, so a file's last change can go unreported
            // (seen: an operation's final state, written a moment after the one before). Here a change
            // during a read asks for one more read after it, and only new content is passed on.
            let disposed = false;
            let reading = false;
            let again = false;
            let last: string | null | undefined;
            const readNow = () => {
                if (disposed)
                    return;
                if (reading) {
                    again = true;
                    return;
                }
                reading = true;
                again = false;
                readFile(path, options.superuser).then(
                    content => {
                        if (!disposed && content !== last) {
                            last = content;
                            onContent(content);
                        }
                    },
                    (error: unknown) => {
                        if (!disposed)
                            options.onError?.(toTransportError(error, path));
                    },
                ).finally(() => {
                    reading = false;
                    if (again && !disposed)
                        readNow();
                });
            };
            const watch = watchPath(path, options.superuser ?? "try", readNow);
            readNow();
            return {
                dispose: () => {
                    disposed = true;
                    watch.dispose();
                },
            };
        },

        watchUnit(unit, onChange): Disposable {
            const bus = cockpit.dbus("org.freedesktop.systemd1", { bus: "system" });
            const path = `/org/freedesktop/systemd1/unit/${unitPath(unit)}`;
            const proxy = bus.proxy("org.freedesktop.systemd1.Unit", path);
            const listener = onPropertyChange(proxy, "ActiveState", onChange);
            proxy.addEventListener("changed", listener);
            // on a host without systemd's bus the proxy never becomes valid: nothing to report
            proxy.wait().then(listener, () => undefined);
            return {
                dispose: () => {
                    proxy.removeEventListener("changed", listener);
                    bus.close();
                },
            };
        },

        userName() {
            return cockpit.user().then(user => user.name || null, () => null);
        },

        expectRestart() {
            cockpit.hint("restart");
        },

        onPrivilegesChanged(callback): Disposable {
            const proxy = cockpit.dbus(null, { bus: "internal" }).proxy("cockpit.Superuser", "/superuser");
            // Current is "init" while a privileged bridge starts (Cockpit 3xx says so, 287 hardly ever):
            // access changes when it is "none" or a bridge's name again
            const listener = onPropertyChange(proxy, "Current", callback, value => value === "init");
            proxy.addEventListener("changed", listener);
            return { dispose: () => proxy.removeEventListener("changed", listener) };
        },
    };
}

/**
 * A "changed" listener for PROXY that calls CALLBACK when PROPERTY takes another value, not when its
 * first value is learned. Values for which PASSING is true are on the way to another one and count
 * as no value.
 */
function onPropertyChange(
    proxy: cockpit.DBusProxy, property: string, callback: () => void,
    passing: (value: unknown) => boolean = () => false,
): () => void {
    let known = false;
    let last: unknown;
    return () => {
        const value = proxy[property];
        if (passing(value))
            return;
        if (known && value !== last)
            callback();
        known = true;
        last = value;
    };
}

/** A unit name as systemd writes it in an object path: every byte but [A-Za-z0-9] as _XX. */
export function unitPath(unit: string): string {
    return [...new TextEncoder().encode(unit)]
        .map(byte => (/[A-Za-z0-9]/.test(String.fromCharCode(byte))
            ? String.fromCharCode(byte)
            : `_${byte.toString(16).padStart(2, "0")}`))
        .join("");
}
