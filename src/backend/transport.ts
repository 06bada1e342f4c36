/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How the backend reaches the host. The real implementation is cockpit-transport.ts; tests use a fake.
 * Commands are argv arrays only: nothing here ever builds a shell string from values.
 */

export interface RunOptions {
    /** Run as root through Cockpit's superuser bridge ("require" fails at once without admin access). */
    superuser?: "require" | "try";
    /** Give up after this long: the process is closed and the run rejects with kind "timeout". */
    timeoutMs?: number;
    /** When it aborts, the process is closed and the run rejects with kind "cancelled". */
    signal?: AbortSignal;
}

export type TransportErrorKind =
    | "not-found" // the program does not exist
    | "access-denied" // no administrative access (or the file is not readable)
    | "exited" // non-zero exit status
    | "signaled" // killed by a signal
    | "timeout" // our own timeout closed it
    | "cancelled" // the caller closed it (RunOptions.signal)
    | "disconnected" // the Cockpit connection went away
    | "other";

export class TransportError extends Error {
    override readonly name = "TransportError";

    constructor(
        readonly kind: TransportErrorKind,
        message: string,
        readonly details: {
            /** stderr of the process, when it ran */
            readonly stderr?: string;
            readonly exitStatus?: number | null;
            readonly signal?: number | null;
            /** Cockpit's problem code, when there was one */
            readonly problem?: string | null;
            /** for kind "timeout": how long it was given */
            readonly timeoutMs?: number;
        } = {},
    ) {
        super(message);
    }

    get stderr(): string {
        return this.details.stderr ?? "";
    }
}

export interface Disposable {
    dispose(): void;
}

export interface Transport {
    /** Runs argv and resolves with its stdout; rejects with TransportError. */
    run(argv: readonly string[], options?: RunOptions): Promise<string>;
    /** Runs a POSIX sh script; `args` become "$1", "$2", … and are never interpolated into the text. */
    script(text: string, args: readonly string[], options?: RunOptions): Promise<string>;
    /** The content of a file, or null when it does not exist. */
    read(path: string, options?: { superuser?: "require" | "try" }): Promise<string | null>;
    /**
     * Calls onChange whenever the path itself changes (e.g. its mtime), but not for the initial state
     * and not for changes of entries inside it. Works on directories: bootc bumps the mtime of
     * /ostree/bootc after every state change.
     */
    watch(path: string, onChange: () => void): Disposable;
    /**
     * Calls onContent with the file's content now and after every change: null while it does not exist.
     * onError gets a TransportError when it cannot be read (e.g. access-denied).
     */
    follow(
        path: string,
        onContent: (content: string | null) => void,
        options?: { superuser?: "require" | "try"; onError?: (error: TransportError) => void },
    ): Disposable;
    /**
     * Follows a file that only grows (an operation's progress.jsonl): onData gets its content from the
     * start, then each piece appended to it, as it arrives, through one process on the host for as long
     * as it is followed (not one read per change). A piece may end inside a line. onError when the
     * file cannot be followed (it does not exist, no access).
     */
    stream(
        path: string,
        onData: (piece: string) => void,
        options?: { superuser?: "require" | "try"; onError?: (error: TransportError) => void },
    ): Disposable;
    /**
     * Calls onChange when the systemd unit's ActiveState changes (it starts or stops), through systemd's
     * D-Bus API; never on a host without systemd.
     */
    watchUnit(unit: string, onChange: () => void): Disposable;
    /** The Cockpit user's login name (for the journal's record of who started what); null when unknown. */
    userName(): Promise<string | null>;
    /** The machine is about to restart: Cockpit should wait and reconnect instead of reporting a failure. */
    expectRestart(): void;
    /** Calls back when the user gains or drops administrative access in Cockpit. */
    onPrivilegesChanged(callback: () => void): Disposable;
}
