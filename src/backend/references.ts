/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What an admin may type as the image to switch to, or the tag to move to. Validated with zod before any
 * argv exists; the argv builders only take the branded results, so an unchecked string cannot reach
 * bootc. The grammar is the OCI distribution reference grammar (github.com/distribution/reference):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ host [ ":" port ] "/" ] path-component [ "/" path-component ]*
 *   host      := domain-component [ "." domain-component ]*      (IPv6 literals are not accepted)
 *   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag       := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest    := "sha256:" 64 lowercase hex | "sha512:" 128 lowercase hex
 *
 * and, for the oci, oci-archive and dir transports, an absolute path (with an optional ":reference" for
 * the OCI layouts). Pure: no I/O.
 */

import * as z from "zod";

z.config({ jitless: true });

/** The transports `bootc switch --transport` is offered with (CONTRACT.md §3.2). */
export const SWITCH_TRANSPORTS = ["registry", "oci", "oci-archive", "containers-storage", "dir"] as const;
export type SwitchTransport = typeof SWITCH_TRANSPORTS[number];

export function isSwitchTransport(value: string): value is SwitchTransport {
    return (SWITCH_TRANSPORTS as readonly string[]).includes(value);
}

/** Why a reference or tag was refused; the ui words it. `detail` carries the offending part. */
export type ReferenceProblem =
    | "empty"
    | "too-long"
    /** a newline, tab or other control character */
    | "control"
    | "whitespace"
    /** would read as an option */
    | "leading-dash"
    /** "docker://…", "oci:…": the transport is chosen separately */
    | "scheme"
    /** characters the grammar does not allow (shell characters, non-ASCII, …) */
    | "characters"
    | "host"
    | "port"
    | "path"
    /** repository paths are lowercase */
    | "uppercase"
    | "tag"
    | "digest"
    | "not-absolute"
    /** ".", ".." or an empty segment in a path */
    | "path-segments";

export interface ReferenceIssue {
    problem: ReferenceProblem;
    /** the part that is wrong, e.g. the characters or the tag */
    detail: string | null;
}

const MAX_NAME = 255;
const MAX_PATH = 4096;
const DOMAIN_COMPONENT = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^(?:sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;
const NAME_CHARACTERS = /[A-Za-z0-9._\-/:@]/;
const PATH_CHARACTERS = /[A-Za-z0-9._\-/:@+]/;
const SCHEME = /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:registry|docker|docker-daemon|docker-archive|oci|oci-archive|containers-storage|dir|ostree-[a-z-]+):)/;

class Refusal extends Error {
    constructor(readonly issue: ReferenceIssue) {
        super(issue.problem);
    }
}

function refuse(problem: ReferenceProblem, detail: string | null = null): never {
    throw new Refusal({ problem, detail });
}

function unique(chars: string[]): string {
    return [...new Set(chars)].join("");
}

/** What every input must pass first, whatever its transport. */
function checkText(text: string, allowed: RegExp, maxLength: number): void {
    if (text === "")
        refuse("empty");
    if (text.length > maxLength)
        refuse("too-long", String(maxLength));
    // eslint-disable-next-line no-control-regex
    const controls = text.match(/[\u0000-\u001f\u007f-\u009f]/g);
    if (controls)
        refuse("control", unique(controls.map(c => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)));
    if (/\s/u.test(text))
        refuse("whitespace");
    if (text.startsWith("-"))
        refuse("leading-dash");
    if (SCHEME.test(text))
        refuse("scheme", SCHEME.exec(text)?.[0] ?? null);
    const bad = [...text].filter(c => !allowed.test(c));
    if (bad.length > 0)
        refuse("characters", unique(bad));
}

export interface ImageName {
    /** "quay.io", "localhost:5000", or null for a short name (the registry's default, docker.io) */
    domain: string | null;
    /** "fedora/fedora-bootc" */
    path: string;
    tag: string | null;
    digest: string | null;
}

function checkTag(tag: string): void {
    if (!TAG.test(tag))
        refuse("tag", tag);
}

/** Parses a registry (or containers-storage) name, refusing anything outside the grammar. */
function parseName(text: string): ImageName {
    // the name is checked against MAX_NAME below; this bounds the whole text first
    checkText(text, NAME_CHARACTERS, 1024);
    let rest = text;
    let digest: string | null = null;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            refuse("digest", digest);
    }
    let tag: string | null = null;
    const colon = rest.lastIndexOf(":");
    if (colon > rest.lastIndexOf("/")) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        checkTag(tag);
    }
    const components = rest.split("/");
    let domain: string | null = null;
    const first = components[0] ?? "";
    if (components.length > 1 && (/[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase())) {
        domain = first;
        components.shift();
        const [host = "", port, ...extra] = domain.split(":");
        if (extra.length > 0 || !host.split(".").every(part => DOMAIN_COMPONENT.test(part)))
            refuse("host", domain);
        if (port !== undefined && (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535))
            refuse("port", port);
    }
    for (const component of components) {
        if (PATH_COMPONENT.test(component))
            continue;
        if (component !== "" && PATH_COMPONENT.test(component.toLowerCase()))
            refuse("uppercase", component);
        // a ":" left in the path is a second tag or a port in the wrong place
        refuse("path", component);
    }
    if (rest.length > MAX_NAME)
        refuse("too-long", String(MAX_NAME));
    return { domain, path: components.join("/"), tag, digest };
}

/** An absolute, normalized path, with an optional ":reference" for the OCI layouts. */
function checkPath(text: string, withReference: boolean): void {
    checkText(text, PATH_CHARACTERS, MAX_PATH);
    let path = text;
    const colon = text.indexOf(":");
    if (colon >= 0) {
        if (!withReference)
            refuse("characters", ":");
        path = text.slice(0, colon);
        const reference = text.slice(colon + 1);
        // an OCI layout's image name annotation: a tag, or a name:tag written without a registry
        if (!/^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,254}$/.test(reference) || reference.includes(":"))
            refuse("tag", reference);
    }
    if (!path.startsWith("/"))
        refuse("not-absolute");
    const segments = path.split("/").slice(1);
    // "/" alone is not an image; a trailing slash is fine
    if (segments[segments.length - 1] === "" && segments.length > 1)
        segments.pop();
    if (segments.some(segment => segment === "" || segment === "." || segment === ".."))
        refuse("path-segments", path);
}

function issueOf(error: unknown): ReferenceIssue {
    if (error instanceof Refusal)
        return error.issue;
    throw error;
}

/** Runs a check inside a zod refinement: a refusal becomes a custom issue carrying the problem. */
function refinement<T>(check: (value: T) => void) {
    return (value: T, ctx: z.RefinementCtx<T>) => {
        try {
            check(value);
        } catch (error) {
            const issue = issueOf(error);
            ctx.addIssue({ code: "custom", message: issue.problem, params: { ...issue } });
        }
    };
}

function checkTarget({ transport, image }: { transport: SwitchTransport; image: string }): void {
    switch (transport) {
    case "registry":
    case "containers-storage":
        parseName(image);
        return;
    case "oci":
    case "oci-archive":
        checkPath(image, true);
        return;
    case "dir":
        checkPath(image, false);
    }
}

/** An image to switch to: a transport and a reference valid for it. */
export const ImageTargetSchema = z.object({
    transport: z.enum(SWITCH_TRANSPORTS),
    image: z.string(),
}).superRefine(refinement(checkTarget)).brand<"ImageTarget">();

export type ImageTarget = z.infer<typeof ImageTargetSchema>;

/** A tag for `bootc upgrade --tag`. */
export const ImageTagSchema = z.string().superRefine(refinement((tag: string) => {
    checkText(tag, /[A-Za-z0-9_.-]/, 128);
    checkTag(tag);
})).brand<"ImageTag">();

export type ImageTag = z.infer<typeof ImageTagSchema>;

export type Validated<T> = { ok: true; value: T } | { ok: false; issue: ReferenceIssue };

function validated<T>(result: z.ZodSafeParseResult<T>): Validated<T> {
    if (result.success)
        return { ok: true, value: result.data };
    const params = result.error.issues.find(issue => issue.code === "custom")?.params as ReferenceIssue | undefined;
    return { ok: false, issue: params ?? { problem: "characters", detail: null } };
}

export function validateImageTarget(transport: SwitchTransport, image: string): Validated<ImageTarget> {
    return validated(ImageTargetSchema.safeParse({ transport, image }));
}

export function validateTag(tag: string): Validated<ImageTag> {
    return validated(ImageTagSchema.safeParse(tag));
}

/**
 * Splits a name bootc reports (already accepted by bootc, so parsed leniently): the repository, tag and
 * digest. A tag@digest pair keeps both, as written.
 */
export function splitImageName(image: string): { repository: string; tag: string | null; digest: string | null } {
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
    return { repository: rest, tag, digest };
}

/** bootc canonicalizes "name:tag@digest" to "name@digest" (spec.rs), so compare that way. */
export function canonicalImage(image: string): string {
    const { repository, digest } = splitImageName(image);
    return digest ? `${repository}@${digest}` : image;
}

/** The repository of `image` with `tag` (any digest is dropped: the tag is followed from now on). */
export function imageWithTag(image: string, tag: ImageTag): string {
    return `${splitImageName(image).repository}:${tag}`;
}
