// SPDX-License-Identifier: LGPL-2.1-or-later
// Simulated hosts to seed: `demo` is what `make demo` shows; the others are the situations the tests need.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { installBoundImages } from "./src/bound-images";
import { composefsIdentity } from "./src/deploy";
import { OSTREE_BOOTED, REBOOT_REQUIRED, STATUS_STAMP, syncStagedMarkers } from "./src/host-files";
import { hostPath, saveState } from "./src/state";
import type { BoundImageFile, Manifest, Paths, SimDeployment, SimState, Timing } from "./src/state";

export function sha256(seed: string): string {
    return `sha256:${createHash("sha256").update(seed).digest("hex")}`;
}

/** Timing of a real host on a good connection: a pull takes tens of seconds. */
export const REALISTIC_TIMING: Timing = { bytesPerSecond: 40_000_000, tickMs: 200, stepMs: 800, rebootDelayMs: 1500 };
/** Timing for tests that only need the end state. */
export const FAST_TIMING: Timing = { bytesPerSecond: 4_000_000_000, tickMs: 20, stepMs: 20, rebootDelayMs: 50 };

export const BOUND_IMAGES: Record<string, BoundImageFile> = {
    curlBase: { file: "curl-base.image", content: "[Image]\nImage=quay.io/curl/curl-base:latest\n" },
    curl: { file: "curl.container", content: "[Container]\nImage=quay.io/curl/curl:latest\nGlobalArgs=--storage-opt=additionalimagestore=/usr/lib/bootc/storage\n" },
    podman: { file: "podman.image", content: "[Image]\nImage=registry.access.redhat.com/ubi9/podman:latest\n" },
    postgres: { file: "postgres.container", content: "[Container]\nImage=quay.io/fedora/postgresql-16:20251110\n" },
};

/**
 * A manifest of an OS image: ten ostree chunks and one derived layer. A build made `from` an earlier
 * one shares its chunks except the `changed` ones, so an update downloads only those.
 */
export function osManifest(options: {
    version: string;
    created: string;
    build: string;
    from?: Manifest;
    changed?: number[];
    kernel?: string;
    boundImages?: BoundImageFile[];
    architecture?: string;
}): Manifest {
    const sizes = [182, 141, 120, 96, 88, 74, 61, 52, 40, 33];
    const layers = sizes.map((mb, i) => {
        const inherited = options.from && !(options.changed ?? []).includes(i) ? options.from.layers[i] : undefined;
        return inherited ?? { digest: sha256(`${options.build}/chunk/${i}`), size: mb * 1_000_000 + i * 4099 };
    });
    layers.push({ digest: sha256(`${options.build}/derived`), size: 21_500_000 });
    return {
        version: options.version,
        created: options.created,
        architecture: options.architecture ?? "amd64",
        layers,
        boundImages: options.boundImages ?? [],
        kernel: options.kernel ?? options.from?.kernel ?? "6.17.7-300.fc42.x86_64",
    };
}

export function deploymentOf(
    state: SimState, repository: string, tag: string, extra: Partial<SimDeployment> = {},
): SimDeployment {
    const digest = state.registry[repository]?.[tag];
    if (!digest)
        throw new Error(`scenario: no ${repository}:${tag} in the registry`);
    return {
        spec: { image: `${repository}:${tag}`, transport: "registry" },
        digest,
        checksum: createHash("sha256").update(`ostree-commit:${digest}`).digest("hex"),
        deploySerial: 0,
        stateroot: "default",
        pinned: false,
        incompatible: false,
        downloadOnly: false,
        cachedUpdate: null,
        ...extra,
    };
}

const FEDORA = "quay.io/fedora/fedora-bootc";

/** A Fedora build `daysAgo` days before now: its version and timestamp, like Fedora's own (42.YYYYMMDD.0). */
function build(major: number, daysAgo: number, nanos = ""): { version: string; created: string } {
    const date = new Date(Date.now() - daysAgo * 86_400_000);
    date.setUTCHours(4, 5, 44, 0);
    const ymd = date.toISOString().slice(0, 10).replace(/-/g, "");
    return { version: `${major}.${ymd}.0`, created: date.toISOString().replace(".000Z", `${nanos}Z`) };
}

/** The builds of the Fedora scenarios, relative to today so the demo looks current. */
export const BUILDS = {
    rollback: build(42, 36),
    booted: build(42, 22, ".318204551"),
    update: build(42, 8),
    next: build(43, 12),
};

/** Fedora bootc 42: the two builds on the machine, one newer 42 build and 43 in the registry. */
function fedoraRegistry(): Pick<SimState, "registry" | "manifests"> {
    const bound = [BOUND_IMAGES.curlBase, BOUND_IMAGES.curl, BOUND_IMAGES.podman]
        .filter((b): b is BoundImageFile => b !== undefined);
    const rollbackBuild = osManifest({ ...BUILDS.rollback, build: "f42-a", boundImages: bound });
    const bootedBuild = osManifest({
        ...BUILDS.booted, build: "f42-b", from: rollbackBuild, changed: [7, 8, 9], boundImages: bound,
    });
    const updateBuild = osManifest({
        ...BUILDS.update, build: "f42-c", from: bootedBuild, changed: [0, 6, 8, 9],
        boundImages: [...bound.slice(0, 2), BOUND_IMAGES.postgres as BoundImageFile],
    });
    const nextBuild = osManifest({
        ...BUILDS.next, build: "f43-a", kernel: "6.17.8-200.fc43.x86_64", boundImages: bound,
    });
    const builds: [string, Manifest][] = [
        [BUILDS.rollback.version, rollbackBuild],
        [BUILDS.booted.version, bootedBuild],
        [BUILDS.update.version, updateBuild],
        [BUILDS.next.version, nextBuild],
    ];
    const manifests: Record<string, Manifest> = {};
    const digests: Record<string, string> = {};
    for (const [version, manifest] of builds) {
        const digest = sha256(`manifest/${version}`);
        manifests[digest] = manifest;
        digests[version] = digest;
    }
    const d = (version: string) => digests[version] ?? "";
    return {
        registry: {
            [FEDORA]: {
                "42": d(BUILDS.update.version),
                [BUILDS.rollback.version]: d(BUILDS.rollback.version),
                [BUILDS.booted.version]: d(BUILDS.booted.version),
                [BUILDS.update.version]: d(BUILDS.update.version),
                "43": d(BUILDS.next.version),
                latest: d(BUILDS.next.version),
            },
            "quay.io/curl/curl-base": { latest: sha256("curl-base") },
            "quay.io/curl/curl": { latest: sha256("curl") },
            "registry.access.redhat.com/ubi9/podman": { latest: sha256("podman") },
        },
        manifests,
    };
}

function baseState(): SimState {
    return {
        bootcVersion: "1.16.9",
        backend: "ostree",
        staged: null,
        booted: null,
        rollback: null,
        others: [],
        rollbackQueued: false,
        usrOverlay: null,
        readOnly: false,
        ...fedoraRegistry(),
        local: {},
        repoLayers: [],
        boundStorage: [],
        containersStorage: [],
        insecurePolicy: true,
        softRebootTarget: true,
        freeSpaceBytes: 40_000_000_000,
        timing: FAST_TIMING,
        faults: {},
        serial: 0,
    };
}

export interface Scenario {
    state: SimState;
    /** /run/ostree-booted exists: the machine booted through ostree/bootc */
    ostreeBooted: boolean;
}

/** The machine running BUILDS.booted, with BUILDS.rollback to roll back to and BUILDS.update published as :42. */
function fedoraHost(): SimState {
    const state = baseState();
    const tracked = { spec: { image: `${FEDORA}:42`, transport: "registry" } };
    state.booted = deploymentOf(state, FEDORA, BUILDS.booted.version, tracked);
    state.rollback = deploymentOf(state, FEDORA, BUILDS.rollback.version, tracked);
    return state;
}

export const SCENARIOS: Record<string, () => Scenario> = {
    demo: () => {
        const state = fedoraHost();
        state.timing = REALISTIC_TIMING;
        // as on Fedora and CentOS bootc images, whose presets enable it
        state.updateTimerEnabled = true;
        return { state, ostreeBooted: true };
    },
    "booted-only": () => {
        const state = fedoraHost();
        state.rollback = null;
        return { state, ostreeBooted: true };
    },
    "staged-rollback": () => {
        const state = fedoraHost();
        state.staged = deploymentOf(state, FEDORA, "42");
        return { state, ostreeBooted: true };
    },
    "download-only": () => {
        const state = fedoraHost();
        state.staged = deploymentOf(state, FEDORA, "42", { downloadOnly: true });
        return { state, ostreeBooted: true };
    },
    "rollback-queued": () => {
        const state = fedoraHost();
        state.rollbackQueued = true;
        return { state, ostreeBooted: true };
    },
    pinned: () => {
        const state = fedoraHost();
        state.rollback = null;
        state.others = [
            deploymentOf(state, FEDORA, BUILDS.rollback.version, { pinned: true, stateroot: "default" }),
            deploymentOf(state, FEDORA, "43", { pinned: true, stateroot: "fedora-43-test" }),
        ];
        return { state, ostreeBooted: true };
    },
    incompatible: () => {
        const state = fedoraHost();
        if (state.booted)
            state.booted.incompatible = true;
        return { state, ostreeBooted: true };
    },
    // make bench's scale point: 10 deployments (3 and 7 pinned), a booted image declaring 200 bound
    // images, all in bootc's storage (so bootc ≥ 1.16 lists them among the host images too)
    scale: () => {
        const state = fedoraHost();
        const tracked = { spec: { image: `${FEDORA}:42`, transport: "registry" } };
        const booted = state.booted?.digest ? state.manifests[state.booted.digest] : undefined;
        if (booted) {
            const digest = sha256("manifest/scale");
            state.manifests[digest] = {
                ...booted,
                boundImages: Array.from({ length: 200 }, (_, i) => ({
                    file: `app-${String(i).padStart(3, "0")}.image`,
                    content: `[Image]\nImage=quay.io/example/app-${i}:1.${i}\n`,
                })),
            };
            const repository = state.registry[FEDORA];
            if (repository)
                repository.scale = digest;
            state.booted = deploymentOf(state, FEDORA, "scale", tracked);
        }
        state.staged = deploymentOf(state, FEDORA, "42");
        const versions = [BUILDS.rollback.version, BUILDS.booted.version, "43"];
        state.others = Array.from({ length: 7 }, (_, i) => deploymentOf(
            state, FEDORA, versions[i % versions.length] ?? "43", { pinned: true, deploySerial: i + 1 },
        ));
        return { state, ostreeBooted: true };
    },
    composefs: () => {
        const state = fedoraHost();
        state.backend = "composefs";
        for (const d of [state.booted, state.rollback]) {
            if (d)
                d.composefs = composefsIdentity(d.checksum);
        }
        return { state, ostreeBooted: true };
    },
    "usr-overlay": () => {
        const state = fedoraHost();
        state.usrOverlay = { accessMode: "readWrite", persistence: "transient" };
        return { state, ostreeBooted: true };
    },
    "read-only": () => {
        const state = fedoraHost();
        state.readOnly = true;
        return { state, ostreeBooted: true };
    },
    "extra-fields": () => {
        const state = fedoraHost();
        state.faults.statusExtraFields = true;
        return { state, ostreeBooted: true };
    },
    "old-bootc": () => {
        const state = fedoraHost();
        state.bootcVersion = "1.1.0";
        return { state, ostreeBooted: true };
    },
    // as RHEL 9.4-era images shipped it: v1alpha1, no --format, no stateroot or store
    "bootc-0.1": () => {
        const state = fedoraHost();
        state.bootcVersion = "0.1.9";
        return { state, ostreeBooted: true };
    },
    // no stateroot (1.3.0), errors as "ERROR <chain>" (before 1.4.0)
    "bootc-1.2": () => {
        const state = fedoraHost();
        state.bootcVersion = "1.2.0";
        return { state, ostreeBooted: true };
    },
    "not-bootc": () => {
        const state = baseState();
        return { state, ostreeBooted: false };
    },
};

function layersOf(state: SimState): string[] {
    const deployments = [state.staged, state.booted, state.rollback, ...state.others];
    return [
        ...new Set(
            deployments.flatMap(d => (d?.digest ? state.manifests[d.digest]?.layers ?? [] : []).map(l => l.digest)),
        ),
    ];
}

function write(paths: Paths, path: string, content: string): void {
    const full = hostPath(paths, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
}

/** Writes the state and the host files bootc and ostree would have left on such a machine. */
export function seedHost(paths: Paths, scenario: Scenario): void {
    const { state } = scenario;
    mkdirSync(paths.stateDir, { recursive: true });
    state.repoLayers = layersOf(state);
    const bootedManifest = state.booted?.digest ? state.manifests[state.booted.digest] : undefined;
    const declared = bootedManifest?.boundImages ?? [];
    // the bound images of every deployment were pulled when it was staged
    state.boundStorage = [...new Set([state.booted, state.rollback, state.staged, ...state.others]
        .flatMap(d => (d?.digest ? state.manifests[d.digest]?.boundImages ?? [] : []))
        .map(file => /Image=(.*)/.exec(file.content)?.[1] ?? ""))].filter(ref => ref !== "");
    saveState(paths, state);

    mkdirSync(hostPath(paths, STATUS_STAMP), { recursive: true });
    mkdirSync(hostPath(paths, "/run/ostree"), { recursive: true });
    if (scenario.ostreeBooted)
        write(paths, OSTREE_BOOTED, "");
    else
        rmSync(hostPath(paths, OSTREE_BOOTED), { force: true });
    if (scenario.ostreeBooted && state.booted)
        installBoundImages(paths, declared);
    if (state.staged?.digest || state.rollbackQueued)
        write(paths, REBOOT_REQUIRED, `bootc: Reboot required for image: ${state.staged?.digest ?? state.rollback?.digest ?? ""}\n`);
    syncStagedMarkers(paths, state);

    // enabling a unit with [Install] WantedBy=timers.target links it there
    const wants = hostPath(paths, `/etc/systemd/system/timers.target.wants/${UPDATE_TIMER}`);
    rmSync(wants, { force: true });
    if (state.updateTimerEnabled) {
        mkdirSync(dirname(wants), { recursive: true });
        symlinkSync(`/usr/lib/systemd/system/${UPDATE_TIMER}`, wants);
    }
}

export const UPDATE_TIMER = "bootc-fetch-apply-updates.timer";
