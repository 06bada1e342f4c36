// SPDX-License-Identifier: LGPL-2.1-or-later
// Stories: an admin rolls back (with and without a staged update), undoes it, reboots into it; switches
// images with each option and transport; changes the tag on a new and an old bootc; and types things
// that must never reach bootc. Failures leave the host as it was.
import type { Locator } from "playwright-core";

import { BUILDS } from "../sim/scenarios";
import type { SimState } from "../sim/src/state";

import { callsOf, useBrowser, visit } from "./harness";

useBrowser();

const FEDORA = "quay.io/fedora/fedora-bootc";

async function text(locator: Locator): Promise<string> {
    return (await locator.textContent())?.trim() ?? "";
}

/** The simulator's registry digest of a Fedora tag. */
function digestOf(s: SimState, tag: string): string {
    return s.registry[FEDORA]?.[tag] ?? "";
}

test("roll back with a staged update: warned, the staged one is discarded; undo", async () => {
    await visit({ scenario: "staged-rollback" }, async ({ app, host }) => {
        await app.locator("#staged-banner").waitFor();
        await app.locator("#rollback-start").click();
        const dialog = app.locator("#rollback-dialog");
        await dialog.waitFor();
        expect(await text(dialog.locator("#rollback-dialog-title")))
            .toContain(`Roll back to ${BUILDS.rollback.version}?`);
        expect(await text(dialog.locator("#rollback-dialog-staged")))
            .toContain(`The staged update ${BUILDS.update.version} is discarded`);
        expect(await text(dialog.locator("#rollback-dialog-etc"))).toBe(`Changes made to /etc since ${BUILDS.rollback.version} was deployed do not carry over to it.`);
        expect(await app.locator("#rollback-mode-stage").isChecked()).toBe(true);
        await app.locator("#rollback-dialog-confirm").click();
        await dialog.waitFor({ state: "detached" });

        const banner = app.locator("#rollback-banner");
        await banner.waitFor();
        expect(await text(banner)).toContain(`Rollback queued: the system boots ${BUILDS.rollback.version} next`);
        expect(await text(app.locator("#operation-result[data-outcome='succeeded']"))).toContain(`Rollback queued: the system boots ${BUILDS.rollback.version} next`);
        await app.locator("#staged-banner").waitFor({ state: "detached" });
        expect(await app.locator("tr.ct-deployment-row[data-role='staged']").count()).toBe(0);
        expect(host.state()).toMatchObject({ staged: null, rollbackQueued: true });

        await app.locator("#rollback-undo").click();
        await banner.waitFor({ state: "detached" });
        await app.locator("#operation-result", { hasText: "The rollback was undone" }).waitFor();
        expect(host.state()).toMatchObject({ staged: null, rollbackQueued: false });
        expect(callsOf(host, "rollback")).toEqual([["bootc", "rollback"], ["bootc", "rollback"]]);
        expect(host.state().reboots ?? []).toEqual([]);
    });
});

test("roll back and reboot now, warned about the update timer", async () => {
    await visit({
        scenario: "demo", adjust: s => { s.timing.rebootDelayMs = 100; s.timing.tickMs = 20; s.timing.stepMs = 20; },
    }, async ({ app, host }) => {
        await app.locator("#rollback-start").click();
        await app.locator("#rollback-timer-warning").waitFor();
        expect(await app.locator("#rollback-dialog-staged").count()).toBe(0);
        await app.locator("#rollback-mode-apply").check();
        expect(await text(app.locator("#rollback-dialog-confirm"))).toBe("Roll back and reboot");
        await app.locator("#rollback-dialog-confirm").click();
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version", { hasText: BUILDS.rollback.version })
            .waitFor();
        await app.locator("#operation-result[data-outcome='rebooting']").waitFor();
        expect(callsOf(host, "rollback")).toEqual([["bootc", "rollback", "--apply"]]);
        expect(host.state().reboots?.map(r => r.by)).toEqual(["bootc --apply"]);
    });
});

test("a queued rollback, then Reboot now from its banner", async () => {
    await visit({
        scenario: "demo", adjust: s => { s.timing = { ...s.timing, tickMs: 20, stepMs: 20 }; },
    }, async ({ app, host }) => {
        await app.locator("#rollback-start").click();
        await app.locator("#rollback-dialog-confirm").click();
        await app.locator("#rollback-reboot").click();
        await app.locator("#reboot-dialog").waitFor();
        expect(await text(app.locator("#reboot-dialog")))
            .toContain(`The system restarts into ${BUILDS.rollback.version}.`);
        await app.locator("#reboot-dialog-confirm").click();
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version", { hasText: BUILDS.rollback.version })
            .waitFor();
        await app.locator("#rollback-banner").waitFor({ state: "detached" });
        expect(host.state().reboots?.map(r => r.by)).toEqual(["systemctl reboot"]);
    });
});

test("switch to another image with every option, watching its progress", async () => {
    const slow = (s: SimState) => {
        s.insecurePolicy = false;
        s.timing = { bytesPerSecond: 150_000_000, tickMs: 100, stepMs: 200, rebootDelayMs: 100 };
    };
    await visit({ scenario: "booted-only", adjust: slow }, async ({ app, host }) => {
        await app.locator("#switch-image").click();
        const dialog = app.locator("#switch-dialog");
        await app.locator("#switch-dialog-image").fill(`${FEDORA}:43`);
        expect(await text(dialog.locator("#switch-dialog-consequences")))
            .toContain(`From now on the system tracks ${FEDORA}:43`);
        await app.locator("#switch-dialog-enforce").check();
        await app.locator("#switch-dialog-retain").check();
        await app.locator("#switch-dialog-soft-reboot").check();
        await app.locator("#switch-dialog-start").click();
        await dialog.waitFor({ state: "detached" });

        await app.locator("#operation[data-operation='switch'][data-phase='pulling']").waitFor();
        expect(await text(app.locator("#operation h2"))).toBe(`Switching to ${FEDORA}:43`);
        const result = app.locator("#operation-result[data-outcome='succeeded']");
        await result.waitFor({ timeout: 30_000 });
        expect(await text(result)).toContain(`${FEDORA}:43 (${BUILDS.next.version}) is staged; the system now tracks it`);
        await app.locator("#staged-banner[data-kind='staged']").waitFor();
        await app.locator("#host-summary [data-field='tracked']", { hasText: `${FEDORA}:43` }).waitFor();
        await app.locator("#host-summary [data-field='signature']", { hasText: "Enforced by containers-policy.json" })
            .waitFor();

        expect(callsOf(host, "switch")).toEqual([
            [
                "bootc", "switch", "--enforce-container-sigpolicy", "--retain", "--soft-reboot=auto", "--progress-fd=3",
                "--", `${FEDORA}:43`,
            ],
        ]);
        const staged = host.state().staged;
        expect(staged?.spec).toEqual({ image: `${FEDORA}:43`, transport: "registry", signature: "containerPolicy" });
        expect(staged?.digest).toBe(digestOf(host.state(), "43"));
    });
});

test("switch to an OCI archive on the host, and reboot into it", async () => {
    const archive = "/var/tmp/fedora-bootc-43.ociarchive";
    await visit({ scenario: "booted-only", adjust: s => { s.local[`oci-archive:${archive}`] = digestOf(s, "43"); } }, async ({ app, host }) => {
        await app.locator("#switch-image").click();
        await app.locator("#switch-dialog-transport").selectOption("oci-archive");
        await app.locator("#switch-dialog-image").fill(archive);
        await app.locator("#switch-dialog-mode-apply").check();
        await app.locator("#switch-dialog-start").click();
        await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-version", { hasText: BUILDS.next.version })
            .waitFor({ timeout: 30_000 });
        expect(callsOf(host, "switch"))
            .toEqual([["bootc", "switch", "--transport=oci-archive", "--apply", "--progress-fd=3", "--", archive]]);
        expect(host.state().booted?.spec).toEqual({ image: archive, transport: "oci-archive" });
        await app.locator("#host-summary [data-field='tracked']", { hasText: `oci-archive:${archive}` }).waitFor();
    });
});

test("hostile or malformed input is refused in the dialog and bootc switch never runs", async () => {
    await visit({ scenario: "booted-only" }, async ({ app, host }) => {
        await app.locator("#switch-image").click();
        const input = app.locator("#switch-dialog-image");
        const error = app.locator("#switch-dialog-image-error");
        const inputs: [string, string][] = [
            [`${FEDORA}:43; systemctl reboot`, "It contains a space."],
            [`${FEDORA}:43;reboot`, "These characters are not allowed here: “;”."],
            ["$(reboot)", "These characters are not allowed here: “$” “(” “)”."],
            ["`id`", "These characters are not allowed here: “`”."],
            ["--mutate-in-place", "It starts with “-”, which bootc would read as an option."],
            [`docker://${FEDORA}:43`, "Leave out “docker://”"],
            ["quay.io/Fedora/fedora-bootc:43", "Repository names are lowercase: “Fedora”."],
        ];
        for (const [value, reason] of inputs) {
            await input.fill(value);
            await app.locator("#switch-dialog-start").click();
            expect(await text(error)).toContain(reason);
        }
        // a text field drops line breaks itself; a pasted tab (a control character) is refused
        await input.evaluate((element: HTMLInputElement) => {
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
            setter?.call(element, "quay.io/x:1\treboot");
            element.dispatchEvent(new Event("input", { bubbles: true }));
        });
        await app.locator("#switch-dialog-start").click();
        expect(await text(error)).toContain("a line break or another control character");

        // the tracked image: bootc would do nothing, so the page does not offer to run it
        await input.fill(`${FEDORA}:42`);
        await app.locator("#switch-dialog-unchanged").waitFor();
        expect(await app.locator("#switch-dialog-start").isDisabled()).toBe(true);

        expect(callsOf(host, "switch")).toEqual([]);
        // only reads ran: status, --version and the image listings of the bound images card
        const reads = new Set(["status", "--version", "image"]);
        expect(host.calls().filter(call => call.argv[0] === "bootc" && !reads.has(call.argv[1] ?? ""))).toEqual([]);
    });
});

test("change tag with upgrade --tag on bootc 1.16", async () => {
    await visit({ scenario: "booted-only" }, async ({ app, host }) => {
        await app.locator("#change-tag").click();
        const input = app.locator("#tag-dialog-tag");
        expect(await input.inputValue()).toBe("42");
        await app.locator("#tag-unchanged").waitFor();
        await input.fill("43");
        expect(await text(app.locator("#tag-dialog-plan"))).toBe("Runs “bootc upgrade --tag=43”.");
        await app.locator("#tag-dialog-start").click();
        await app.locator("#operation-result[data-outcome='succeeded']").waitFor({ timeout: 30_000 });
        await app.locator("#host-summary [data-field='tracked']", { hasText: `${FEDORA}:43` }).waitFor();
        expect(callsOf(host, "upgrade")).toEqual([["bootc", "upgrade", "--tag=43", "--progress-fd=3"]]);
        expect(host.state().staged?.digest).toBe(digestOf(host.state(), "43"));
    });
});

test("change tag on bootc 1.14 switches to the new tag instead", async () => {
    await visit({ scenario: "booted-only", adjust: s => { s.bootcVersion = "1.14.0"; } }, async ({ app, host }) => {
        await app.locator("#change-tag").click();
        await app.locator("#tag-dialog-tag").fill("43");
        await app.locator("#tag-dialog-plan", { hasText: "bootc 1.14.0 has no “upgrade --tag”" }).waitFor();
        await app.locator("#tag-dialog-start").click();
        await app.locator("#operation-result[data-outcome='succeeded']").waitFor({ timeout: 30_000 });
        expect(callsOf(host, "switch")).toEqual([["bootc", "switch", "--progress-fd=3", "--", `${FEDORA}:43`]]);
        expect(callsOf(host, "upgrade")).toEqual([]);
        expect(host.state().staged?.spec).toEqual({ image: `${FEDORA}:43`, transport: "registry" });
    });
});

test("switch failures say why and leave the host as it was: image not found, registry auth, insecure policy", async () => {
    const adjust = (s: SimState) => { s.faults.authFailRegistries = ["registry.example.com"]; };
    await visit({ scenario: "booted-only", adjust }, async ({ app, host }) => {
        const before = host.state();
        const attempt = async (image: string, enforce: boolean) => {
            await app.locator("#switch-image").click();
            await app.locator("#switch-dialog-image").fill(image);
            if (enforce)
                await app.locator("#switch-dialog-enforce").check();
            await app.locator("#switch-dialog-start").click();
            const result = app.locator("#operation-result[data-outcome='failed']");
            await result.waitFor({ timeout: 30_000 });
            const found = {
                cause: await result.getAttribute("data-cause"),
                title: await text(result.locator(".pf-v6-c-alert__title")),
                message: await text(result.locator(".ct-bootc-message")), body: await text(result),
            };
            await result.locator("button[aria-label='Dismiss']").click();
            await result.waitFor({ state: "detached" });
            return found;
        };

        const missing = await attempt(`${FEDORA}:44`, false);
        expect(missing).toMatchObject({
            cause: "not-found", title: expect.stringContaining("The image was not found") as unknown,
            message: "manifest unknown",
        });
        expect(missing.body).toContain("The deployments are as they were before it started.");

        const auth = await attempt("registry.example.com/os/fedora-bootc:42", false);
        expect(auth.cause).toBe("auth");
        expect(auth.message).toBe("access to the requested resource is not authorized");
        expect(auth.body).toContain("/etc/ostree/auth.json");

        const policy = await attempt(`${FEDORA}:43`, true);
        expect(policy.cause).toBe("signature-policy");
        expect(policy.message).toBe("containers-policy.json specifies a default of `insecureAcceptAnything`; refusing usage");

        const after = host.state();
        expect({ staged: after.staged, booted: after.booted, rollback: after.rollback })
            .toEqual({ staged: before.staged, booted: before.booted, rollback: before.rollback });
        await app.locator("#host-summary [data-field='tracked']", { hasText: `${FEDORA}:42` }).waitFor();
        expect(callsOf(host, "switch")).toHaveLength(3);
    });
});
