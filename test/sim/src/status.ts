// SPDX-License-Identifier: LGPL-2.1-or-later
// `bootc status --format=json`: the host object of spec.rs, with the fields each bootc version had.
import { canonicalJson } from "./io";
import { since, trackedSpec } from "./state";
import type { ImageSpec, SimDeployment, SimState } from "./state";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

function imageReference(spec: ImageSpec): Json {
    // signature is omitted when None
    return { image: spec.image, transport: spec.transport, signature: spec.signature };
}

function imageStatus(state: SimState, spec: ImageSpec, digest: string): Json {
    const manifest = state.manifests[digest];
    return {
        image: imageReference(spec),
        version: manifest?.version ?? null,
        timestamp: manifest?.created ?? null,
        imageDigest: digest,
        architecture: since(state, "1.1.7") ? manifest?.architecture ?? "amd64" : undefined,
    };
}

/** softRebootCapable is relative to the booted deployment: same kernel, and systemd can soft-reboot. */
export function softRebootCapable(state: SimState, deployment: SimDeployment): boolean {
    const booted = state.booted;
    if (!state.softRebootTarget || !booted || deployment === booted || !deployment.digest || !booted.digest)
        return false;
    return state.manifests[deployment.digest]?.kernel === state.manifests[booted.digest]?.kernel;
}

function bootEntry(state: SimState, deployment: SimDeployment, extra: boolean): Json {
    const containerBased = deployment.spec !== null && deployment.digest !== null && !deployment.incompatible;
    const ostree = state.backend === "ostree";
    const entry: { [key: string]: Json | undefined } = {
        image: containerBased && deployment.spec && deployment.digest
            ? imageStatus(state, deployment.spec, deployment.digest)
            : null,
        // since 0.1.6; composefs never fills it
        cachedUpdate: !since(state, "0.1.6") ? undefined : ostree && deployment.cachedUpdate && deployment.spec
            ? imageStatus(state, deployment.spec, deployment.cachedUpdate)
            : null,
        incompatible: deployment.incompatible,
        pinned: deployment.pinned,
        softRebootCapable: since(state, "1.7.0") ? softRebootCapable(state, deployment) : undefined,
        downloadOnly: since(state, "1.12.0") ? deployment.downloadOnly : undefined,
        store: since(state, "0.1.14") ? (ostree ? "ostreeContainer" : null) : undefined,
        ostree: ostree
            ? {
                checksum: deployment.checksum, deploySerial: deployment.deploySerial,
                stateroot: since(state, "1.3.0") ? deployment.stateroot : undefined,
            }
            : null,
        composefs: since(state, "1.9.0") ? (deployment.composefs ? { ...deployment.composefs } : null) : undefined,
    };
    if (extra)
        entry.fieldFromTheFuture = { enabled: true, level: 3 };
    return entry;
}

/** v1alpha1 until 0.1.14; "stabilized" as v1 in 0.1.15. */
function apiVersion(state: SimState): string {
    return since(state, "0.1.15") ? "org.containers.bootc/v1" : "org.containers.bootc/v1alpha1";
}

/** `type` since 0.1.6; before it `isContainer` (true when run inside a container, never here). */
function hostType(state: SimState, type: string | null): { [key: string]: Json } {
    return since(state, "0.1.6") ? { type } : { isContainer: false };
}

/** What bootc prints where it is not deployed via bootc (CONTRACT.md §2.8). */
function emptyHost(state: SimState): { [key: string]: Json | undefined } {
    return {
        apiVersion: apiVersion(state),
        kind: "BootcHost",
        metadata: { name: "host" },
        spec: { image: null, bootOrder: since(state, "0.1.10") ? "default" : undefined },
        status: {
            staged: null,
            booted: null,
            rollback: null,
            rollbackQueued: since(state, "0.1.10") ? false : undefined,
            ...hostType(state, null),
            usrOverlay: since(state, "1.14.0") ? null : undefined,
            readOnly: since(state, "1.16.7") ? false : undefined,
        },
    };
}

export function hostObject(state: SimState, booted: boolean): { [key: string]: Json | undefined } {
    if (!booted || !state.booted)
        return emptyHost(state);
    const extra = state.faults.statusExtraFields === true;
    const entry = (d: SimDeployment | null) => (d ? bootEntry(state, d, extra) : null);
    const tracked = trackedSpec(state);
    const host: { [key: string]: Json | undefined } = {
        apiVersion: apiVersion(state),
        kind: "BootcHost",
        metadata: { name: "host" },
        spec: {
            image: tracked ? imageReference(tracked) : null,
            bootOrder: since(state, "0.1.10") ? (state.rollbackQueued ? "rollback" : "default") : undefined,
        },
        status: {
            staged: entry(state.staged),
            booted: entry(state.booted),
            rollback: entry(state.rollback),
            otherDeployments: since(state, "1.3.0") && state.others.length > 0 ? state.others.map(entry) : undefined,
            rollbackQueued: since(state, "0.1.10") ? state.rollbackQueued : undefined,
            ...hostType(state, state.booted.spec && !state.booted.incompatible ? "bootcHost" : null),
            usrOverlay: since(state, "1.14.0") ? state.usrOverlay : undefined,
            readOnly: since(state, "1.16.7") ? state.readOnly : undefined,
            ...(extra ? { hostFromTheFuture: ["a", "b"] } : {}),
        },
        ...(extra ? { annotationsFromTheFuture: { x: "y" } } : {}),
    };
    return host;
}

function compactJson(value: unknown): string {
    return JSON.stringify(value);
}

/** The text `bootc status --format=json` prints, including the malformed-output faults. */
export function renderStatus(state: SimState, booted: boolean): string {
    const host = hostObject(state, booted);
    const fault = state.faults.statusOutput;
    if (fault === "wrong-type") {
        const status = host.status as { [key: string]: Json };
        const bootedEntry = status.booted as { [key: string]: Json } | null;
        if (bootedEntry)
            bootedEntry.pinned = "yes";
        else
            status.rollbackQueued = "no";
    }
    // canonical JSON since 1.5.0; compact serde_json in struct order before
    const text = since(state, "1.5.0") ? canonicalJson(host) : compactJson(host);
    switch (fault) {
    case "truncated": return text.slice(0, Math.floor(text.length / 2));
    case "empty": return "";
    case "yaml": return "apiVersion: org.containers.bootc/v1\nkind: BootcHost\nmetadata:\n  name: host\n";
    default: return text;
    }
}
