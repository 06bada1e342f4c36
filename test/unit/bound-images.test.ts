// SPDX-License-Identifier: LGPL-2.1-or-later
// Bound images: bootc's quadlet rules over its own examples, the declarations script over a simulated
// host, what bootc's storage holds, and what a staged deployment changes.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
    diffBoundImages, floatingTag, isStored, parseDeclarations, parseImageList, parseQuadlet, parseStoredImages,
    storageName,
} from "../../src/backend/bound-images";
import type { DeclarationsResult } from "../../src/backend/bound-images";
import { deploymentRoot } from "../../src/backend/commands";
import BOUND_IMAGES_SCRIPT from "../../src/backend/scripts/bound-images.sh";
import { CONTRACT_DIR } from "../fixtures/load";
import { simHosts } from "../sim/run-sim";
import { hostPath } from "../sim/src/state";

const host = simHosts();

function example(name: string): string {
    return readFileSync(join(CONTRACT_DIR, name), "utf8");
}

function declarationsAt(root: string): Promise<DeclarationsResult | null> {
    return new Promise((resolve, reject) => {
        execFile("sh", ["-c", BOUND_IMAGES_SCRIPT, "bound-images.sh", root], (error, stdout) => {
            if (error)
                reject(error);
            else
                resolve(parseDeclarations(stdout));
        });
    });
}

describe("quadlets, as bootc reads them", () => {
    it.each([
        ["curl-base.image", "quay.io/curl/curl-base:latest"],
        ["curl.container", "quay.io/curl/curl:latest"],
        ["podman.image", "registry.access.redhat.com/ubi9/podman:latest"],
    ])("bootc's example %s declares %s", (name, image) => {
        expect(parseQuadlet(name, example(name))).toEqual({ image, problem: null, message: null });
    });

    it("refuses bootc's jboss example for its AuthFile=", () => {
        expect(parseQuadlet("jboss-webserver-5.image", example("jboss-webserver-5.image"))).toEqual({
            image: "registry.redhat.io/jboss-webserver-5/jws5-rhel8-operator:latest",
            problem: "auth-file",
            message: "AuthFile is not supported by bound bootc images",
        });
    });

    it("refuses specifiers, a missing Image= and other extensions; reads only its own section", () => {
        expect(parseQuadlet("a.image", "[Image]\nImage=quay.io/%u/app:1\n")).toMatchObject({ problem: "specifier", message: "Systemd specifiers are not supported by bound bootc images: quay.io/%u/app:1" });
        expect(parseQuadlet("a.image", "[Image]\nImage=quay.io/app:100%%\n"))
            .toEqual({ image: "quay.io/app:100%", problem: null, message: null });
        expect(parseQuadlet("a.container", "[Image]\nImage=quay.io/app:1\n"))
            .toMatchObject({ problem: "missing-image", message: "Missing Image field" });
        expect(parseQuadlet("a.volume", "[Volume]\n"))
            .toMatchObject({ problem: "extension", message: "Invalid file extension: a.volume" });
        expect(parseQuadlet("a.container", "# c\n[Unit]\nImage=no\n[Container]\nAuthFile=/x\nImage = quay.io/app:2 \n")).toEqual({ image: "quay.io/app:2", problem: null, message: null });
    });
});

describe("reference rules", () => {
    it("floating tags are not refreshed by upgrades", () => {
        expect(floatingTag("quay.io/curl/curl:latest")).toBe("latest");
        expect(floatingTag("quay.io/curl/curl")).toBe("untagged");
        expect(floatingTag("quay.io/fedora/postgresql-16:20251110")).toBeNull();
        expect(floatingTag(`quay.io/x@sha256:${"a".repeat(64)}`)).toBeNull();
    });

    it("names images the way podman stores them", () => {
        expect(storageName("quay.io/curl/curl")).toBe("quay.io/curl/curl:latest");
        expect(storageName("fedora:41")).toBe("docker.io/library/fedora:41");
        expect(storageName("library/fedora")).toBe("docker.io/library/fedora:latest");
        expect(storageName("localhost:5000/app:1")).toBe("localhost:5000/app:1");
    });

    it("what a staged deployment changes", () => {
        expect(diffBoundImages(
            [
                "quay.io/curl/curl-base:latest", "quay.io/curl/curl:latest",
                "registry.access.redhat.com/ubi9/podman:latest", "quay.io/db/pg:15",
            ],
            [
                "quay.io/curl/curl-base:latest", "quay.io/curl/curl:latest", "quay.io/fedora/postgresql-16:20251110",
                "quay.io/db/pg:16",
            ],
        )).toEqual({
            added: ["quay.io/fedora/postgresql-16:20251110"],
            removed: ["registry.access.redhat.com/ubi9/podman:latest"],
            changed: [{ from: "quay.io/db/pg:15", to: "quay.io/db/pg:16" }],
            unchanged: ["quay.io/curl/curl-base:latest", "quay.io/curl/curl:latest"],
        });
    });
});

describe("bootc's JSON", () => {
    it("image list", () => {
        expect(parseImageList('[\n  {\n    "image_type": "logical",\n    "image": "quay.io/curl/curl:latest"\n  }\n]')).toEqual([{ type: "logical", image: "quay.io/curl/curl:latest" }]);
        expect(parseImageList("[]")).toEqual([]);
        expect(parseImageList("REPOSITORY TYPE")).toBeNull();
        expect(parseImageList('[{"imageType":"host"}]')).toBeNull();
    });

    it("podman's image list, empty as null or nothing", () => {
        expect(parseStoredImages("null")).toEqual([]);
        expect(parseStoredImages("")).toEqual([]);
        expect(parseStoredImages('[{"Id":"ab","Names":["quay.io/x:1"],"RepoDigests":["quay.io/x@sha256:cd"],"Size":5,"Created":1762000000,"Extra":true}]')).toEqual([
            { id: "ab", names: ["quay.io/x:1"], repoDigests: [
                "quay.io/x@sha256:cd",
            ], size: 5, created: new Date(1_762_000_000_000) },
        ]);
        expect(parseStoredImages('{"Id":"ab"}')).toBeNull();
    });
});

describe("the declarations script stays inside the root, as bootc does (RESOLVE_IN_ROOT)", () => {
    const secret = "[Image]\nImage=outside.example.com/secret:1\n";
    const made: string[] = [];
    afterAll(() => made.forEach(path => rmSync(path, { recursive: true, force: true })));

    function tree(): { work: string; root: string; dir: string } {
        const work = mkdtempSync(join(tmpdir(), "bound-root-"));
        made.push(work);
        const root = join(work, "root");
        const dir = join(root, "usr/lib/bootc/bound-images.d");
        mkdirSync(dir, { recursive: true });
        mkdirSync(join(work, "outside"));
        writeFileSync(join(work, "outside/secret.image"), secret);
        return { work, root, dir };
    }

    it("links out of the root by '..', by an absolute target, or through a chain read nothing outside it", async () => {
        const { work, root, dir } = tree();
        symlinkSync("../../../../../../../../outside/secret.image", join(dir, "dotdot.image"));
        symlinkSync("/../../outside/secret.image", join(dir, "absolute.image"));
        mkdirSync(join(root, "usr/share/hop"), { recursive: true });
        symlinkSync(join(work, "outside/secret.image"), join(root, "usr/share/hop/next.image"));
        symlinkSync("/usr/share/hop/next.image", join(dir, "chain.image"));
        // inside the root, a directory link and ".." resolve as usual
        mkdirSync(join(root, "usr/z"), { recursive: true });
        writeFileSync(join(root, "usr/z/real.image"), "[Image]\nImage=quay.io/inside:1\n");
        symlinkSync("../z", join(root, "usr/share/y"));
        // ".." after a directory link leaves the directory it points to, as the kernel resolves it
        symlinkSync("/usr/share/y/../z/real.image", join(dir, "inside.image"));
        symlinkSync("loop-b.image", join(dir, "loop-a.image"));
        symlinkSync("loop-a.image", join(dir, "loop-b.image"));
        const result = await declarationsAt(root);
        const byName = new Map(result?.kind === "read" ? result.declarations.map(d => [d.name, d]) : []);
        for (const name of ["dotdot.image", "absolute.image", "chain.image"])
            expect(byName.get(name)).toMatchObject({ problem: "unreadable", image: null });
        expect(JSON.stringify(result)).not.toContain("outside.example.com");
        expect(byName.get("inside.image")).toMatchObject({ image: "quay.io/inside:1", problem: null });
        expect(byName.get("loop-a.image")).toMatchObject({
            problem: "unreadable", message: "loop-b.image: Too many levels of symbolic links",
        });
    });

    it("a bound-images.d that is itself a link out of the root is not followed", async () => {
        const { work, root } = tree();
        mkdirSync(join(work, "outside/bootc/bound-images.d"), { recursive: true });
        symlinkSync("../../outside/secret.image", join(work, "outside/bootc/bound-images.d/evil.image"));
        const lib = join(root, "usr/lib/bootc");
        rmSync(lib, { recursive: true });
        symlinkSync(join(work, "outside/bootc"), lib);
        expect(await declarationsAt(root)).toEqual({ kind: "read", declarations: [] });
    });

    it("a bound-images.d behind a link loop is not taken for 'nothing declared'", async () => {
        const { root } = tree();
        const lib = join(root, "usr/lib/bootc");
        rmSync(lib, { recursive: true });
        symlinkSync("/usr/lib/bootc", lib);
        // the page cannot read it, and says so (not understood), rather than that there is none
        expect(await declarationsAt(root)).toBeNull();
    });

    it("a name that is not UTF-8 is refused, as bootc refuses it", async () => {
        const { root, dir } = tree();
        writeFileSync(join(root, "usr/lib/ok.image"), "[Image]\nImage=quay.io/ok:1\n");
        symlinkSync("/usr/lib/ok.image", Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from(".image")]));
        const result = await declarationsAt(root);
        expect(result?.kind === "read" && result.declarations).toEqual([expect.objectContaining({
            problem: "non-utf8", image: null,
            message: "Invalid non-UTF8 filename: \"bad\uFFFD.image\" in usr/lib/bootc/bound-images.d",
        })]);
    });
});

describe("the declarations script at scale", () => {
    it("reads hundreds of declarations with a fixed number of processes, in either shell", async () => {
        const work = mkdtempSync(join(tmpdir(), "bound-many-"));
        try {
            const root = join(work, "root");
            const dir = join(root, "usr/lib/bootc/bound-images.d");
            const systemd = join(root, "usr/share/containers/systemd");
            mkdirSync(dir, { recursive: true });
            mkdirSync(systemd, { recursive: true });
            for (let i = 0; i < 300; i++) {
                writeFileSync(join(systemd, `app-${i}.image`), `[Image]\nImage=quay.io/example/app-${i}:1.${i}\n`);
                symlinkSync(`/usr/share/containers/systemd/app-${i}.image`, join(dir, `app-${i}.image`));
            }
            // every program the script runs, counted by a stand-in on its PATH
            const bin = join(work, "bin");
            const log = join(work, "programs.log");
            mkdirSync(bin);
            for (const program of ["readlink", "wc", "stat", "cat", "base64", "tr", "date", "ls", "find"]) {
                const real = ["/usr/bin", "/bin"].map(d => join(d, program)).find(path => existsSync(path));
                writeFileSync(join(bin, program), `#!/bin/sh\necho ${program} >> '${log}'\nexec ${real ?? program} "$@"\n`, { mode: 0o755 });
            }
            for (const shell of ["/bin/sh", "/bin/bash"]) {
                writeFileSync(log, "");
                const stdout = await new Promise<string>((resolve, reject) => {
                    execFile(shell, ["-c", BOUND_IMAGES_SCRIPT, "bound-images.sh", root],
                        { env: { PATH: bin }, maxBuffer: 16 << 20 },
                        (error, out) => (error ? reject(error) : resolve(out)));
                });
                const result = parseDeclarations(stdout);
                expect(result?.kind === "read" && result.declarations.length).toBe(300);
                expect(result?.kind === "read" && result.declarations.filter(d => d.problem === null).length).toBe(300);
                const programs = readFileSync(log, "utf8").split("\n").filter(Boolean);
                expect(programs.sort()).toEqual(["base64", "cat", "readlink", "stat", "tr", "wc"]);
            }
        } finally {
            rmSync(work, { recursive: true, force: true });
        }
    });
});

describe("against the simulated host", () => {
    it("reads the booted and the staged deployment's declarations; the storage holds what was pulled", async () => {
        const sim = host("staged-rollback");
        const booted = await declarationsAt(sim.paths.root);
        expect(booted?.kind === "read" && booted.declarations.map(d => [d.name, d.target, d.image, d.problem]))
            .toEqual([
            ["curl-base.image", "/usr/share/containers/systemd/curl-base.image", "quay.io/curl/curl-base:latest", null],
            ["curl.container", "/usr/share/containers/systemd/curl.container", "quay.io/curl/curl:latest", null],
            [
                "podman.image", "/usr/share/containers/systemd/podman.image",
                "registry.access.redhat.com/ubi9/podman:latest", null,
            ],
        ]);
        const staged = sim.state().staged;
        if (!staged)
            throw new Error("the scenario stages an update");
        const root = hostPath(sim.paths, deploymentRoot(staged.stateroot, staged.checksum, staged.deploySerial));
        const next = await declarationsAt(root);
        expect(next?.kind === "read" && next.declarations.map(d => d.image)).toEqual([
            "quay.io/curl/curl-base:latest", "quay.io/curl/curl:latest", "quay.io/fedora/postgresql-16:20251110",
        ]);

        const listed = await sim.run(["image", "cmd", "list", "--format=json"]);
        expect(listed.code).toBe(0);
        const stored = parseStoredImages(listed.stdout);
        expect(isStored("quay.io/curl/curl:latest", stored)).toBe(true);
        expect(isStored("quay.io/fedora/postgresql-16:20251110", stored)).toBe(true);
        expect(isStored("quay.io/curl/curl-nope:latest", stored)).toBe(false);
        expect(isStored("quay.io/curl/curl:latest", null)).toBeNull();
    });

    it("a plain file, a dangling link, a big file, an odd name; no root; nothing declared", async () => {
        const sim = host("booted-only");
        const dir = hostPath(sim.paths, "/usr/lib/bootc/bound-images.d");
        writeFileSync(join(dir, "plain.image"), "[Image]\nImage=quay.io/x:1\n");
        symlinkSync("/usr/share/containers/systemd/gone.image", join(dir, "gone.image"));
        mkdirSync(hostPath(sim.paths, "/usr/share/containers/systemd"), { recursive: true });
        writeFileSync(
            hostPath(sim.paths, "/usr/share/containers/systemd/big.image"),
            `[Image]\nImage=quay.io/x:1\n${"#".repeat(70_000)}\n`,
        );
        symlinkSync("../../../share/containers/systemd/big.image", join(dir, "big.image"));
        writeFileSync(
            hostPath(sim.paths, "/usr/share/containers/systemd/odd name\n.image"), "[Image]\nImage=quay.io/odd:1\n",
        );
        symlinkSync("/usr/share/containers/systemd/odd name\n.image", join(dir, "odd name\n.image"));
        const result = await declarationsAt(sim.paths.root);
        const byName = new Map(result?.kind === "read" ? result.declarations.map(d => [d.name, d]) : []);
        expect(byName.get("plain.image"))
            .toMatchObject({ problem: "not-symlink", message: "Not a symlink: plain.image" });
        expect(byName.get("gone.image"))
            .toMatchObject({ problem: "unreadable", target: "/usr/share/containers/systemd/gone.image" });
        expect(byName.get("big.image")).toMatchObject({ problem: "too-big" });
        expect(byName.get("odd name\n.image")).toMatchObject({ image: "quay.io/odd:1", problem: null });
        expect(byName.get("curl.container")).toMatchObject({ image: "quay.io/curl/curl:latest" });

        expect(await declarationsAt(join(sim.paths.root, "ostree/deploy/default/deploy/missing.0")))
            .toEqual({ kind: "no-root" });
        expect(await declarationsAt(join(sim.paths.root, "usr/share"))).toEqual({ kind: "read", declarations: [] });
    });
});
