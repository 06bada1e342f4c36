// SPDX-License-Identifier: LGPL-2.1-or-later
// Every status document bootc ships as a fixture parses, and the model reads each one the way bootc does.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { parseStatusOutput } from "../../src/backend/client";
import type { HostModel } from "../../src/backend/model";
import { CONTRACT_DIR, statusFixtureJson, statusFixtureNames } from "../fixtures/load";

function host(name: string): HostModel {
    const result = parseStatusOutput(statusFixtureJson(name));
    if (!result.ok)
        throw new Error(`${name}: ${result.reason}: ${result.issues.join("; ")}`);
    return result.host;
}

describe("bootc's status fixtures", () => {
    it("are all here (16 documents)", () => {
        expect(statusFixtureNames()).toHaveLength(16);
    });

    it.each(statusFixtureNames())("%s parses", name => {
        const result = parseStatusOutput(statusFixtureJson(name));
        expect(result).toMatchObject({ ok: true });
    });

    const shared = join(__dirname, "../../../shared/bootc-contract");
    (existsSync(shared) ? it : it.skip)("match the shared contract folder byte for byte", () => {
        for (const name of readdirSync(shared).filter(n => n !== "CONTRACT.md")) {
            expect(existsSync(join(CONTRACT_DIR, name))).toBe(true);
            expect(readFileSync(join(CONTRACT_DIR, name), "utf8")).toBe(readFileSync(join(shared, name), "utf8"));
        }
    });
});

describe("what the model makes of them", () => {
    it("staged + booted: the staged deployment boots next", () => {
        const h = host("spec-staged-booted.yaml");
        expect(h.deployments.map(d => d.role)).toEqual(["staged", "booted"]);
        expect(h.nextBoot?.role).toBe("staged");
        expect(h.staged?.bootsNext).toBe(true);
        expect(h.booted?.bootsNext).toBe(false);
        expect(h.staged?.image?.version).toBe("nightly");
        expect(h.staged?.image?.builtAt?.toISOString()).toBe("2023-10-14T19:22:15.420Z");
        expect(h.staged?.image?.builtAtRaw).toBe("2023-10-14T19:22:15.42Z");
        expect(h.staged?.image?.architecture).toBe("arm64");
        expect(h.tracked).toEqual({
            name: "quay.io/example/someimage:latest", transport: "registry", signature: { kind: "insecure" },
        });
        expect(h.isBootcHost).toBe(true);
    });

    it("a download-only staged deployment does not boot next: the booted one does", () => {
        const h = host("spec-staged-download-only.yaml");
        expect(h.staged?.downloadOnly).toBe(true);
        expect(h.nextBoot?.role).toBe("booted");
        // the booted entry lacks downloadOnly in this fixture: the documented default applies
        expect(h.booted?.downloadOnly).toBe(false);
    });

    it("booted only", () => {
        const h = host("spec-only-booted.yaml");
        expect(h.deployments.map(d => d.role)).toEqual(["booted"]);
        expect(h.nextBoot?.role).toBe("booted");
        expect(h.booted?.image?.builtAt).toBeNull();
        expect(h.tracked?.signature).toEqual({ kind: "default" });
        expect(h.hostType).toBe("bootcHost");
        expect(h.booted?.id).toBe("booted:default/439f6bd2e2361bee292c1f31840d798c5ac5ba76483b8021dc9f7b0164ac0f48.0");
    });

    it("pinned other deployments are listed after booted", () => {
        const h = host("spec-booted-pinned.yaml");
        expect(h.deployments.map(d => d.role)).toEqual(["booted", "other"]);
        expect(h.deployments.every(d => d.pinned)).toBe(true);
        expect(new Set(h.deployments.map(d => d.id)).size).toBe(2);
    });

    it("booted: null is not a bootc host, even with staged and rollback entries", () => {
        const h = host("spec-staged-rollback.yaml");
        expect(h.isBootcHost).toBe(false);
        expect(h.deployments.map(d => d.role)).toEqual(["staged", "rollback"]);
    });

    it("the empty host of a non-bootc system", () => {
        const h = host("spec-v1-null.json");
        expect(h.isBootcHost).toBe(false);
        expect(h.deployments).toEqual([]);
        expect(h.tracked).toBeNull();
        expect(h.nextBoot).toBeNull();
    });

    it("ostree remote signatures (a YAML tag there, an object in JSON)", () => {
        expect(host("spec-ostree-remote.yaml").tracked?.signature).toEqual({ kind: "ostree-remote", remote: "fedora" });
    });

    it("a plain ostree booted deployment moving to a container image", () => {
        const h = host("spec-ostree-to-bootc.yaml");
        expect(h.booted?.image).toBeNull();
        expect(h.booted?.ostree?.checksum).toMatch(/^f9fa3a/);
        expect(h.staged?.image?.ref.name).toBe("quay.io/centos-bootc/centos-bootc:stream9");
        expect(h.staged?.store).toBe("ostreeContainer");
        expect(h.hostType).toBeNull();
    });

    it("an rpm-ostree layered (incompatible) staged deployment", () => {
        const h = host("spec-rfe-ostree-deployment.yaml");
        expect(h.staged?.incompatible).toBe(true);
        expect(h.staged?.image).toBeNull();
        expect(h.tracked).toBeNull();
    });

    it("a /usr overlay", () => {
        expect(host("spec-booted-usroverlay.yaml").usrOverlay)
            .toEqual({ accessMode: "readWrite", persistence: "transient" });
    });

    it("a version that YAML would read as a number stays the string bootc printed", () => {
        expect(host("spec-v1a1.yaml").booted?.image?.version).toBe("20231230.1");
    });

    it("local OCI layouts keep their transport", () => {
        expect(host("spec-via-local-oci.yaml").booted?.image?.ref)
            .toEqual({ name: "/var/mnt/osupdate", transport: "oci", signature: { kind: "default" } });
    });

    it("cached updates are kept per deployment, even when equal to the booted digest", () => {
        const same = host("spec-booted-update-same-digest.yaml").booted;
        expect(same?.cachedUpdate?.digest).toBe(same?.image?.digest);
        const newer = host("spec-booted-with-update.yaml").booted;
        expect(newer?.cachedUpdate?.version).toBe("stream9.20240901.0");
        expect(host("spec-booted-with-update-no-version.yaml").booted?.cachedUpdate?.version).toBeNull();
    });

    it("old v1alpha1 documents without rollbackQueued or type get the defaults", () => {
        const h = host("spec-v1a1-orig.yaml");
        expect(h.apiVersion).toBe("org.containers.bootc/v1alpha1");
        expect(h.rollbackQueued).toBe(false);
        expect(h.readOnly).toBe(false);
        expect(h.hostType).toBeNull();
        expect(h.booted?.softRebootCapable).toBe(false);
    });
});
