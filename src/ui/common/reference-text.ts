/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why a typed image reference or tag was refused, and what each transport expects.
 */

import type { ReferenceIssue, SwitchTransport } from "../../backend";
import { _, format } from "../i18n";

function quoted(chars: string): string {
    return [...chars].map(c => `“${c}”`).join(" ");
}

/** `what`: a switch target (reference or path), a tag, or a name in podman's storage (copy-to-storage). */
export function referenceIssueText(issue: ReferenceIssue, what: "reference" | "path" | "tag" | "storage-name"): string {
    const detail = issue.detail ?? "";
    switch (issue.problem) {
    case "empty":
        if (what === "tag")
            return _("Enter a tag.");
        if (what === "storage-name")
            return _("Enter a name for the image, for example localhost/bootc.");
        return what === "path" ? _("Enter the path of the image on the host.") : _("Enter an image reference.");
    case "too-long":
        return format(_("It is too long: at most $0 characters."), detail);
    case "control":
        return format(_("It contains a line break or another control character ($0)."), detail);
    case "whitespace":
        return _("It contains a space. Image references and tags have no spaces.");
    case "leading-dash":
        return _("It starts with “-”, which bootc would read as an option.");
    case "scheme":
        if (what === "storage-name")
            return format(_("Leave out “$0”: the copy always goes to podman's container storage."), detail);
        return format(_("Leave out “$0” and choose the transport in the list instead."), detail);
    case "characters":
        return format(_("These characters are not allowed here: $0."), quoted(detail));
    case "host":
        return format(_("“$0” is not a valid registry host name."), detail);
    case "port":
        return format(_("“$0” is not a valid port number."), detail);
    case "path":
        return detail === ""
            ? _("The name has an empty part: “//”, or a “/” at the start or the end.")
            : format(_("“$0” is not a valid part of a repository name: use lowercase letters and digits, with single “.”, “_” or “-” between them."), detail);
    case "uppercase":
        return format(_("Repository names are lowercase: “$0”."), detail);
    case "tag":
        return format(_("“$0” is not a valid tag: up to 128 letters, digits, “_”, “.” and “-”, not starting with “.” or “-”."), detail);
    case "digest":
        return format(_("“$0” is not a valid digest: write “sha256:” and 64 lowercase hexadecimal digits."), detail);
    case "not-absolute":
        return _("Give the absolute path, starting with “/”.");
    case "path-segments":
        return _("The path may not contain “.”, “..” or empty parts.");
    }
}

export function transportExample(transport: SwitchTransport): string {
    switch (transport) {
    case "registry":
        return _("For example quay.io/fedora/fedora-bootc:42, or pinned to a digest: quay.io/fedora/fedora-bootc@sha256:…");
    case "containers-storage":
        return _("An image in the host's container storage, for example localhost/my-os:latest");
    case "oci":
        return _("An OCI layout directory on the host, optionally with the image name in it: /var/tmp/my-os:latest");
    case "oci-archive":
        return _("An OCI archive file on the host, for example /var/tmp/my-os.tar");
    case "dir":
        return _("A directory on the host written by “skopeo copy … dir:PATH”");
    }
}

export function isPathTransport(transport: SwitchTransport): boolean {
    return transport === "oci" || transport === "oci-archive" || transport === "dir";
}
