/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What bootc prints on stdout when it checks, updates or switches, read into data (CONTRACT.md §3.3;
 * bootc's cli.rs, deploy.rs and bootc_composefs/update.rs, switch.rs). Both backends are read: the
 * composefs backend words its answers differently, and its `--check` prints only the layer diff. Pure:
 * no I/O. bootc's text is never shown from here: the ui gets these records.
 */

export interface LayerCount {
    layers: number;
    /** bootc's own rendering of the size, e.g. "1.2 GB" */
    size: string;
}

export interface LayerDiff {
    /** all layers of the new image */
    total: LayerCount | null;
    removed: LayerCount | null;
    /** layers the booted image lacks: roughly what an update downloads */
    added: LayerCount | null;
}

export type CheckOutput =
    /** STAGED: the staged image is the newest ("No changes in staged image", "Update already staged") */
    | { kind: "no-update"; reference: string | null; staged: boolean }
    /**
     * REFERENCE, VERSION and DIGEST are null when bootc did not print them: the composefs backend's
     * `--check` prints only the layer diff of the newer build it found.
     */
    | ({ kind: "update"; reference: string | null; version: string | null; digest: string | null } & LayerDiff)
    /** neither of bootc's answers */
    | { kind: "unknown" };

function layerCount(stdout: string, label: string): LayerCount | null {
    const match = new RegExp(`^${label}:\\s*(\\d+)\\s+Size:\\s*(.+?)\\s*$`, "m").exec(stdout);
    return match ? { layers: Number(match[1]), size: match[2] ?? "" } : null;
}

function layerDiff(stdout: string): LayerDiff {
    return {
        total: layerCount(stdout, "Total new layers"),
        removed: layerCount(stdout, "Removed layers"),
        added: layerCount(stdout, "Added layers"),
    };
}

function lineAfter(stdout: string, prefix: string): string | null {
    const line = stdout.split("\n").find(l => l.startsWith(prefix));
    return line === undefined ? null : line.slice(prefix.length).trim();
}

/** Reads what `bootc upgrade --check` printed, on either backend. */
export function parseCheckOutput(stdout: string): CheckOutput {
    const stagedNewest = lineAfter(stdout, "No changes in staged image:");
    if (stagedNewest !== null)
        return { kind: "no-update", reference: stagedNewest, staged: true };
    if (/^Update already staged\./m.test(stdout))
        return { kind: "no-update", reference: null, staged: true };
    const none = lineAfter(stdout, "No changes in:");
    if (none !== null)
        return { kind: "no-update", reference: none, staged: false };
    const found = lineAfter(stdout, "Update available for:");
    if (found !== null) {
        return {
            kind: "update",
            reference: found,
            version: /^\s+Version:\s*(.+?)\s*$/m.exec(stdout)?.[1] ?? null,
            digest: /^\s+Digest:\s*(\S+)\s*$/m.exec(stdout)?.[1] ?? null,
            ...layerDiff(stdout),
        };
    }
    // composefs: the diff against the booted image is all it prints when it found a newer build
    const diff = layerDiff(stdout);
    if (diff.total && diff.added)
        return { kind: "update", reference: null, version: null, digest: null, ...diff };
    return { kind: "unknown" };
}

/** What `bootc upgrade` or `bootc switch` said it staged (CONTRACT.md §3.3). */
export interface QueuedOutput {
    /** the bare name for a registry image, else the ostree-ext form */
    image: string;
    version: string | null;
    digest: string | null;
}

/**
 * Reads "Queued for next boot: <image>" and the version and digest lines under it; null when nothing
 * was queued (e.g. "Image specification is unchanged.").
 */
export function parseQueuedOutput(stdout: string): QueuedOutput | null {
    const lines = stdout.split("\n");
    const index = lines.findIndex(line => line.startsWith("Queued for next boot: "));
    if (index < 0)
        return null;
    const image = (lines[index] ?? "").slice("Queued for next boot: ".length).trim();
    const after = lines.slice(index + 1, index + 3);
    const field = (name: string) => after
        .map(line => new RegExp(`^\\s+${name}:\\s*(\\S+)\\s*$`).exec(line)?.[1])
        .find(v => v !== undefined) ?? null;
    return { image, version: field("Version"), digest: field("Digest") };
}

/** A switch to the tracked spec printed this and did nothing (on composefs: "No changes in image:"). */
export function switchWasUnchanged(stdout: string): boolean {
    return /^Image specification is unchanged\.$/m.test(stdout) || /^No changes in image: /m.test(stdout);
}

/** What a `bootc upgrade` that staged nothing new said about it. */
export type UpgradeNoop =
    /** "No update available.": the registry has what is booted */
    | "no-update"
    /** "Staged update present, not changed" (composefs: "Update already staged", "No changes in staged image") */
    | "already-staged"
    /** "Image downloaded, but will not be applied on reboot": the staged update is now download-only */
    | "now-download-only"
    /** "Staged deployment will now be applied on reboot": a download-only update is applied after all */
    | "now-applied";

export function parseUpgradeNoop(stdout: string): UpgradeNoop | null {
    if (/^No update available\.$/m.test(stdout) || /^No changes in: /m.test(stdout))
        return "no-update";
    if (/^Image downloaded, but will not be applied on reboot$/m.test(stdout))
        return "now-download-only";
    if (/^Staged deployment will now be applied on reboot$/m.test(stdout))
        return "now-applied";
    // with a full stop before 1.12.0
    if (/^Staged update present, not changed\.?$/m.test(stdout) || /^Update already staged\./m.test(stdout)
        || /^No changes in staged image: /m.test(stdout)
        // `upgrade --from-downloaded` when the staged deployment was not download-only (ostree; composefs)
        || /^Staged deployment is already set to apply on reboot$/m.test(stdout)
        || /^Staged deployment is present and not in download only mode\.$/m.test(stdout))
        return "already-staged";
    return null;
}

/** The image a reference as bootc prints it names: its transport and name, signature schemes removed. */
export interface PrintedReference {
    transport: string;
    name: string;
}

const CONTAINERS_TRANSPORTS = [
    "containers-storage", "oci-archive", "oci", "dir", "docker-archive", "docker-daemon", "registry",
];

/**
 * Reads an image reference in any form bootc prints one: ostree-ext's ("docker://quay.io/x:1",
 * "ostree-unverified-registry:quay.io/x:1", "ostree-image-signed:docker://quay.io/x:1",
 * "ostree-remote-image:fedora:docker://quay.io/x:1", "ostree-unverified-image:oci:/path") and bootc's
 * own bare name for an unsigned registry image ("quay.io/x:1"). Null when it is none of them.
 */
export function parsePrintedReference(text: string): PrintedReference | null {
    let rest = text.trim();
    if (rest === "")
        return null;
    const scheme = /^(ostree-unverified-registry|ostree-remote-registry:[^:]+|ostree-unverified-image|ostree-image-signed|ostree-remote-image:[^:]+):/.exec(rest);
    if (scheme) {
        const registryShorthand = scheme[1] === "ostree-unverified-registry" || (scheme[1] ?? "")
            .startsWith("ostree-remote-registry:");
        rest = rest.slice(scheme[0].length);
        if (registryShorthand)
            return rest ? { transport: "registry", name: rest } : null;
    }
    if (rest.startsWith("docker://"))
        return { transport: "registry", name: rest.slice("docker://".length) };
    for (const transport of CONTAINERS_TRANSPORTS) {
        if (rest.startsWith(`${transport}:`))
            return { transport, name: rest.slice(transport.length + 1) };
    }
    // bootc's bare form: a registry image without a signature policy; a scheme left over is not one
    if (scheme || /^[a-z-]+:\/\//.test(rest))
        return null;
    return { transport: "registry", name: rest };
}
