/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The parts of Cockpit's ../base1/cockpit.js that this page uses, written from Cockpit's documentation and
 * checked against the cockpit.js that Debian's cockpit 287 serves. cockpit.js defines `window.cockpit`.
 * Only src/backend/cockpit-transport.ts may call the process/file/D-Bus parts (enforced by eslint);
 * the ui uses the translation and formatting helpers.
 */

declare namespace cockpit {
    type SuperuserMode = "require" | "try";

    /** The shape of every error that cockpit.js rejects with (spawn, file, dbus). */
    interface BasicError {
        problem: string | null;
        message: string;
    }

    interface ProcessError extends BasicError {
        exit_status: number | null;
        exit_signal: number | null;
    }

    interface SpawnOptions {
        superuser?: SuperuserMode;
        /** "message": stderr becomes the error's message instead of being mixed into stdout */
        err?: "out" | "ignore" | "message";
        environ?: string[];
        directory?: string;
    }

    /** A running process. It is a thenable resolving to its stdout. */
    interface Spawn extends PromiseLike<string> {
        stream(callback: (data: string) => void): Spawn;
        input(data?: string | null, stream?: boolean): Spawn;
        close(problem?: string): Spawn;
        catch<R = never>(onrejected: (reason: unknown) => R | PromiseLike<R>): PromiseLike<string | R>;
    }

    function spawn(argv: string[], options?: SpawnOptions): Spawn;
    function script(text: string, args?: string[], options?: SpawnOptions): Spawn;

    interface FileHandle {
        readonly path: string;
        read(): PromiseLike<string | null>;
        /**
         * Calls back with the content now and after every change; content is null while the file does
         * not exist, and `error` is set when it cannot be read.
         */
        watch(callback: (content: string | null, tag: string | null, error?: BasicError) => void): { remove(): void };
        close(): void;
    }

    function file(path: string, options?: { superuser?: SuperuserMode; max_read_size?: number }): FileHandle;

    interface Channel {
        addEventListener(event: "message", listener: (event: unknown, data: string) => void): void;
        addEventListener(
            event: "close", listener: (event: unknown, options: { problem?: string; message?: string }) => void,
        ): void;
        close(problem?: string): void;
    }

    /** A raw channel to the bridge, e.g. { payload: "fswatch1", path } for file change events. */
    function channel(options: { payload: string; path?: string; superuser?: SuperuserMode }): Channel;

    interface DBusProxy {
        readonly valid: boolean;
        wait(): PromiseLike<void>;
        addEventListener(event: "changed", listener: () => void): void;
        removeEventListener(event: "changed", listener: () => void): void;
        readonly [property: string]: unknown;
    }

    interface DBusClient {
        proxy(iface: string, path: string): DBusProxy;
        close(): void;
    }

    function dbus(
        name: string | null, options?: { bus?: "internal" | "system" | "session"; superuser?: SuperuserMode },
    ): DBusClient;

    /** The logged-in user; `name` is the login name. */
    function user(): Promise<{ name: string; full_name?: string }>;

    const transport: {
        /** Calls CALLBACK once the connection to the bridge is up (at once if it is). */
        wait(callback: () => void): void;
    };

    /** Tell the shell what is about to happen, e.g. "restart" before a reboot. */
    function hint(hint: string, options?: Record<string, unknown>): void;

    function gettext(message: string): string;
    function gettext(context: string, message: string): string;
    function ngettext(singular: string, plural: string, n: number): string;
    /** Replaces $0, $1, … (or $name with an object) in a translated template. */
    function format(template: string, ...args: (string | number)[]): string;
    function format_bytes(bytes: number): string;
    function message(error: unknown): string;

    let language: string;
    /** "ltr" or "rtl", from the loaded translation's header */
    let language_direction: string;
    /** Translates the elements marked translate="yes" (the document's title). */
    function translate(): void;
}
