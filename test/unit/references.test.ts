// SPDX-License-Identifier: LGPL-2.1-or-later
// The reference validator: what an admin types into "Switch image" or "Change tag" before anything runs.
import {
    canonicalImage, ImageTargetSchema, imageWithTag, splitImageName, validateImageTarget, validateTag,
} from "../../src/backend/references";
import type { ReferenceProblem, SwitchTransport } from "../../src/backend/references";

const HEX = "0123456789abcdef".repeat(4);

describe("registry references", () => {
    it.each([
        "docker.io/library/fedora:41",
        "quay.io/fedora/fedora-bootc:42",
        `localhost:5000/os/img@sha256:${HEX}`,
        "registry.example.com:8443/a/b/c:v1.2",
        "fedora",
        "fedora:41",
        "quay.io/centos-bootc/centos-bootc:stream10",
        "ghcr.io/ublue-os/bazzite-deck:stable",
        `quay.io/fedora/fedora-bootc:42@sha256:${HEX}`,
        "localhost/my_os__image-x:latest",
        "Registry.Example.com/os:1",
        "registry-1.docker.io/a.b/c--d:_tag",
        "192.168.1.10:5000/os:v1",
        `quay.io/x/y@sha512:${HEX}${HEX}`,
        `${"a".repeat(200)}:${"t".repeat(128)}`,
    ])("accepts %s", image => {
        const result = validateImageTarget("registry", image);
        expect(result).toEqual({ ok: true, value: { transport: "registry", image } });
    });

    const refused: [string, string, ReferenceProblem][] = [
        ["empty", "", "empty"],
        ["a space inside", "quay.io/fedora/fedora bootc:42", "whitespace"],
        ["a trailing space", "quay.io/fedora/fedora-bootc:42 ", "whitespace"],
        ["a leading space", " quay.io/fedora/fedora-bootc:42", "whitespace"],
        ["a non-breaking space", "quay.io/fedora/fedora-bootc:42\u00a0", "whitespace"],
        ["an ideographic space", "quay.io/fedora\u3000bootc", "whitespace"],
        ["a newline", "quay.io/fedora/fedora-bootc:42\nrm -rf /", "control"],
        ["a carriage return", "quay.io/x:1\r", "control"],
        ["a tab", "quay.io/x\t:1", "control"],
        ["a NUL byte", "quay.io/x:1\u0000", "control"],
        ["an escape sequence", "quay.io/x:1\u001b[31m", "control"],
        ["a semicolon command", "quay.io/x:1;reboot", "characters"],
        ["a command substitution", "quay.io/$(reboot):1", "characters"],
        ["backticks", "quay.io/`id`:1", "characters"],
        ["a pipe", "quay.io/x:1|sh", "characters"],
        ["an ampersand", "quay.io/x:1&&reboot", "characters"],
        ["a redirection", "quay.io/x:1>/etc/passwd", "characters"],
        ["quotes", "'quay.io/x:1'", "characters"],
        ["double quotes", "\"quay.io/x:1\"", "characters"],
        ["a glob", "quay.io/*:1", "characters"],
        ["a backslash", "quay.io\\x:1", "characters"],
        ["a variable", "$HOME/x", "characters"],
        ["a tilde", "~/image", "characters"],
        ["a homoglyph", "quay.io/fedоra:42", "characters"],
        ["an emoji", "quay.io/os:🚀", "characters"],
        ["a leading dash", "-quay.io/x:1", "leading-dash"],
        ["an option", "--mutate-in-place", "leading-dash"],
        ["an option with a value", "--transport=oci", "leading-dash"],
        ["a transport prefix", "docker://quay.io/x:1", "scheme"],
        ["an ostree prefix", "ostree-unverified-registry:quay.io/x:1", "scheme"],
        ["a registry prefix", "registry:quay.io/x:1", "scheme"],
        ["an https URL", "https://quay.io/x", "scheme"],
        ["a bad host", "quay-.io/x:1", "host"],
        ["a host with an empty label", "quay..io/x:1", "host"],
        ["a non-numeric port", "localhost:http/x", "port"],
        ["a port out of range", "localhost:70000/x", "port"],
        ["two ports", "localhost:5000:1/x", "host"],
        ["an uppercase path", "quay.io/Fedora/os:1", "uppercase"],
        ["an empty path component", "quay.io//x:1", "path"],
        ["a trailing slash", "quay.io/x/", "path"],
        ["a leading separator in a component", "quay.io/.x:1", "path"],
        ["a triple underscore", "quay.io/a___b:1", "path"],
        ["an empty tag", "quay.io/x:", "tag"],
        ["a tag starting with a dot", "quay.io/x:.1", "tag"],
        ["a tag too long", `quay.io/x:${"t".repeat(129)}`, "tag"],
        ["a short digest", "quay.io/x@sha256:abc", "digest"],
        ["an uppercase digest", `quay.io/x@sha256:${HEX.toUpperCase()}`, "digest"],
        ["an unknown digest algorithm", `quay.io/x@md5:${HEX}`, "digest"],
        ["two digests", `quay.io/x@sha256:${HEX}@sha256:${HEX}`, "digest"],
        ["a name too long", `quay.io/${"a".repeat(250)}:1`, "too-long"],
        ["an enormous input", "a".repeat(5000), "too-long"],
        ["a lone colon", ":", "tag"],
        ["a lone slash", "/", "path"],
    ];

    it(`refuses ${refused.length} hostile or malformed inputs, each with its reason`, () => {
        expect(refused.length).toBeGreaterThanOrEqual(30);
        for (const [label, image, problem] of refused) {
            const result = validateImageTarget("registry", image);
            expect({ label, problem: result.ok ? "accepted" : result.issue.problem }).toEqual({ label, problem });
        }
    });

    it("names the offending part", () => {
        expect(validateImageTarget("registry", "quay.io/x:1;reboot&"))
            .toEqual({ ok: false, issue: { problem: "characters", detail: ";&" } });
        expect(validateImageTarget("registry", "quay.io/x:1\n"))
            .toEqual({ ok: false, issue: { problem: "control", detail: "U+000A" } });
        expect(validateImageTarget("registry", "docker://quay.io/x"))
            .toEqual({ ok: false, issue: { problem: "scheme", detail: "docker://" } });
        expect(validateImageTarget("registry", "quay.io/Fedora:1"))
            .toEqual({ ok: false, issue: { problem: "uppercase", detail: "Fedora" } });
    });

    it("containers-storage uses the same grammar", () => {
        expect(validateImageTarget("containers-storage", "localhost/bootc:latest").ok).toBe(true);
        expect(validateImageTarget("containers-storage", "localhost/bootc;id"))
            .toMatchObject({ ok: false, issue: { problem: "characters" } });
    });

    it("the schema refuses an unknown transport", () => {
        expect(ImageTargetSchema.safeParse({ transport: "docker-daemon", image: "x" }).success).toBe(false);
        expect(ImageTargetSchema.safeParse({ transport: "registry", image: "quay.io/x:1" }).success).toBe(true);
    });
});

describe("paths for the oci, oci-archive and dir transports", () => {
    it.each([
        ["oci", "/var/tmp/my-os"],
        ["oci", "/var/tmp/my-os:latest"],
        ["oci", "/var/tmp/layout/:quay.io/x"],
        ["oci-archive", "/var/tmp/my-os.tar"],
        ["oci-archive", "/srv/images/os+1@2.tar:v1"],
        ["dir", "/var/tmp/os-dir"],
        ["dir", "/var/tmp/os-dir/"],
    ] as [SwitchTransport, string][])("%s accepts %s", (transport, image) => {
        expect(validateImageTarget(transport, image).ok).toBe(true);
    });

    it.each([
        ["oci", "var/tmp/x", "not-absolute"],
        ["oci", "./x", "not-absolute"],
        ["oci", "/var/../etc/shadow", "path-segments"],
        ["oci", "/var/./x", "path-segments"],
        ["oci", "/var//x", "path-segments"],
        ["oci", "/", "path-segments"],
        ["oci", "/var/tmp/x:", "tag"],
        ["oci", "/var/tmp/x:a:b", "tag"],
        ["oci", "/var/tmp/my os", "whitespace"],
        ["oci", "/var/tmp/x;reboot", "characters"],
        ["oci", "/var/tmp/$(id)", "characters"],
        ["oci-archive", "-/x.tar", "leading-dash"],
        ["oci-archive", "oci-archive:/x.tar", "scheme"],
        ["dir", "/var/tmp/x:tag", "characters"],
        ["dir", "", "empty"],
        ["dir", `/${"a".repeat(5000)}`, "too-long"],
    ] as [SwitchTransport, string, ReferenceProblem][])("%s refuses %j (%s)", (transport, image, problem) => {
        const result = validateImageTarget(transport, image);
        expect(result.ok ? "accepted" : result.issue.problem).toBe(problem);
    });
});

describe("tags", () => {
    it.each(["42", "latest", "stream10", "v1.2.3", "_x", "A-b.c_d", "t".repeat(128)])("accepts %s", tag => {
        expect(validateTag(tag)).toEqual({ ok: true, value: tag });
    });

    it.each([
        ["", "empty"],
        ["-x", "leading-dash"],
        [".x", "tag"],
        ["4 2", "whitespace"],
        ["42\n", "control"],
        ["42;reboot", "characters"],
        ["42/x", "characters"],
        ["42:x", "characters"],
        ["42@sha256", "characters"],
        ["t".repeat(129), "too-long"],
    ] as [string, ReferenceProblem][])("refuses %j (%s)", (tag, problem) => {
        const result = validateTag(tag);
        expect(result.ok ? "accepted" : result.issue.problem).toBe(problem);
    });
});

describe("names bootc reports", () => {
    it("splits repository, tag and digest", () => {
        expect(splitImageName("localhost:5000/os:1"))
            .toEqual({ repository: "localhost:5000/os", tag: "1", digest: null });
        expect(splitImageName("localhost:5000/os"))
            .toEqual({ repository: "localhost:5000/os", tag: null, digest: null });
        expect(splitImageName(`quay.io/x:1@sha256:${HEX}`))
            .toEqual({ repository: "quay.io/x", tag: "1", digest: `sha256:${HEX}` });
    });

    it("canonicalizes tag@digest to the digest, as bootc does", () => {
        expect(canonicalImage(`quay.io/x:1@sha256:${HEX}`)).toBe(`quay.io/x@sha256:${HEX}`);
        expect(canonicalImage("quay.io/x:1")).toBe("quay.io/x:1");
    });

    it("puts a tag on a repository, dropping a digest", () => {
        const tag = validateTag("43");
        if (!tag.ok)
            throw new Error("43 is a tag");
        expect(imageWithTag("quay.io/fedora/fedora-bootc:42", tag.value)).toBe("quay.io/fedora/fedora-bootc:43");
        expect(imageWithTag(`localhost:5000/os@sha256:${HEX}`, tag.value)).toBe("localhost:5000/os:43");
    });
});
