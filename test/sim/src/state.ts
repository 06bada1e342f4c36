// SPDX-License-Identifier: LGPL-2.1-or-later
// The simulated host: its deployments, a pretend registry, bootc's image storage, timing and faults.
// Kept as one JSON file in $BOOTC_SIM_STATE, read and written under the sysroot lock.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export type Signature = "containerPolicy" | "insecure" | { ostreeRemote: string };

export interface ImageSpec {
    image: string;
    transport: string;
    signature?: Signature;
}

/** A declaration in /usr/lib/bootc/bound-images.d of an OS image: a quadlet file name and its text. */
export interface BoundImageFile {
    file: string;
    content: string;
}

export interface Layer {
    digest: string;
    size: number;
}

/** A manifest in the pretend registry (or a local layout). */
export interface Manifest {
    version: string | null;
    created: string | null;
    architecture: string;
    layers: Layer[];
    boundImages: BoundImageFile[];
    /** images with the same kernel can be soft-rebooted into */
    kernel: string;
}

export interface ComposefsState {
    verity: string;
    bootType: string;
    bootloader: string;
    bootDigest: string | null;
    missingVerityAllowed: boolean;
}

export interface SimDeployment {
    /** null for a plain ostree commit that is not container-based */
    spec: ImageSpec | null;
    /** manifest digest in `manifests`; null when spec is null */
    digest: string | null;
    checksum: string;
    deploySerial: number;
    stateroot: string;
    pinned: boolean;
    incompatible: boolean;
    downloadOnly: boolean;
    /** digest of a newer manifest seen by a fetch (ostree-ext's cached update) */
    cachedUpdate: string | null;
    composefs?: ComposefsState;
}

export interface Faults {
    /** the next pull fails once this share (0–100) of its bytes arrived */
    pullFailAtPercent?: number;
    /** pulls crawl at this many bytes per second (a slow or congested link) */
    slowPullBytesPerSecond?: number;
    /** registries (host names) that refuse our credentials */
    authFailRegistries?: string[];
    /** registries whose token endpoint answers 403 (a private repository without a login, e.g. on ghcr.io) */
    tokenRefusedRegistries?: string[];
    /** the sysroot lock counts as held by someone else until this time (ms since the epoch) */
    lockHeldUntil?: number;
    /** bootc status prints something that is not a host status */
    statusOutput?: "truncated" | "wrong-type" | "yaml" | "empty";
    /** bootc status adds fields no bootc version has (a newer bootc) */
    statusExtraFields?: boolean;
    /** bootc status fails with this error chain (printed as `error: <chain>`) */
    statusError?: string;
    /** image copy-to-storage fails with this error chain while copying layers */
    copyError?: string;
    /** act as if not run as root */
    notRoot?: boolean;
    /** systemd-run never answers (the page's start must give up, not hang for ever) */
    systemdRunHangs?: boolean;
}

export interface Timing {
    /** download speed of pulls */
    bytesPerSecond: number;
    /** interval between progress events (bootc sends at most 5 per second) */
    tickMs: number;
    /** duration of each importing/staging step */
    stepMs: number;
    /** delay between staging and the "reboot" of --apply */
    rebootDelayMs: number;
}

export interface SimState {
    /** what `bootc --version` reports; gates fields like bootc does (CONTRACT.md §10) */
    bootcVersion: string;
    /** "ostree", or bootc's native "composefs" backend */
    backend: "ostree" | "composefs";
    staged: SimDeployment | null;
    booted: SimDeployment | null;
    rollback: SimDeployment | null;
    others: SimDeployment[];
    rollbackQueued: boolean;
    usrOverlay: { accessMode: string; persistence: string } | null;
    readOnly: boolean;
    /** repository → tag → digest, e.g. "quay.io/fedora/fedora-bootc" → { "42": "sha256:…" } */
    registry: Record<string, Record<string, string>>;
    /** local transports ("oci:/var/mnt/update", "containers-storage:localhost/os") → digest */
    local: Record<string, string>;
    manifests: Record<string, Manifest>;
    /** layer digests present in the ostree repo (complete, or fetched by an interrupted pull) */
    repoLayers: string[];
    /** image references present in bootc's containers-storage (/usr/lib/bootc/storage) */
    boundStorage: string[];
    /** image references in podman's default storage (/var/lib/containers), from copy-to-storage */
    containersStorage: string[];
    /** containers-policy.json has `default: insecureAcceptAnything` */
    insecurePolicy: boolean;
    /** /usr/lib/systemd/system/soft-reboot.target exists */
    softRebootTarget: boolean;
    freeSpaceBytes: number;
    timing: Timing;
    faults: Faults;
    /** bumped for every new deployment, to make checksums unique */
    serial: number;
    /** bootc-fetch-apply-updates.timer is enabled (seeding writes its timers.target.wants link) */
    updateTimerEnabled?: boolean;
    /** every reboot of the simulated machine, oldest first ("soft" when /run/nextroot was prepared) */
    reboots?: { kind: "reboot" | "soft-reboot"; at: string; by: string }[];
}

export interface Paths {
    stateDir: string;
    /** the simulated host's "/" (real "/" inside the test host's mount namespace) */
    root: string;
}

export function statePath(paths: Paths): string {
    return join(paths.stateDir, "state.json");
}

export function hostPath(paths: Paths, absolute: string): string {
    return join(paths.root, absolute);
}

export function loadState(paths: Paths): SimState {
    return JSON.parse(readFileSync(statePath(paths), "utf8")) as SimState;
}

/** Writes atomically, so a concurrent reader never sees half a file. */
export function writeFileAtomic(path: string, content: string): void {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, content);
    renameSync(temp, path);
}

export function saveState(paths: Paths, state: SimState): void {
    writeFileAtomic(statePath(paths), JSON.stringify(state, null, 1));
}

/** Read, change, write back: for tests and the demo changing a simulated host from outside. */
export function updateState(paths: Paths, change: (state: SimState) => void): void {
    const state = loadState(paths);
    change(state);
    saveState(paths, state);
}

export function specKey(spec: ImageSpec): string {
    return `${spec.transport}:${spec.image}`;
}

export function sameSpec(a: ImageSpec | null, b: ImageSpec | null): boolean {
    if (!a || !b)
        return a === b;
    return a.image === b.image && a.transport === b.transport &&
        JSON.stringify(a.signature ?? null) === JSON.stringify(b.signature ?? null);
}

/** bootc's spec.image: the staged deployment's image if there is one, else the booted one. */
export function trackedSpec(state: SimState): ImageSpec | null {
    return state.staged?.spec ?? state.booted?.spec ?? null;
}

export function compareVersion(version: string, wanted: string): number {
    const parse = (v: string) => v.split(/[.-]/).slice(0, 3).map(n => Number.parseInt(n, 10) || 0);
    const [a, b] = [parse(version), parse(wanted)];
    for (let i = 0; i < 3; i++) {
        const diff = (a[i] ?? 0) - (b[i] ?? 0);
        if (diff !== 0)
            return diff;
    }
    return 0;
}

/** Whether the simulated bootc is at least this version. */
export function since(state: SimState, version: string): boolean {
    return compareVersion(state.bootcVersion, version) >= 0;
}
