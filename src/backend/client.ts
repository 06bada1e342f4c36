/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The typed bootc client: builds argv, runs it through the Transport, parses every byte that comes
 * back at one door, and hands out models or BootcErrors.
 */

import type { DeclarationsResult } from "./bound-images";
import {
    applyDownloadedCommand, copyToStorageCommand, legacyStatusCommand, NEXTROOT_PATH, rebootCommand,
    refusesStatusFormat, rollbackCommand, statusCommand, STATUS_CHANGED_PATH, switchCommand,
    UPDATE_SERVICE, UPDATE_TIMER, upgradeCheckCommand, upgradeCommand, upgradeTagCommand, versionCommand,
} from "./commands";
import type { ApplyMode, UpdateMode } from "./commands";
import { bootcText, BootcError, problemFromTransport } from "./errors";
import { readImageReport } from "./image-report";
import type { ImageReport } from "./image-report";
import { buildHostModel, summarizeDeployments } from "./model";
import type { HostModel, ImageInfo } from "./model";
import { OPERATION_TRAITS } from "./operation-kinds";
import type { OperationKind } from "./operation-kinds";
import type { OperationTarget } from "./operation-records";
import { createOperations } from "./operations";
import type { OperationRequest, Operations } from "./operations";
import type { ImageTarget } from "./references";
import { describeIssues, HostSchema } from "./schema";
import UPDATE_FACTS_SCRIPT from "./scripts/update-facts.sh";
import type { TagPlan } from "./switching";
import { TransportError } from "./transport";
import type { Disposable, Transport } from "./transport";
import type { AvailableUpdate } from "./updates";
import { parseBootcVersion, versionAtLeast } from "./version";
import type { BootcVersion } from "./version";

/**
 * How long `bootc status` may take before the page says another operation holds the sysroot lock.
 * An unblocked status answers in well under a second even on slow disks.
 */
export const DEFAULT_STATUS_TIMEOUT_MS = 10_000;

export interface BootcClient {
    /**
     * Reads `bootc status`. Rejects with BootcError; when SIGNAL aborts, bootc is closed and it rejects
     * with a connection problem (the caller knows why).
     */
    status(options?: { signal?: AbortSignal }): Promise<HostModel>;
    /**
     * `bootc --version`, or null when it cannot be run or parsed. Read once: bootc lives in the
     * read-only /usr of the booted image, so it changes with a reboot, which reloads the page.
     */
    version(): Promise<BootcVersion | null>;
    /** Calls back when bootc reports a state change (the mtime of /ostree/bootc). */
    watchStatusChanges(onChange: () => void): Disposable;
    /** Calls back when the user gains or drops administrative access in Cockpit. */
    onPrivilegesChanged(callback: () => void): Disposable;
    /** Calls back when bootc-fetch-apply-updates.service starts or stops (the update timer runs bootc). */
    watchUpdateService(onChange: () => void): Disposable;
    /** Long operations (upgrade, …) that outlive the page: follow, cancel, dismiss. */
    operations: Operations;
    /** Starts `bootc upgrade --check` as an operation; resolves with its id. Rejects with BootcError. */
    checkForUpdates(): Promise<string>;
    /** Starts `bootc upgrade` (pull and stage) as an operation; resolves with its id. */
    startUpdate(choice: UpdateChoice): Promise<string>;
    /** Starts `bootc upgrade --from-downloaded [--apply]`: the staged download-only update applies. */
    applyDownloaded(options: { rebootNow: boolean; target: ImageInfo | null }): Promise<string>;
    /**
     * Starts `bootc rollback`: the rollback deployment boots next, a staged one is discarded. Rejects
     * with BootcError.
     */
    startRollback(choice: RollbackChoice): Promise<string>;
    /**
     * Starts `bootc rollback` while a rollback is queued, which reverts it: the booted deployment boots
     * next.
     */
    undoRollback(booted: ImageInfo | null): Promise<string>;
    /** Starts `bootc switch` to a validated image. Rejects with BootcError. */
    startSwitch(choice: SwitchChoice): Promise<string>;
    /** Starts the tag change a TagPlan describes (`upgrade --tag`, or `switch`). Rejects with BootcError. */
    changeTag(plan: TagPlan, choice: ApplyOptions): Promise<string>;
    /**
     * Starts `bootc image copy-to-storage`: a host image into podman's storage (it takes the sysroot
     * lock like an update, so it runs as an operation). Rejects with BootcError.
     */
    copyToStorage(choice: CopyChoice): Promise<string>;
    /**
     * What the booted and the staged deployment bring along (bound images), what bootc's storage holds,
     * and the host images. Never rejects: each part carries its own problem.
     */
    imageReport(host: HostModel): Promise<ImageReport>;
    /** Whether the automatic update timer is on and a soft reboot is prepared. Rejects with BootcError. */
    updateFacts(): Promise<UpdateFacts>;
    /**
     * Reboots the machine (`systemctl reboot`), telling Cockpit to reconnect. The connection dropping
     * on the way is the reboot happening, not a failure. Rejects with BootcError.
     */
    reboot(): Promise<void>;
}

export interface UpdateChoice {
    mode: UpdateMode;
    /** prepare a soft reboot when the new deployment allows one (`--soft-reboot=auto`) */
    softReboot: boolean;
    /** the update as the page showed it */
    target: AvailableUpdate | null;
}

/** When a switch, tag change or rollback takes effect, as the admin chose it. */
export interface ApplyOptions {
    mode: ApplyMode;
    /** `--soft-reboot=auto` */
    softReboot: boolean;
}

export interface RollbackChoice extends ApplyOptions {
    /** the rollback deployment's image, as the page showed it */
    target: ImageInfo | null;
}

export interface SwitchChoice extends ApplyOptions {
    target: ImageTarget;
    enforceSignaturePolicy: boolean;
    retain: boolean;
}

export interface CopyChoice {
    /** a host image, as parsed from bootc's listing */
    source: ImageTarget;
    /** a containers-storage name */
    target: ImageTarget;
    /** the image of a deployment made from the source, for its version */
    image: ImageInfo | null;
}

/**
 * This bootc has --progress-fd (1.1.4). Without a known version, assume a current bootc: a too-old one
 * refuses the flag at once.
 */
function hasProgressFd(version: BootcVersion | null): boolean {
    return version === null || versionAtLeast(version, 1, 1, 4);
}

function imageTarget(image: string, transport: string): OperationTarget {
    return { image, transport, version: null, digest: null };
}

/** An update's target: the tracked image, at the version and digest bootc told of (when it did). */
function updateTarget(update: AvailableUpdate | null, host: HostModel | null): OperationTarget | null {
    const ref = update?.image?.ref ?? host?.tracked ?? null;
    if (!ref)
        return null;
    return {
        image: ref.name, transport: ref.transport, version: update?.version ?? null, digest: update?.digest ?? null,
    };
}

function targetOf(info: ImageInfo | null): OperationTarget | null {
    return info && { image: info.ref.name, transport: info.ref.transport, version: info.version, digest: info.digest };
}

export interface UpdateFacts {
    /**
     * bootc-fetch-apply-updates.timer is enabled: it runs `bootc upgrade --apply`, which applies a
     * staged (even download-only) update and reboots.
     */
    timerEnabled: boolean;
    /** /run/nextroot exists: the next reboot will be a soft reboot */
    softRebootPrepared: boolean;
    /** systemd runs the host: its units can be watched */
    systemd: boolean;
}

/** Reads the output of scripts/update-facts.sh. */
export function parseUpdateFacts(output: string): UpdateFacts {
    const values = new Map(output.split("\n").map(line => line.trim().split(/\s+/, 2) as [string, string | undefined]));
    const timer = values.get("timer") ?? "";
    return {
        timerEnabled: timer === "enabled" || timer === "enabled-runtime",
        softRebootPrepared: values.get("nextroot") === "yes",
        systemd: values.get("systemd") === "yes",
    };
}

export interface ClientOptions {
    statusTimeoutMs?: number;
    /** where operations start and are followed (default: under /run/cockpit-bootc, see operations.ts) */
    operations?: Operations;
}

export type StatusParseResult =
    | { ok: true; host: HostModel }
    | { ok: false; reason: string; issues: string[] };

/** Parses the stdout of `bootc status --format=json --format-version=1`. */
export function parseStatusOutput(stdout: string): StatusParseResult {
    let json: unknown;
    try {
        json = JSON.parse(stdout);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, reason: "not JSON", issues: [stdout.trim() === "" ? "the output was empty" : message] };
    }
    const parsed = HostSchema.safeParse(json);
    if (!parsed.success)
        return { ok: false, reason: "not a bootc host status", issues: describeIssues(parsed.error) };
    return { ok: true, host: buildHostModel(parsed.data) };
}

export function createBootcClient(transport: Transport, options: ClientOptions = {}): BootcClient {
    const statusTimeoutMs = options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
    /** reads as root: bootc status needs root plus CAP_SYS_ADMIN on a booted host (CONTRACT.md §0.2) */
    const asRoot = { superuser: "require" as const, timeoutMs: statusTimeoutMs };

    let knownVersion: BootcVersion | null = null;

    async function version(): Promise<BootcVersion | null> {
        if (knownVersion)
            return knownVersion;
        try {
            knownVersion = parseBootcVersion(await transport.run(versionCommand(), { timeoutMs: statusTimeoutMs }));
        } catch {
            knownVersion = null;
        }
        return knownVersion;
    }

    /** the last status read: what the page shows, and what an operation starts from */
    let lastHost: HostModel | null = null;

    /** set once this bootc refused --format-version: it is older than 0.1.14 */
    let legacyStatus = false;

    async function readStatus(signal: AbortSignal | undefined): Promise<{ argv: string[]; stdout: string }> {
        let argv = legacyStatus ? legacyStatusCommand() : statusCommand();
        const options = signal ? { ...asRoot, signal } : asRoot;
        try {
            // status needs root plus CAP_SYS_ADMIN on a booted host (CONTRACT.md §0.2)
            return { argv, stdout: await transport.run(argv, options) };
        } catch (error) {
            const refused = !legacyStatus && error instanceof TransportError && error.kind === "exited"
                && refusesStatusFormat(error.details.exitStatus, bootcText(error.stderr));
            if (!refused)
                throw new BootcError(problemFromTransport(error, argv));
        }
        legacyStatus = true;
        argv = legacyStatusCommand();
        try {
            return { argv, stdout: await transport.run(argv, options) };
        } catch (error) {
            throw new BootcError(problemFromTransport(error, argv));
        }
    }

    async function status(options: { signal?: AbortSignal } = {}): Promise<HostModel> {
        const { argv, stdout } = await readStatus(options.signal);
        const result = parseStatusOutput(stdout);
        if (result.ok) {
            lastHost = result.host;
            return result.host;
        }
        const found = await version();
        throw new BootcError({
            kind: "bad-output",
            argv,
            reason: result.reason,
            issues: result.issues,
            output: stdout,
            version: found?.raw ?? null,
        });
    }

    async function updateFacts(): Promise<UpdateFacts> {
        const args = [UPDATE_TIMER, NEXTROOT_PATH];
        try {
            return parseUpdateFacts(await transport.script(UPDATE_FACTS_SCRIPT, args, asRoot));
        } catch (error) {
            throw new BootcError(problemFromTransport(error, ["update-facts.sh", ...args]));
        }
    }

    async function reboot(): Promise<void> {
        const argv = rebootCommand();
        transport.expectRestart();
        try {
            await transport.run(argv, { superuser: "require" });
        } catch (error) {
            const problem = problemFromTransport(error, argv);
            // the machine going down takes the connection (or systemctl) with it
            if (problem.kind === "connection" || (error instanceof TransportError && error.kind === "signaled"))
                return;
            throw new BootcError(problem);
        }
    }

    const declarationsCache = new Map<string, DeclarationsResult>();
    const imageReport = (host: HostModel) => readImageReport({ transport, asRoot, version, declarationsCache }, host);

    const operations = options.operations ?? createOperations(transport);

    /**
     * Starts an operation of KIND; `build` gets whether bootc is to report progress (the kind can, and
     * this bootc has --progress-fd) and returns its argv and record.
     */
    async function start(
        kind: OperationKind,
        build: (progress: boolean) => Omit<OperationRequest, "kind" | "progress">,
    ): Promise<string> {
        // the version only matters (and is only read) for a kind that can report progress
        const progress = OPERATION_TRAITS[kind].progress && hasProgressFd(await version());
        let request: Omit<OperationRequest, "kind" | "progress">;
        try {
            request = build(progress);
        } catch (error) {
            throw error instanceof BootcError ? error : new BootcError({ kind: "connection", message: String(error) });
        }
        return operations.start({ kind, progress, before: lastHost && summarizeDeployments(lastHost), ...request });
    }

    return {
        status,
        version,
        operations,
        checkForUpdates: () => start("check", () => {
            // the image the check is about, so its answer is not taken for another one after a switch
            const tracked = lastHost?.tracked ?? null;
            return {
                argv: upgradeCheckCommand(),
                target: tracked && { image: tracked.name, transport: tracked.transport, version: null, digest: null },
                reboots: false,
            };
        }),
        startUpdate: choice => start("update", progress => {
            const argv = upgradeCommand({ mode: choice.mode, softReboot: choice.softReboot, progress });
            return {
                argv,
                target: updateTarget(choice.target, lastHost),
                reboots: choice.mode === "apply",
                softReboot: argv.includes("--soft-reboot=auto"),
                downloadOnly: choice.mode === "download-only",
            };
        }),
        applyDownloaded: ({ rebootNow, target }) => start("apply-downloaded", () => ({
            argv: applyDownloadedCommand({ apply: rebootNow }),
            target: targetOf(target),
            reboots: rebootNow,
        })),
        startRollback: ({ mode, softReboot, target }) => start("rollback", () => ({
            argv: rollbackCommand({ mode, softReboot }),
            target: targetOf(target),
            reboots: mode === "apply",
            softReboot,
        })),
        undoRollback: booted => start("rollback-undo", () => ({
            argv: rollbackCommand({ mode: "stage", softReboot: false }),
            target: targetOf(booted),
            reboots: false,
        })),
        startSwitch: choice => start("switch", progress => ({
            argv: switchCommand(choice.target, { ...choice, progress }),
            target: imageTarget(choice.target.image, choice.target.transport),
            reboots: choice.mode === "apply",
            softReboot: choice.softReboot,
        })),
        changeTag: (plan, choice) => start("change-tag", progress => {
            let argv: string[];
            if (plan.kind === "upgrade-tag") {
                argv = upgradeTagCommand(plan.tag, { ...choice, progress });
            } else if (plan.kind === "switch") {
                argv = switchCommand(plan.target, {
                    ...choice, progress, enforceSignaturePolicy: plan.enforceSignaturePolicy, retain: false,
                });
            } else {
                throw new BootcError({ kind: "connection", message: `no tag change to start (${plan.kind})` });
            }
            return {
                argv,
                target: imageTarget(plan.image, "registry"),
                reboots: choice.mode === "apply",
                softReboot: choice.softReboot,
            };
        }),
        copyToStorage: ({ source, target, image }) => start("copy-to-storage", () => ({
            argv: copyToStorageCommand(source, target),
            target: {
                image: source.image,
                transport: source.transport,
                version: image?.version ?? null,
                digest: image?.digest ?? null,
            },
            reboots: false,
            destination: target.image,
        })),
        imageReport,
        updateFacts,
        reboot,
        watchStatusChanges: onChange => transport.watch(STATUS_CHANGED_PATH, onChange),
        onPrivilegesChanged: callback => transport.onPrivilegesChanged(callback),
        watchUpdateService: onChange => transport.watchUnit(UPDATE_SERVICE, onChange),
    };
}
