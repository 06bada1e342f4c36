// SPDX-License-Identifier: LGPL-2.1-or-later
// Switch, tag change and rollback: argv per option, what "unchanged" means, which command a tag change
// takes on which bootc, and what the client hands to the operation runner.
import { parseQueuedOutput, switchWasUnchanged } from "../../src/backend/bootc-output";
import { createBootcClient } from "../../src/backend/client";
import { rollbackCommand, switchCommand, upgradeTagCommand } from "../../src/backend/commands";
import type { SwitchOptions } from "../../src/backend/commands";
import type { ImageRef } from "../../src/backend/model";
import { failureCause, parseOperationMeta } from "../../src/backend/operation-records";
import { validateImageTarget, validateTag } from "../../src/backend/references";
import type { ImageTag, ImageTarget, SwitchTransport } from "../../src/backend/references";
import { switchIsUnchanged, tagChangePlan, trackedTag } from "../../src/backend/switching";
import { parseBootcVersion } from "../../src/backend/version";
import { FakeTransport } from "../fakes/fake-transport";

const HEX = "ab".repeat(32);

function target(image: string, transport: SwitchTransport = "registry"): ImageTarget {
    const result = validateImageTarget(transport, image);
    if (!result.ok)
        throw new Error(`${image} is refused: ${result.issue.problem}`);
    return result.value;
}

function tag(text: string): ImageTag {
    const result = validateTag(text);
    if (!result.ok)
        throw new Error(`${text} is refused`);
    return result.value;
}

function ref(name: string, signature: ImageRef["signature"] = { kind: "default" }, transport = "registry"): ImageRef {
    return { name, transport, signature };
}

const version = (text: string) => parseBootcVersion(`bootc ${text}`);

describe("rollback argv", () => {
    it.each([
        [{ mode: "stage", softReboot: false }, ["bootc", "rollback"]],
        [{ mode: "apply", softReboot: false }, ["bootc", "rollback", "--apply"]],
        [{ mode: "stage", softReboot: true }, ["bootc", "rollback", "--soft-reboot=auto"]],
        [{ mode: "apply", softReboot: true }, ["bootc", "rollback", "--apply", "--soft-reboot=auto"]],
    ] as const)("%j", (options, argv) => {
        expect(rollbackCommand(options)).toEqual(argv);
    });
});

describe("switch argv", () => {
    const plain: SwitchOptions = {
        mode: "stage", softReboot: false, enforceSignaturePolicy: false, retain: false, progress: true,
    };
    it.each([
        ["registry, staged", target("quay.io/fedora/fedora-bootc:43"), plain,
            ["bootc", "switch", "--progress-fd=3", "--", "quay.io/fedora/fedora-bootc:43"]],
        ["oci layout", target("/var/tmp/os:1", "oci"), plain,
            ["bootc", "switch", "--transport=oci", "--progress-fd=3", "--", "/var/tmp/os:1"]],
        ["oci archive", target("/var/tmp/os.tar", "oci-archive"), plain,
            ["bootc", "switch", "--transport=oci-archive", "--progress-fd=3", "--", "/var/tmp/os.tar"]],
        ["containers-storage", target("localhost/os", "containers-storage"), plain,
            ["bootc", "switch", "--transport=containers-storage", "--progress-fd=3", "--", "localhost/os"]],
        ["dir", target("/var/tmp/os-dir", "dir"), plain,
            ["bootc", "switch", "--transport=dir", "--progress-fd=3", "--", "/var/tmp/os-dir"]],
        ["signature policy", target("quay.io/x:1"), { ...plain, enforceSignaturePolicy: true },
            ["bootc", "switch", "--enforce-container-sigpolicy", "--progress-fd=3", "--", "quay.io/x:1"]],
        ["retain", target("quay.io/x:1"), { ...plain, retain: true },
            ["bootc", "switch", "--retain", "--progress-fd=3", "--", "quay.io/x:1"]],
        ["apply with a soft reboot", target("quay.io/x:1"), { ...plain, mode: "apply", softReboot: true },
            ["bootc", "switch", "--apply", "--soft-reboot=auto", "--progress-fd=3", "--", "quay.io/x:1"]],
        ["everything, no progress", target(`localhost:5000/os@sha256:${HEX}`),
            { mode: "apply", softReboot: true, enforceSignaturePolicy: true, retain: true, progress: false },
            [
                "bootc", "switch", "--enforce-container-sigpolicy", "--retain", "--apply", "--soft-reboot=auto", "--",
                `localhost:5000/os@sha256:${HEX}`,
            ]],
    ] as [string, ImageTarget, SwitchOptions, string[]][])("%s", (_label, image, options, argv) => {
        expect(switchCommand(image, options)).toEqual(argv);
    });

    it("the reference is one argv element, last, after --", () => {
        const argv = switchCommand(target("quay.io/x:1"), plain);
        expect(argv.slice(-2)).toEqual(["--", "quay.io/x:1"]);
    });

    it("upgrade --tag", () => {
        expect(upgradeTagCommand(tag("43"), { mode: "stage", softReboot: false, progress: true }))
            .toEqual(["bootc", "upgrade", "--tag=43", "--progress-fd=3"]);
        expect(upgradeTagCommand(tag("43"), { mode: "apply", softReboot: true, progress: false }))
            .toEqual(["bootc", "upgrade", "--tag=43", "--apply", "--soft-reboot=auto"]);
    });
});

describe("switching to what is tracked", () => {
    it("is unchanged for the same image, transport and signature setting", () => {
        const tracked = ref("quay.io/fedora/fedora-bootc:42");
        expect(switchIsUnchanged(tracked, target("quay.io/fedora/fedora-bootc:42"), false)).toBe(true);
        // enforcing the policy changes the spec: bootc switches
        expect(switchIsUnchanged(tracked, target("quay.io/fedora/fedora-bootc:42"), true)).toBe(false);
        expect(switchIsUnchanged(tracked, target("quay.io/fedora/fedora-bootc:43"), false)).toBe(false);
        expect(switchIsUnchanged(tracked, target("/quay.io/fedora/fedora-bootc:42", "oci"), false)).toBe(false);
        expect(switchIsUnchanged(null, target("quay.io/fedora/fedora-bootc:42"), false)).toBe(false);
    });

    it("compares signature policies and canonical digests", () => {
        const enforced = ref(`quay.io/x@sha256:${HEX}`, { kind: "container-policy" });
        expect(switchIsUnchanged(enforced, target(`quay.io/x:1@sha256:${HEX}`), true)).toBe(true);
        expect(switchIsUnchanged(enforced, target(`quay.io/x@sha256:${HEX}`), false)).toBe(false);
        expect(
            switchIsUnchanged(
                ref("quay.io/x:1", { kind: "ostree-remote", remote: "fedora" }), target("quay.io/x:1"), false,
            ),
        ).toBe(false);
    });
});

describe("tag changes", () => {
    const tracked = ref("quay.io/fedora/fedora-bootc:42");

    it("the tracked tag, none when pinned", () => {
        expect(trackedTag(tracked)).toBe("42");
        expect(trackedTag(ref(`quay.io/x:1@sha256:${HEX}`))).toBeNull();
        expect(trackedTag(ref("localhost:5000/os"))).toBeNull();
        expect(trackedTag(null)).toBeNull();
    });

    it("bootc 1.15 and later (or unknown): upgrade --tag", () => {
        expect(tagChangePlan(tracked, tag("43"), version("1.15.0")))
            .toEqual({ kind: "upgrade-tag", tag: "43", image: "quay.io/fedora/fedora-bootc:43" });
        expect(tagChangePlan(tracked, tag("43"), null)).toMatchObject({ kind: "upgrade-tag" });
    });

    it("older bootc: a switch that keeps enforcing the signature policy", () => {
        const enforced = ref("quay.io/fedora/fedora-bootc:42", { kind: "container-policy" });
        expect(tagChangePlan(enforced, tag("43"), version("1.14.2"))).toEqual({
            kind: "switch",
            tag: "43",
            image: "quay.io/fedora/fedora-bootc:43",
            target: { transport: "registry", image: "quay.io/fedora/fedora-bootc:43" },
            enforceSignaturePolicy: true,
            reason: "old-bootc",
        });
    });

    it("a digest-pinned image: a switch to the tag, on any bootc", () => {
        expect(tagChangePlan(ref(`quay.io/x@sha256:${HEX}`), tag("1"), version("1.16.9"))).toMatchObject({
            kind: "switch", image: "quay.io/x:1", reason: "pinned", enforceSignaturePolicy: false,
        });
    });

    it("the same tag is unchanged; a non-registry image has no tag to change", () => {
        expect(tagChangePlan(tracked, tag("42"), null)).toMatchObject({ kind: "unchanged" });
        expect(tagChangePlan(ref("/var/tmp/os", { kind: "default" }, "oci"), tag("1"), null))
            .toEqual({ kind: "impossible", reason: "not-registry" });
        expect(tagChangePlan(null, tag("1"), null)).toEqual({ kind: "impossible", reason: "not-registry" });
    });

    it("a switch is planned only to a reference the grammar accepts", () => {
        // bootc tracks it, but "Fedora" is not a valid path component: no switch is built from it
        expect(tagChangePlan(ref("quay.io/Fedora/os:42"), tag("43"), version("1.14.0")))
            .toEqual({ kind: "impossible", reason: "reference" });
        // with --tag, bootc itself rewrites the tag: nothing of the name reaches argv
        expect(tagChangePlan(ref("quay.io/Fedora/os:42"), tag("43"), version("1.16.9")))
            .toMatchObject({ kind: "upgrade-tag" });
    });
});

describe("what switch and rollback print", () => {
    it("reads the queued image", () => {
        const stdout = `layers already present: 3; layers needed: 8 (1.1 GB)\nQueued for next boot: quay.io/fedora/fedora-bootc:43\n  Version: 43.20261110.0\n  Digest: sha256:${HEX}\n`;
        expect(parseQueuedOutput(stdout))
            .toEqual({ image: "quay.io/fedora/fedora-bootc:43", version: "43.20261110.0", digest: `sha256:${HEX}` });
        expect(parseQueuedOutput(`Queued for next boot: ostree-unverified-image:oci:/var/tmp/os\n  Digest: sha256:${HEX}\n`))
            .toEqual({ image: "ostree-unverified-image:oci:/var/tmp/os", version: null, digest: `sha256:${HEX}` });
        expect(parseQueuedOutput("Image specification is unchanged.\n")).toBeNull();
        expect(switchWasUnchanged("Image specification is unchanged.\n")).toBe(true);
        expect(switchWasUnchanged("Queued for next boot: x\n")).toBe(false);
    });

    it("recognizes the signature policy refusal", () => {
        expect(failureCause("error: Switching: containers-policy.json specifies a default of `insecureAcceptAnything`; refusing usage")).toBe("signature-policy");
    });
});

describe("the client starts them as operations", () => {
    function client(bootc = "bootc 1.16.9") {
        const transport = new FakeTransport().on(["bootc", "--version"], { stdout: `${bootc}\n` });
        transport.scriptHandler = (_text, args) => ({ stdout: `${args[1]}\n` });
        const starts = () => transport.calls.filter(call => call.argv[0] === "sh");
        const started = (i: number) => {
            const args = starts()[i]?.argv.slice(4) ?? [];
            return { kind: args[2], progress: args[3], meta: parseOperationMeta(args[5] ?? ""), argv: args.slice(7) };
        };
        return { transport, client: createBootcClient(transport), started, starts };
    }

    it("rollback and undo", async () => {
        const { client: c, started, transport } = client();
        await c.startRollback({ mode: "apply", softReboot: true, target: null });
        expect(started(0)).toMatchObject({
            kind: "rollback", progress: "0", argv: ["bootc", "rollback", "--apply", "--soft-reboot=auto"],
        });
        expect(started(0).meta).toMatchObject({ reboots: true, softReboot: true });
        expect(transport.restartsExpected).toBe(1);
        await c.undoRollback(null);
        expect(started(1)).toMatchObject({ kind: "rollback-undo", argv: ["bootc", "rollback"] });
        expect(started(1).meta).toMatchObject({ reboots: false });
    });

    it("switch, with progress from bootc 1.1.4", async () => {
        const { client: c, started } = client();
        await c.startSwitch({
            target: target("/var/tmp/os.tar", "oci-archive"), enforceSignaturePolicy: false, retain: true,
            mode: "stage", softReboot: false,
        });
        expect(started(0)).toMatchObject({
            kind: "switch",
            progress: "1",
            argv: [
                "bootc", "switch", "--transport=oci-archive", "--retain", "--progress-fd=3", "--", "/var/tmp/os.tar",
            ],
        });
        expect(started(0).meta?.target)
            .toEqual({ image: "/var/tmp/os.tar", transport: "oci-archive", version: null, digest: null });
        const old = client("bootc 1.1.0");
        await old.client.startSwitch({
            target: target("quay.io/x:1"), enforceSignaturePolicy: true, retain: false, mode: "apply",
            softReboot: false,
        });
        expect(old.started(0)).toMatchObject({
            progress: "0", argv: ["bootc", "switch", "--enforce-container-sigpolicy", "--apply", "--", "quay.io/x:1"],
        });
    });

    it("tag changes by plan; a plan that changes nothing is refused before anything runs", async () => {
        const { client: c, started, starts } = client();
        const tracked = ref("quay.io/fedora/fedora-bootc:42", { kind: "container-policy" });
        await c.changeTag(tagChangePlan(tracked, tag("43"), version("1.16.9")), { mode: "stage", softReboot: false });
        expect(started(0))
            .toMatchObject({ kind: "change-tag", argv: ["bootc", "upgrade", "--tag=43", "--progress-fd=3"] });
        expect(started(0).meta?.target).toMatchObject({ image: "quay.io/fedora/fedora-bootc:43" });
        await c.changeTag(tagChangePlan(tracked, tag("43"), version("1.14.0")), { mode: "stage", softReboot: true });
        expect(started(1).argv).toEqual([
            "bootc", "switch", "--enforce-container-sigpolicy", "--soft-reboot=auto", "--progress-fd=3", "--",
            "quay.io/fedora/fedora-bootc:43",
        ]);
        await expect(
            c.changeTag(tagChangePlan(tracked, tag("42"), null), { mode: "stage", softReboot: false }),
        ).rejects.toThrow("no tag change");
        expect(starts()).toHaveLength(2);
    });
});
