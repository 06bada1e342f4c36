/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pure functions from a parsed bootc host to what the page shows. No I/O, no React.
 */

import type { BootEntry, Host, ImageReference, ImageSignature, ImageStatus } from "./schema";

export type DeploymentRole = "staged" | "booted" | "rollback" | "other";

export type SignaturePolicy =
    /** no signature key: bootc's default, containers-policy.json with insecure sources allowed */
    | { kind: "default" }
    /** `switch --enforce-container-sigpolicy`: containers-policy.json, insecure refused */
    | { kind: "container-policy" }
    | { kind: "insecure" }
    | { kind: "ostree-remote"; remote: string }
    | { kind: "unknown"; raw: string };

export interface ImageRef {
    /** e.g. quay.io/fedora/fedora-bootc:42, or a path for oci/dir transports */
    name: string;
    /** registry, oci, oci-archive, containers-storage, dir, … */
    transport: string;
    signature: SignaturePolicy;
}

export interface ImageInfo {
    ref: ImageRef;
    version: string | null;
    /** null when bootc gave no timestamp or one that does not parse */
    builtAt: Date | null;
    /** bootc's timestamp verbatim (may carry nanoseconds) */
    builtAtRaw: string | null;
    /** the manifest digest, e.g. sha256:… */
    digest: string;
    architecture: string | null;
}

export interface OstreeIdentity {
    checksum: string;
    deploySerial: number;
    /** null: bootc before 1.3.0 does not say (its deployments are all in the booted stateroot) */
    stateroot: string | null;
}

export interface ComposefsIdentity {
    verity: string;
    bootType: string | null;
    bootloader: string | null;
    bootDigest: string | null;
    missingVerityAllowed: boolean | null;
}

export interface Deployment {
    /** stable key within one status: role plus ostree identity (or composefs verity) */
    id: string;
    role: DeploymentRole;
    /** null for a deployment that is not container-based (plain ostree commit, or incompatible) */
    image: ImageInfo | null;
    /** metadata of a newer image seen by a previous fetch; may equal `image` (see CONTRACT.md §2.6) */
    cachedUpdate: ImageInfo | null;
    pinned: boolean;
    /** has rpm-ostree layering/overrides: bootc cannot update it */
    incompatible: boolean;
    softRebootCapable: boolean;
    downloadOnly: boolean;
    /** "ostreeContainer", or null (composefs) */
    store: string | null;
    ostree: OstreeIdentity | null;
    composefs: ComposefsIdentity | null;
    /** whether this deployment is the one the machine boots into next */
    bootsNext: boolean;
}

export interface UsrOverlay {
    /** "readOnly" | "readWrite" (other values from a newer bootc pass through) */
    accessMode: string;
    /** "transient" | "persistent" */
    persistence: string;
}

export interface HostModel {
    apiVersion: string;
    /** bootc's rule: the host is deployed via bootc exactly when there is a booted entry */
    isBootcHost: boolean;
    /** spec.image: the image bootc upgrades from (the staged image if any, else the booted one) */
    tracked: ImageRef | null;
    bootOrder: string;
    /** staged, booted, rollback, then the others, in that order */
    deployments: Deployment[];
    booted: Deployment | null;
    staged: Deployment | null;
    rollback: Deployment | null;
    nextBoot: Deployment | null;
    rollbackQueued: boolean;
    usrOverlay: UsrOverlay | null;
    /** /sysroot is on read-only media (a live ISO): nothing can be changed */
    readOnly: boolean;
    /** the booted deployment uses bootc's native composefs backend */
    composefsBackend: boolean;
    /** status.type: "bootcHost" or null (more values may come) */
    hostType: string | null;
}

export function signaturePolicy(signature: ImageSignature | null | undefined): SignaturePolicy {
    if (signature === null || signature === undefined)
        return { kind: "default" };
    if (typeof signature === "object")
        return { kind: "ostree-remote", remote: signature.ostreeRemote };
    if (signature === "containerPolicy")
        return { kind: "container-policy" };
    if (signature === "insecure")
        return { kind: "insecure" };
    return { kind: "unknown", raw: signature };
}

export function imageRef(reference: ImageReference): ImageRef {
    return { name: reference.image, transport: reference.transport, signature: signaturePolicy(reference.signature) };
}

/**
 * Parses bootc's RFC 3339 timestamps. They may carry nanoseconds (2025-06-18T19:45:57.587379036Z),
 * which Date does not promise to accept, so the fraction is cut to milliseconds first.
 */
export function parseTimestamp(raw: string | null | undefined): Date | null {
    if (!raw)
        return null;
    const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/.exec(raw.trim());
    if (!match)
        return null;
    const [, date, time, fraction, zone] = match;
    const millis = (fraction ?? "").padEnd(3, "0").slice(0, 3);
    const normalizedZone = zone === "z" ? "Z" : zone;
    const parsed = new Date(`${date}T${time}.${millis}${normalizedZone}`);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function imageInfo(status: ImageStatus): ImageInfo {
    return {
        ref: imageRef(status.image),
        version: status.version ?? null,
        builtAt: parseTimestamp(status.timestamp),
        builtAtRaw: status.timestamp ?? null,
        digest: status.imageDigest,
        architecture: status.architecture ?? null,
    };
}

/** The digest without its algorithm, cut to `length` characters: what the page shows. */
export function shortDigest(digest: string, length = 12): string {
    const hex = digest.includes(":") ? digest.slice(digest.indexOf(":") + 1) : digest;
    return hex.slice(0, length);
}

function deployment(entry: BootEntry, role: DeploymentRole, index: number): Deployment {
    const ostree = entry.ostree
        ? {
            checksum: entry.ostree.checksum, deploySerial: entry.ostree.deploySerial,
            stateroot: entry.ostree.stateroot ?? null,
        }
        : null;
    const composefs = entry.composefs
        ? {
            verity: entry.composefs.verity,
            bootType: entry.composefs.bootType ?? null,
            bootloader: entry.composefs.bootloader ?? null,
            bootDigest: entry.composefs.bootDigest ?? null,
            missingVerityAllowed: entry.composefs.missingVerityAllowed ?? null,
        }
        : null;
    const identity = ostree
        ? `${ostree.stateroot ?? "default"}/${ostree.checksum}.${ostree.deploySerial}`
        : composefs?.verity ?? entry.image?.imageDigest ?? "unknown";
    return {
        id: role === "other" ? `other-${index}:${identity}` : `${role}:${identity}`,
        role,
        image: entry.image ? imageInfo(entry.image) : null,
        cachedUpdate: entry.cachedUpdate ? imageInfo(entry.cachedUpdate) : null,
        pinned: entry.pinned,
        incompatible: entry.incompatible,
        softRebootCapable: entry.softRebootCapable,
        downloadOnly: entry.downloadOnly,
        store: entry.store ?? null,
        ostree,
        composefs,
        bootsNext: false,
    };
}

/**
 * Which deployment boots next: a staged deployment is finalized at shutdown unless it is download-only
 * (then it is discarded); otherwise a queued rollback; otherwise the booted one again.
 */
function nextBootRole(host: Host): DeploymentRole | null {
    const { staged, booted, rollback, rollbackQueued } = host.status;
    if (staged && !staged.downloadOnly)
        return "staged";
    if (rollbackQueued && rollback)
        return "rollback";
    if (booted)
        return "booted";
    return null;
}

export function buildHostModel(host: Host): HostModel {
    const status = host.status;
    const staged = status.staged ? deployment(status.staged, "staged", 0) : null;
    const booted = status.booted ? deployment(status.booted, "booted", 0) : null;
    const rollback = status.rollback ? deployment(status.rollback, "rollback", 0) : null;
    const others = status.otherDeployments.map((entry, index) => deployment(entry, "other", index));

    const next = nextBootRole(host);
    const deployments = [staged, booted, rollback, ...others]
        .filter((d): d is Deployment => d !== null)
        .map(d => (d.role === next ? { ...d, bootsNext: true } : d));
    const byRole = (role: DeploymentRole) => deployments.find(d => d.role === role) ?? null;

    return {
        apiVersion: host.apiVersion,
        isBootcHost: booted !== null,
        tracked: host.spec.image ? imageRef(host.spec.image) : null,
        bootOrder: host.spec.bootOrder,
        deployments,
        booted: byRole("booted"),
        staged: byRole("staged"),
        rollback: byRole("rollback"),
        nextBoot: next ? byRole(next) : null,
        rollbackQueued: status.rollbackQueued,
        usrOverlay: status.usrOverlay ?? null,
        readOnly: status.readOnly,
        composefsBackend: booted?.composefs !== null && booted?.composefs !== undefined,
        hostType: status.type ?? null,
    };
}

/** The digests of the booted and the staged image (null: none, or not container-based), and the boot order. */
export interface DeploymentsSummary {
    booted: string | null;
    staged: string | null;
    stagedDownloadOnly: boolean;
    rollbackQueued: boolean;
}

/** What an operation's record keeps of status, to say afterwards what the operation changed. */
export function summarizeDeployments(host: HostModel): DeploymentsSummary {
    return {
        booted: host.booted?.image?.digest ?? null,
        staged: host.staged?.image?.digest ?? null,
        stagedDownloadOnly: host.staged?.downloadOnly ?? false,
        rollbackQueued: host.rollbackQueued,
    };
}
