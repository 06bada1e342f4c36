// SPDX-License-Identifier: LGPL-2.1-or-later
// Roll back, switch image and change tag: what each dialog states before anything runs, what it runs,
// and what it refuses to run.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, digestOf, imageStatus, statusJson } from "../fixtures/status-builder";

import { renderApp, renderHost, starts, STATUS } from "./render";
import type { HostOptions } from "./render";

const OP = "/run/cockpit-bootc/op";
const NEWER = imageStatus("quay.io/fedora/fedora-bootc:42", "42.newer", "2026-11-14T04:05:44Z", "newer");
const TIMER_ON = "timer enabled\nnextroot no\n";

function host(status: Record<string, unknown> = {}, options: HostOptions & { spec?: Record<string, unknown> } = {}) {
    return renderHost({
        ...options,
        status: statusJson(
            { booted: bootEntry(), rollback: bootEntry({}, "rb"), ...status } as never, (options.spec ?? {}) as never,
        ),
    });
}

/** A helper text as it reads on screen (without PatternFly's screen-reader suffix). */
function helperText(box: HTMLElement, id: string): string | null {
    const item = box.querySelector(`#${id}`)?.cloneNode(true) as HTMLElement | undefined;
    item?.querySelectorAll(".pf-v6-screen-reader").forEach(node => node.remove());
    return item?.textContent ?? null;
}

async function dialog(button: string): Promise<HTMLElement> {
    await userEvent.click(await screen.findByRole("button", { name: button }));
    return screen.findByRole("dialog");
}

describe("roll back", () => {
    it("says what boots next and what does not carry over; queues it for the next boot by default", async () => {
        const transport = host();
        const box = await dialog("Roll back…");
        expect(within(box).getByText("Roll back to 42.rb?")).toBeTruthy();
        expect(box.querySelector("#rollback-dialog-version")?.textContent).toContain("42.rb");
        expect(box.querySelector("#rollback-dialog-etc")?.textContent).toBe("Changes made to /etc since 42.rb was deployed do not carry over to it.");
        expect(box.querySelector("#rollback-dialog-staged")).toBeNull();
        expect((await within(box).findByLabelText("Queue it for the next boot") as HTMLInputElement).checked)
            .toBe(true);
        // the rollback deployment cannot soft-reboot here
        expect(within(box).queryByLabelText("Soft reboot if possible")).toBeNull();
        expect(box.querySelector("#rollback-timer-warning")).toBeNull();
        await userEvent.click(within(box).getByRole("button", { name: "Roll back" }));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        expect(starts(transport)).toEqual([expect.objectContaining({
            argv: ["bootc", "rollback"],
            kind: "rollback", reboots: false, target: expect.objectContaining({ version: "42.rb" }),
        })]);
        expect(transport.restartsExpected).toBe(0);
    });

    it("warns that a staged update is discarded, and about the update timer; reboot now with a soft reboot", async () => {
        const transport = host(
            { staged: bootEntry({ image: NEWER }, "st"), rollback: bootEntry({ softRebootCapable: true }, "rb") },
            { facts: TIMER_ON },
        );
        const box = await dialog("Roll back…");
        expect(box.querySelector("#rollback-dialog-staged")?.textContent)
            .toContain("The staged update 42.newer is discarded");
        expect(
            (await screen.findByText("Automatic updates are enabled")).closest("#rollback-timer-warning")?.textContent,
        )
            .toContain("updates the system from quay.io/fedora/fedora-bootc:42 again");
        await userEvent.click(within(box).getByLabelText("Roll back and reboot now"));
        await userEvent.click(within(box).getByLabelText("Soft reboot if possible"));
        await userEvent.click(within(box).getByRole("button", { name: "Roll back and reboot" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0]?.argv).toEqual(["bootc", "rollback", "--apply", "--soft-reboot=auto"]);
        expect(transport.restartsExpected).toBe(1);
    });

    it("is not offered for a rollback that is not container-based, nor on read-only media", async () => {
        host({ rollback: bootEntry({ image: null }, "rb") });
        const button = await screen.findByRole("button", { name: "Roll back…" });
        expect(button.getAttribute("aria-disabled")).toBe("true");
        await userEvent.click(button);
        expect(screen.queryByRole("dialog")).toBeNull();
    });

    it("a refusal stays in the dialog", async () => {
        host({}, { start: exited("Another operation is running: bootc upgrade\n", 75) });
        const box = await dialog("Roll back…");
        await userEvent.click(await within(box).findByRole("button", { name: "Roll back" }));
        expect((await within(box).findByText("The rollback could not start")).closest(".pf-v6-c-alert")?.textContent)
            .toContain("Another operation is running");
    });
});

describe("a queued rollback", () => {
    it("a banner says what boots next, with Undo and Reboot now", async () => {
        const transport = host({ rollbackQueued: true });
        const banner = (await screen.findByText("Rollback queued: the system boots 42.rb next"))
            .closest("#rollback-banner") as HTMLElement;
        expect(banner.textContent).toContain("Undo keeps running 42.booted after the reboot.");
        // no second rollback: Undo is the way back
        expect(screen.queryByRole("button", { name: "Roll back…" })).toBeNull();
        await userEvent.click(within(banner).getByRole("button", { name: "Undo" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0])
            .toMatchObject({ argv: ["bootc", "rollback"], kind: "rollback-undo", reboots: false });

        await userEvent.click(within(banner).getByRole("button", { name: "Reboot now" }));
        const reboot = await screen.findByRole("dialog");
        expect(reboot.textContent).toContain("The system restarts into 42.rb.");
        await userEvent.click(within(reboot).getByRole("button", { name: "Reboot" }));
        await waitFor(() => expect(transport.callsOf("systemctl", "reboot")).toHaveLength(1));
    });

    it("an undo the host refuses says why in the banner", async () => {
        host({ rollbackQueued: true }, { start: exited("Another operation is running: bootc upgrade\n", 75) });
        const banner = (await screen.findByText("Rollback queued: the system boots 42.rb next"))
            .closest("#rollback-banner") as HTMLElement;
        await userEvent.click(within(banner).getByRole("button", { name: "Undo" }));
        expect((await within(banner).findByText(/Another operation is running/)).closest(".pf-v6-c-alert")).not.toBeNull();
        expect(within(banner).getByRole("button", { name: "Undo" }).hasAttribute("disabled")).toBe(false);
    });

    it("the outcome of an undo", async () => {
        const transport = new FakeTransport()
            .on(STATUS, { stdout: statusJson({ booted: bootEntry(), rollback: bootEntry({}, "rb") }) });
        transport.writeRecord(
            OP,
            JSON.stringify({
                id: "op-1", kind: "rollback-undo", argv: ["bootc", "rollback"], startedAt: "2026-11-22T10:00:00Z",
            }),
        );
        transport.files.set(`${OP}/state`, "exited 0 1763805600\n");
        transport.files.set(`${OP}/stdout`, "notice: Reverting queued rollback state\nNext boot: current deployment\n");
        renderApp(transport);
        expect(await screen.findByText("The rollback was undone: the system boots the current deployment next")).toBeTruthy();
    });
});

describe("switch image", () => {
    async function typeImage(box: HTMLElement, text: string) {
        const input = within(box).getByRole("textbox");
        await userEvent.clear(input);
        if (text !== "")
            await userEvent.type(input, text.replace(/[{[]/g, "$&$&"));
        return input;
    }

    it.each([
        ["quay.io/fedora/fedora-bootc:43;reboot", "These characters are not allowed here: “;”."],
        ["quay.io/x:1 && rm -rf /", "It contains a space. Image references and tags have no spaces."],
        ["--mutate-in-place", "It starts with “-”, which bootc would read as an option."],
        ["docker://quay.io/x:1", "Leave out “docker://” and choose the transport in the list instead."],
        ["quay.io/Fedora/os:1", "Repository names are lowercase: “Fedora”."],
        ["quay.io/x@sha256:abc", "“sha256:abc” is not a valid digest: write “sha256:” and 64 lowercase hexadecimal digits."],
        ["$(reboot)", "These characters are not allowed here: “$” “(” “)”."],
    ])("refuses %j with a reason and runs nothing", async (text, reason) => {
        const transport = host();
        const box = await dialog("Switch image…");
        await typeImage(box, text);
        await userEvent.click(within(box).getByRole("button", { name: "Switch" }));
        expect(helperText(box, "switch-dialog-image-error")).toBe(reason);
        expect(within(box).getByRole("textbox").getAttribute("aria-invalid")).toBe("true");
        expect(starts(transport)).toEqual([]);
        expect(transport.callsOf("bootc", "switch")).toEqual([]);
    });

    it("an empty reference is refused too", async () => {
        const transport = host();
        const box = await dialog("Switch image…");
        await userEvent.click(within(box).getByRole("button", { name: "Switch" }));
        expect(helperText(box, "switch-dialog-image-error")).toBe("Enter an image reference.");
        expect(starts(transport)).toEqual([]);
    });

    it("the tracked image: explains bootc's no-op and offers a check instead", async () => {
        const transport = host();
        const box = await dialog("Switch image…");
        await typeImage(box, "quay.io/fedora/fedora-bootc:42");
        expect(box.querySelector("#switch-dialog-unchanged")?.textContent)
            .toContain("Image specification is unchanged.");
        expect((within(box).getByRole("button", { name: "Switch" }) as HTMLButtonElement).disabled).toBe(true);
        // enforcing the signature policy is a change bootc makes
        await userEvent.click(within(box).getByLabelText("Enforce the container signature policy"));
        expect(box.querySelector("#switch-dialog-unchanged")).toBeNull();
        await userEvent.click(within(box).getByLabelText("Enforce the container signature policy"));
        await userEvent.click(within(box).getByRole("button", { name: "Check for updates" }));
        await waitFor(() => expect(starts(transport).map(s => s.argv)).toEqual([["bootc", "upgrade", "--check"]]));
    });

    it("the tracked image with an update known: offers the update", async () => {
        host({ booted: bootEntry({ cachedUpdate: NEWER }) });
        const box = await dialog("Switch image…");
        await typeImage(box, "quay.io/fedora/fedora-bootc:42");
        await userEvent.click(within(box).getByRole("button", { name: "Update to 42.newer…" }));
        expect(await screen.findByText("Update to 42.newer")).toBeTruthy();
    });

    it("every option reaches argv; the consequences are stated", async () => {
        const transport = host({
            staged: bootEntry({ image: NEWER }, "st"), booted: bootEntry({ softRebootCapable: true }),
        });
        const box = await dialog("Switch image…");
        await typeImage(box, "quay.io/centos-bootc/centos-bootc:stream10");
        const consequences = box.querySelector("#switch-dialog-consequences")?.textContent ?? "";
        expect(consequences).toContain("From now on the system tracks quay.io/centos-bootc/centos-bootc:stream10");
        expect(consequences).toContain("The staged 42.newer is replaced.");
        await userEvent.click(within(box).getByLabelText("Enforce the container signature policy"));
        await userEvent.click(within(box).getByLabelText("Keep the previous image"));
        await userEvent.click(await within(box).findByLabelText("Stage it and reboot now"));
        await userEvent.click(within(box).getByLabelText("Soft reboot if possible"));
        await userEvent.click(within(box).getByRole("button", { name: "Switch and reboot" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0]).toMatchObject({
            argv: [
                "bootc", "switch", "--enforce-container-sigpolicy", "--retain", "--apply", "--soft-reboot=auto",
                "--progress-fd=3", "--", "quay.io/centos-bootc/centos-bootc:stream10",
            ],
            kind: "switch", reboots: true, target: {
                image: "quay.io/centos-bootc/centos-bootc:stream10", transport: "registry",
            },
        });
        expect(transport.restartsExpected).toBe(1);
    });

    it("other transports take an absolute path", async () => {
        const transport = host();
        const box = await dialog("Switch image…");
        await userEvent.selectOptions(within(box).getByLabelText("Transport"), "oci-archive");
        expect(box.querySelector("#switch-dialog-image-help")?.textContent)
            .toContain("An OCI archive file on the host");
        await typeImage(box, "var/tmp/os.tar");
        await userEvent.click(within(box).getByRole("button", { name: "Switch" }));
        expect(helperText(box, "switch-dialog-image-error")).toBe("Give the absolute path, starting with “/”.");
        await typeImage(box, "/var/tmp/os.tar");
        expect(box.querySelector("#switch-dialog-image-error")).toBeNull();
        await userEvent.click(within(box).getByRole("button", { name: "Switch" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0]?.argv)
            .toEqual(["bootc", "switch", "--transport=oci-archive", "--progress-fd=3", "--", "/var/tmp/os.tar"]);
    });

    it("keeps signature enforcement on when the tracked image has it, and warns when it is turned off", async () => {
        host(
            {},
            { spec: {
                image: { image: "quay.io/fedora/fedora-bootc:42", transport: "registry", signature: "containerPolicy" },
            } },
        );
        const box = await dialog("Switch image…");
        const enforce = within(box).getByLabelText("Enforce the container signature policy") as HTMLInputElement;
        expect(enforce.checked).toBe(true);
        expect(box.querySelector("#switch-dialog-enforce-warning")).toBeNull();
        await userEvent.click(enforce);
        expect(box.querySelector("#switch-dialog-enforce-warning")).not.toBeNull();
    });

    it("a switch that failed: bootc's message and what to do", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind: "switch", argv: [
                "bootc", "switch", "--enforce-container-sigpolicy", "--", "quay.io/x:1",
            ], startedAt: "2026-11-22T10:00:00Z",
            target: { image: "quay.io/x:1", transport: "registry", version: null, digest: null },
            // status when it started: what the page compares with after it failed
            before: { booted: digestOf("booted"), staged: null, stagedDownloadOnly: false, rollbackQueued: false },
        }));
        transport.files.set(`${OP}/state`, "exited 1 1763805600\n");
        transport.files.set(`${OP}/stderr`, "error: Switching: containers-policy.json specifies a default of `insecureAcceptAnything`; refusing usage\n");
        renderApp(transport);
        const alert = (await screen.findByText("The container signature policy cannot be enforced"))
            .closest("#operation-result") as HTMLElement;
        expect(alert.getAttribute("data-cause")).toBe("signature-policy");
        expect(alert.textContent).toContain("Make “reject” the default");
        expect(alert.querySelector("#operation-change")?.getAttribute("data-change")).toBe("unchanged");
        expect(alert.textContent).toContain("The deployments are as they were before it started.");
    });

    it("a switch that staged: the version bootc printed", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind: "switch", argv: [
                "bootc", "switch", "--", "quay.io/x:43",
            ], startedAt: "2026-11-22T10:00:00Z",
            target: { image: "quay.io/x:43", transport: "registry", version: null, digest: null },
        }));
        transport.files.set(`${OP}/state`, "running 7\n");
        renderApp(transport);
        expect(await screen.findByText("Switching to quay.io/x:43")).toBeTruthy();
        transport.files.set(`${OP}/stdout`, "Queued for next boot: quay.io/x:43\n  Version: 43.1\n  Digest: sha256:ab\n");
        await act(async () => {
            transport.setFile(`${OP}/state`, "exited 0 1763805600\n");
        });
        expect(await screen.findByText("quay.io/x:43 (43.1) is staged; the system now tracks it")).toBeTruthy();
    });
});

describe("change tag", () => {
    it("starts from the tracked tag, explains an unchanged one, and runs upgrade --tag", async () => {
        const transport = host();
        const box = await dialog("Change tag…");
        const input = within(box).getByRole("textbox") as HTMLInputElement;
        expect(input.value).toBe("42");
        await waitFor(() => expect(box.querySelector("#tag-unchanged")).not.toBeNull());
        await userEvent.clear(input);
        await userEvent.type(input, "43");
        expect(box.querySelector("#tag-dialog-image")?.textContent).toBe("New image: quay.io/fedora/fedora-bootc:43");
        expect(box.querySelector("#tag-dialog-plan")?.textContent).toBe("Runs “bootc upgrade --tag=43”.");
        await userEvent.click(within(box).getByRole("button", { name: "Change tag" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0])
            .toMatchObject({ argv: ["bootc", "upgrade", "--tag=43", "--progress-fd=3"], kind: "change-tag" });
    });

    it("on bootc before 1.15, switches to the new tag instead and says so", async () => {
        const transport = host({}, { version: "1.14.1" });
        const box = await dialog("Change tag…");
        const input = within(box).getByRole("textbox");
        await userEvent.clear(input);
        await userEvent.type(input, "43");
        await waitFor(() => expect(box.querySelector("#tag-dialog-plan")?.textContent).toBe(
            "bootc 1.14.1 has no “upgrade --tag” (it came in bootc 1.15). Runs “bootc switch quay.io/fedora/fedora-bootc:43” instead.",
        ));
        await userEvent.click(within(box).getByRole("button", { name: "Change tag" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0]?.argv)
            .toEqual(["bootc", "switch", "--progress-fd=3", "--", "quay.io/fedora/fedora-bootc:43"]);
    });

    it("refuses a bad tag and runs nothing", async () => {
        const transport = host();
        const box = await dialog("Change tag…");
        const input = within(box).getByRole("textbox");
        await userEvent.clear(input);
        await userEvent.type(input, "43;reboot");
        expect(helperText(box, "tag-dialog-error-text")).toBe("These characters are not allowed here: “;”.");
        await userEvent.click(within(box).getByRole("button", { name: "Change tag" }));
        expect(starts(transport)).toEqual([]);
    });

    it("a tracked name the page cannot vouch for is not rewritten into a switch", async () => {
        // bootc accepted it, but the new reference would not pass the grammar the page checks every switch with
        const transport = host(
            {}, { version: "1.14.1", spec: { image: { image: "quay.io/Fedora/os:42", transport: "registry" } } },
        );
        const box = await dialog("Change tag…");
        const input = within(box).getByRole("textbox");
        await userEvent.clear(input);
        await userEvent.type(input, "43");
        await waitFor(() => expect(box.querySelector("#tag-impossible")?.textContent).toContain("The tracked reference cannot take a tag. Use “Switch image” instead."));
        await userEvent.click(within(box).getByRole("button", { name: "Change tag" }));
        expect(starts(transport)).toEqual([]);
    });

    it("is offered only for registry images", async () => {
        host({}, { spec: { image: { image: "/var/tmp/os", transport: "oci" } } });
        await screen.findByRole("button", { name: "Switch image…" });
        expect(screen.queryByRole("button", { name: "Change tag…" })).toBeNull();
    });
});
