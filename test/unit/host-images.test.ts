// SPDX-License-Identifier: LGPL-2.1-or-later
// Host images: reading the references `bootc image list --type host` prints, which deployments use each,
// copy-to-storage's argv and output, and what the client hands to the operation runner.
import { createBootcClient, parseStatusOutput } from "../../src/backend/client";
import { copyToStorageCommand } from "../../src/backend/commands";
import {
    bootcStorageImages, copyArguments, hostImages, hostReference, parseCopyOutput, parseHostReference,
} from "../../src/backend/host-images";
import type { HostModel } from "../../src/backend/model";
import { failureCause, parseOperationMeta } from "../../src/backend/operation-records";
import { validateImageTarget } from "../../src/backend/references";
import type { ImageTarget, SwitchTransport } from "../../src/backend/references";
import { FakeTransport } from "../fakes/fake-transport";
import { bootEntry, imageStatus, statusJson } from "../fixtures/status-builder";

function target(image: string, transport: SwitchTransport): ImageTarget {
    const result = validateImageTarget(transport, image);
    if (!result.ok)
        throw new Error(`${image} is refused: ${result.issue.problem}`);
    return result.value;
}

function host(): HostModel {
    const parsed = parseStatusOutput(statusJson({
        staged: bootEntry({ image: imageStatus("quay.io/fedora/fedora-bootc:43", "43.1", null) }, "staged"),
        booted: bootEntry({}, "booted"),
        rollback: bootEntry(
            { image: {
                ...imageStatus("/var/tmp/os", "41.7", null) as object,
                image: { image: "/var/tmp/os", transport: "oci" },
            } },
            "rollback",
        ),
    }));
    if (!parsed.ok)
        throw new Error(parsed.reason);
    return parsed.host;
}

describe("host image references", () => {
    it.each([
        ["docker://quay.io/fedora/fedora-bootc:42", "registry", "quay.io/fedora/fedora-bootc:42"],
        ["registry:quay.io/fedora/fedora-bootc:42", "registry", "quay.io/fedora/fedora-bootc:42"],
        [
            `docker://localhost:5000/os@sha256:${"ab".repeat(32)}`, "registry",
            `localhost:5000/os@sha256:${"ab".repeat(32)}`,
        ],
        ["containers-storage:localhost/bootc", "containers-storage", "localhost/bootc"],
        ["oci:/var/tmp/os:latest", "oci", "/var/tmp/os:latest"],
        ["oci-archive:/var/tmp/os.tar", "oci-archive", "/var/tmp/os.tar"],
        ["dir:/var/tmp/os-dir", "dir", "/var/tmp/os-dir"],
    ])("%s", (text, transport, image) => {
        const parsed = parseHostReference(text);
        expect(parsed).toEqual({ ok: true, value: { transport, image } });
        if (parsed.ok && !text.startsWith("registry:"))
            expect(hostReference(parsed.value)).toBe(text);
    });

    it.each([
        ["quay.io/fedora/fedora-bootc:42", "scheme"],
        ["ostree-unverified-image:docker://quay.io/x:1", "scheme"],
        ["docker-daemon:x:1", "scheme"],
        ["docker://", "empty"],
        ["docker://-x", "leading-dash"],
        ["docker://quay.io/x:1;reboot", "characters"],
        ["docker://quay.io/x:1 --apply", "whitespace"],
        ["docker://quay.io/x:1\nrm", "control"],
        ["containers-storage:$(id)", "characters"],
        ["oci:var/tmp/os", "not-absolute"],
        ["dir:/var/../etc", "path-segments"],
    ])("refuses %j (%s), so it never becomes an argument", (text, problem) => {
        const parsed = parseHostReference(text);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok)
            expect(parsed.issue.problem).toBe(problem);
    });

    it("names the deployments made from each image", () => {
        const images = hostImages([
            { image: "docker://quay.io/fedora/fedora-bootc:42" },
            { image: "docker://quay.io/fedora/fedora-bootc:43" },
            { image: "oci:/var/tmp/os" },
            { image: "docker://quay.io/fedora/fedora-bootc:41" },
            { image: "ostree-remote-image:fedora:docker://quay.io/x" },
        ], host());
        expect(images.map(i => i.deployments.map(d => d.role))).toEqual([["booted"], ["staged"], ["rollback"], [], []]);
        expect(images[4]?.source.ok).toBe(false);
    });

    it("bootc ≥ 1.16 lists its own container storage as \"unified\": not OS images; each listed once", () => {
        const listed = [
            { type: "host", image: "docker://quay.io/fedora/fedora-bootc:42" },
            { type: "host", image: "docker://quay.io/fedora/fedora-bootc:42" },
            { type: "unified", image: "quay.io/curl/curl:latest" },
            { type: "unified", image: "quay.io/curl/curl:latest" },
            { type: "unified", image: "quay.io/fedora/fedora-bootc:42" },
        ];
        expect(hostImages(listed, host()).map(i => i.listed)).toEqual(["docker://quay.io/fedora/fedora-bootc:42"]);
        expect(bootcStorageImages(listed, ["quay.io/curl/curl:latest"])).toEqual([
            { name: "quay.io/curl/curl:latest", bound: true },
            { name: "quay.io/fedora/fedora-bootc:42", bound: false },
        ]);
    });
});

describe("copy-to-storage", () => {
    it("argv: both values as single --flag=value elements", () => {
        expect(
            copyToStorageCommand(
                target("quay.io/fedora/fedora-bootc:42", "registry"), target("localhost/bootc", "containers-storage"),
            ),
        )
            .toEqual([
                "bootc", "image", "copy-to-storage", "--source=docker://quay.io/fedora/fedora-bootc:42",
                "--target=localhost/bootc",
            ]);
        expect(
            copyToStorageCommand(
                target("/var/tmp/os.tar", "oci-archive"), target("localhost/os:41", "containers-storage"),
            ),
        )
            .toEqual([
                "bootc", "image", "copy-to-storage", "--source=oci-archive:/var/tmp/os.tar", "--target=localhost/os:41",
            ]);
        expect(() => copyToStorageCommand(target("quay.io/x:1", "registry"), target("quay.io/y:1", "registry")))
            .toThrow("containers-storage");
    });

    it("reads what any page needs back from argv and output", () => {
        expect(
            copyArguments([
                "bootc", "image", "copy-to-storage", "--source=docker://quay.io/x:1", "--target=localhost/x",
            ]),
        )
            .toEqual({ source: "docker://quay.io/x:1", target: "localhost/x" });
        expect(copyArguments(["bootc", "image", "copy-to-storage"]))
            .toEqual({ source: null, target: "localhost/bootc" });
        const digest = `sha256:${"cd".repeat(32)}`;
        expect(parseCopyOutput(`Copying local image docker://quay.io/x:1 to containers-storage:localhost/x ...\nGetting image source signatures\nWriting manifest to image destination\nPushed: containers-storage:localhost/x ${digest}\n`))
            .toEqual({ target: "containers-storage:localhost/x", digest });
        expect(parseCopyOutput("Copying local image docker://quay.io/x:1 to containers-storage:localhost/x ...\n")).toBeNull();
    });

    it("an image bootc no longer has is a not-found failure", () => {
        expect(failureCause("error: No such image")).toBe("not-found");
    });

    it("the client starts it as an operation without progress", async () => {
        const transport = new FakeTransport();
        transport.scriptHandler = (_text, args) => ({ stdout: `${args[1]}\n` });
        const client = createBootcClient(transport);
        const booted = host().booted?.image ?? null;
        await client.copyToStorage({
            source: target("quay.io/fedora/fedora-bootc:42", "registry"),
            target: target("localhost/bootc", "containers-storage"), image: booted,
        });
        const args = transport.calls[0]?.argv.slice(4) ?? [];
        expect(args.slice(2, 4)).toEqual(["copy-to-storage", "0"]);
        expect(args.slice(7)).toEqual([
            "bootc", "image", "copy-to-storage", "--source=docker://quay.io/fedora/fedora-bootc:42",
            "--target=localhost/bootc",
        ]);
        expect(parseOperationMeta(args[5] ?? "")).toMatchObject({
            kind: "copy-to-storage",
            reboots: false,
            target: {
                image: "quay.io/fedora/fedora-bootc:42", transport: "registry", version: "42.booted",
                digest: booted?.digest,
            },
        });
    });
});
