/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Words for images: versions, transports and signature policies.
 */

import { shortDigest } from "../../backend";
import type { AvailableUpdate, ImageInfo, OperationTarget, SignaturePolicy } from "../../backend";
import { _, format } from "../i18n";

import { hostText } from "./host-text";

/** "42.20261120.0", or the short digest of an image without a version label. */
export function imageVersion(image: ImageInfo | null | undefined): string {
    if (!image)
        return _("unknown version");
    return hostText(image.version ?? shortDigest(image.digest));
}

/** The image an operation moves to, by its version, else its digest, else its name. */
export function targetVersion(target: OperationTarget | null): string {
    if (!target)
        return _("the tracked image");
    return hostText(target.version ?? (target.digest ? shortDigest(target.digest) : target.image));
}

export function transportName(transport: string): string {
    switch (transport) {
    case "registry": return _("Container registry");
    case "oci": return _("OCI layout directory");
    case "oci-archive": return _("OCI archive");
    case "containers-storage": return _("Local container storage");
    case "docker-daemon": return _("Docker daemon");
    case "docker-archive": return _("Docker archive");
    case "dir": return _("Directory");
    default: return hostText(transport);
    }
}

/** bootc's own way of writing a reference: transport-prefixed unless it is a registry. */
export function imageReferenceText(name: string, transport: string): string {
    return transport === "registry" ? name : `${transport}:${name}`;
}

export function signatureText(policy: SignaturePolicy): string {
    switch (policy.kind) {
    case "default": return _("Not enforced (bootc's default)");
    case "container-policy": return _("Enforced by containers-policy.json");
    case "insecure": return _("None: signatures are not verified");
    case "ostree-remote": return format(_("ostree remote “$0”"), policy.remote);
    case "unknown": return policy.raw;
    }
}

export function signatureHelp(policy: SignaturePolicy): string | null {
    switch (policy.kind) {
    case "default": return _("Images are checked against containers-policy.json, and a policy that accepts anything is allowed.");
    case "container-policy": return _("bootc refuses to use a containers-policy.json that accepts any image.");
    default: return null;
    }
}

/** An update by its version, else its digest; "a newer build" when bootc named neither (composefs). */
export function updateVersion(update: AvailableUpdate): string {
    if (update.version)
        return hostText(update.version);
    return update.digest ? hostText(shortDigest(update.digest)) : _("a newer build");
}
