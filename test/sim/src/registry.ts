// SPDX-License-Identifier: LGPL-2.1-or-later
// The pretend registry and local image layouts: resolving an image spec to a manifest digest, with the
// errors containers-image reports through ostree-ext (wording inferred from real transcripts).
import { BootcFailure } from "./io";
import type { ImageSpec, Manifest, SimState } from "./state";

export interface RegistryName {
    /** quay.io */
    host: string;
    /** quay.io/fedora/fedora-bootc */
    repository: string;
    /** "42", or null with a digest */
    tag: string | null;
    digest: string | null;
}

/** Splits host/path[:tag][@digest]; a tag@digest pair is canonicalized to the digest, as bootc does. */
export function parseRegistryName(image: string): RegistryName {
    let rest = image;
    let digest: string | null = null;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | null = null;
    const colon = rest.lastIndexOf(":");
    if (colon > rest.lastIndexOf("/")) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    if (!digest && !tag)
        tag = "latest";
    if (digest)
        tag = null;
    const slash = rest.indexOf("/");
    const first = slash >= 0 ? rest.slice(0, slash) : "";
    const host = /[.:]/.test(first) || first === "localhost" ? first : "docker.io";
    const repository = host === "docker.io" && first !== "docker.io"
        ? `docker.io/${rest.includes("/") ? rest : `library/${rest}`}`
        : rest;
    return { host, repository, tag, digest };
}

export function withTag(image: string, tag: string): string {
    const name = parseRegistryName(image);
    return `${name.repository}:${tag}`;
}

/** How ostree-ext prints the reference in `--check` output (OstreeImageReference, alternate form). */
export function displayReference(spec: ImageSpec): string {
    if (spec.transport === "registry" && spec.signature === undefined)
        return `docker://${spec.image}`;
    const prefix = spec.signature === "containerPolicy" ? "ostree-image-signed" : "ostree-unverified-image";
    const transport = spec.transport === "registry" ? "docker://" : `${spec.transport}:`;
    return `${prefix}:${transport}${spec.image}`;
}

/** The bare name in "Queued for next boot: …" (a registry image without signature). */
export function queuedName(spec: ImageSpec): string {
    return spec.transport === "registry" && spec.signature === undefined ? spec.image : displayReference(spec);
}

function openImage(cause: string): BootcFailure {
    return new BootcFailure(`Creating importer: failed to invoke method OpenImage: failed to invoke method OpenImage: ${cause}`);
}

/** Fetches the manifest digest a spec points to now. */
export function resolve(state: SimState, spec: ImageSpec): { digest: string; manifest: Manifest } {
    let digest: string | undefined;
    if (spec.transport === "registry") {
        const name = parseRegistryName(spec.image);
        const what = name.tag ?? name.digest ?? "";
        if (state.faults.authFailRegistries?.includes(name.host))
            throw openImage(`reading manifest ${what} in ${name.repository}: unauthorized: access to the requested resource is not authorized`);
        if (state.faults.tokenRefusedRegistries?.includes(name.host))
            throw openImage(`initializing source docker://${spec.image}: Requesting bearer token: invalid status code from registry 403 (Forbidden)`);
        const repository = state.registry[name.repository];
        if (!repository)
            throw openImage(`reading manifest ${what} in ${name.repository}: name unknown: repository name not known to registry`);
        digest = name.digest ?? (name.tag ? repository[name.tag] : undefined);
        const known = (d: string) => Object.values(repository).includes(d) || state.manifests[d] !== undefined;
        if (!digest || (name.digest && !known(name.digest)))
            throw openImage(`reading manifest ${what} in ${name.repository}: manifest unknown`);
    } else {
        digest = state.local[`${spec.transport}:${spec.image}`];
        if (!digest)
            throw openImage(`${spec.transport}:${spec.image}: open ${spec.image}: no such file or directory`);
    }
    const manifest = state.manifests[digest];
    if (!manifest)
        throw openImage(`reading manifest ${digest}: manifest unknown`);
    return { digest, manifest };
}
