// SPDX-License-Identifier: LGPL-2.1-or-later
// The update dialog, the staged banner, the Updates card and the results of updates (a running operation
// is test/ui/running-operation.test.tsx).
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { STATUS_CHANGED_PATH } from "../../src/backend/commands";
import { START_SCRIPT } from "../../src/backend/operation-scripts";
import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, digestOf, imageStatus, statusJson } from "../fixtures/status-builder";

import { renderApp, renderHost, starts, STATUS } from "./render";
import type { HostOptions } from "./render";

const NEWER = imageStatus("quay.io/fedora/fedora-bootc:42", "42.newer", "2026-11-14T04:05:44Z", "newer");
const OP = "/run/cockpit-bootc/op";

function host(options: HostOptions = {}) {
    return renderHost({ status: statusJson({ booted: bootEntry({ cachedUpdate: NEWER }) }), ...options });
}

async function openDialog() {
    await userEvent.click(await screen.findByRole("button", { name: "Update…" }));
    return screen.findByRole("dialog");
}

describe("the update dialog", () => {
    it("names the target and stages it on the next reboot by default", async () => {
        const transport = host();
        const dialog = await openDialog();
        expect(dialog.textContent).toContain("Update to 42.newer");
        expect(dialog.querySelector(".ct-digest-short")?.getAttribute("data-digest"))
            .toBe((NEWER as { imageDigest: string }).imageDigest);
        expect((await screen.findByLabelText("Stage it; apply it on the next reboot") as HTMLInputElement).checked)
            .toBe(true);
        expect(screen.queryByText("Automatic updates are enabled")).toBeNull();
        await userEvent.click(screen.getByRole("button", { name: "Download and stage" }));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        expect(starts(transport)).toEqual([expect.objectContaining({
            argv: ["bootc", "upgrade", "--progress-fd=3"],
            kind: "update", reboots: false, downloadOnly: false, target: expect.objectContaining({ version: "42.newer" }),
        })]);
        expect(transport.restartsExpected).toBe(0);
    });

    it("reboot now, with a soft reboot if possible", async () => {
        const transport = host();
        await openDialog();
        await userEvent.click(await screen.findByLabelText("Stage it and reboot now"));
        await userEvent.click(screen.getByLabelText("Soft reboot if possible"));
        await userEvent.click(screen.getByRole("button", { name: "Update and reboot" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0]?.argv)
            .toEqual(["bootc", "upgrade", "--apply", "--soft-reboot=auto", "--progress-fd=3"]);
        expect(starts(transport)[0]).toMatchObject({ reboots: true, softReboot: true });
        // Cockpit is told before the reboot takes the connection
        expect(transport.restartsExpected).toBe(1);
    });

    it("download only: no soft reboot", async () => {
        const transport = host();
        await openDialog();
        await userEvent.click(screen.getByLabelText("Soft reboot if possible"));
        await userEvent.click(await screen.findByLabelText("Download only"));
        expect((screen.getByLabelText("Soft reboot if possible") as HTMLInputElement).disabled).toBe(true);
        await userEvent.click(screen.getByRole("button", { name: "Download" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0]?.argv).toEqual(["bootc", "upgrade", "--download-only", "--progress-fd=3"]);
    });

    it("warns that the automatic update timer applies a staged update and reboots", async () => {
        host({ facts: "timer enabled\nnextroot no\n" });
        await openDialog();
        expect((await screen.findByText("Automatic updates are enabled")).closest(".pf-v6-c-alert")?.textContent)
            .toContain("reboots the system");
    });

    it("offers only what this bootc can do", async () => {
        const transport = host({ version: "1.5.0" });
        await openDialog();
        await screen.findByLabelText("Stage it and reboot now");
        expect(screen.queryByLabelText("Download only")).toBeNull();
        expect(screen.queryByLabelText("Soft reboot if possible")).toBeNull();
        await userEvent.click(screen.getByRole("button", { name: "Download and stage" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        // --progress-fd since 1.1.4
        expect(starts(transport)[0]?.argv).toEqual(["bootc", "upgrade", "--progress-fd=3"]);
    });

    it("a refused start stays in the dialog with the reason", async () => {
        host({ start: exited("Another operation is running: bootc upgrade --check\n", 75) });
        await openDialog();
        await userEvent.click(await screen.findByRole("button", { name: "Download and stage" }));
        expect((await screen.findByText("The update could not start")).closest(".pf-v6-c-alert")?.textContent)
            .toContain("Another operation is running: bootc upgrade --check");
        expect(screen.getByRole("dialog")).toBeTruthy();
    });
});

describe("the staged banner", () => {
    const staged = (extra = {}) => statusJson({
        staged: bootEntry({ image: NEWER, ...extra }, "st"), booted: bootEntry({ cachedUpdate: NEWER }),
    });

    it("reboot to apply, confirmed, through systemctl", async () => {
        const transport = host({ status: staged() });
        expect((await screen.findByText("Reboot to apply 42.newer")).closest("#staged-banner")).not.toBeNull();
        expect(screen.queryByRole("button", { name: "Update…" })).toBeNull();
        await userEvent.click(screen.getByRole("button", { name: "Reboot now" }));
        const dialog = await screen.findByRole("dialog");
        expect(dialog.textContent).toContain("The system restarts into 42.newer");
        await userEvent.click(screen.getByRole("button", { name: "Reboot" }));
        await waitFor(() => expect(transport.callsOf("systemctl")).toHaveLength(1));
        expect(transport.callsOf("systemctl")[0]?.options).toEqual({ superuser: "require" });
        expect(transport.restartsExpected).toBe(1);
        await screen.findByText("The system is rebooting");
    });

    it("says when the reboot will be a soft one", async () => {
        host({ status: staged({ softRebootCapable: true }), facts: "timer enabled\nnextroot yes\n" });
        await screen.findByRole("button", { name: "Soft reboot now" });
        expect(screen.getByText(/will reboot into it at its next run/)).toBeTruthy();
    });

    it("download only: apply on the next reboot, or now after one confirmation (cancelled once)", async () => {
        const transport = host({ status: staged({ downloadOnly: true }) });
        await screen.findByText("Download only: 42.newer is staged but not applied on reboot");
        await userEvent.click(screen.getByRole("button", { name: "Apply on next reboot" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        // a reboot is never one click away: the same "Reboot now?" as every other, and Cancel does nothing
        await userEvent.click(screen.getByRole("button", { name: "Apply and reboot now…" }));
        let dialog = await screen.findByRole("dialog");
        expect(dialog.textContent).toContain("Reboot now?");
        expect(dialog.textContent).toContain("bootc applies the downloaded update 42.newer");
        await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        expect(starts(transport)).toHaveLength(1);
        await userEvent.click(screen.getByRole("button", { name: "Apply and reboot now…" }));
        dialog = await screen.findByRole("dialog");
        await userEvent.click(within(dialog).getByRole("button", { name: "Apply and reboot" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(2));
        expect(transport.callsOf("systemctl")).toHaveLength(0);
        expect(starts(transport).map(s => s.argv)).toEqual([
            ["bootc", "upgrade", "--from-downloaded"],
            ["bootc", "upgrade", "--from-downloaded", "--apply"],
        ]);
        expect(starts(transport)[1]).toMatchObject({ kind: "apply-downloaded", reboots: true });
    });
});

describe("the update state after a failed check", () => {
    function withFailedCheck(status: string) {
        const transport = new FakeTransport().on(STATUS, { stdout: status });
        transport.files.set("/run/cockpit-bootc/last-check/state", "exited 1 1763805600\n");
        transport.files.set("/run/cockpit-bootc/last-check/stderr", "error: Upgrading: Creating importer: read tcp 10.0.2.15:1->quay.io:443: i/o timeout\n");
        renderApp(transport);
    }

    it("never 'up to date'", async () => {
        withFailedCheck(statusJson({ booted: bootEntry() }));
        const title = await screen.findByText("Checking for updates failed");
        expect(title.closest("#update-status")?.textContent).toContain("i/o timeout");
        expect(screen.queryByText("Up to date")).toBeNull();
    });

    it("a staged update stays the headline, with the failure under it", async () => {
        withFailedCheck(statusJson({ staged: bootEntry({ image: NEWER }, "st"), booted: bootEntry() }));
        const title = await screen.findByText("Update staged: reboots into 42.newer");
        expect(title.closest("#update-status")?.querySelector("#update-check-failed")?.textContent)
            .toContain("The last check for updates failed");
    });
});

describe("actions the host refuses", () => {
    it("a check that cannot start says why, and the state stays as it was", async () => {
        host({
            status: statusJson({ booted: bootEntry() }),
            start: exited("Another operation is running: bootc upgrade\n", 75),
        });
        await userEvent.click(await screen.findByRole("button", { name: "Check for updates" }));
        const alert = (await screen.findByText("Could not check for updates")).closest("#updates-error") as HTMLElement;
        expect(alert.textContent).toContain("Another operation is running: bootc upgrade");
        expect(screen.getByText("Not checked yet")).toBeTruthy();
    });

    it("a reboot that fails stays in the dialog with systemctl's message", async () => {
        const transport = host({
            status: statusJson({ staged: bootEntry({ image: NEWER }, "st"), booted: bootEntry() }),
        });
        transport.on(["systemctl", "reboot"], exited("Failed to reboot system via logind: Access denied\n"));
        await userEvent.click(await screen.findByRole("button", { name: "Reboot now" }));
        await userEvent.click(await screen.findByRole("button", { name: "Reboot" }));
        const alert = (await screen.findByText("The system could not be rebooted"))
            .closest(".pf-v6-c-alert") as HTMLElement;
        expect(alert.textContent).toContain("Failed to reboot system via logind: Access denied");
        expect(screen.getByRole("dialog")).toBeTruthy();
        expect(screen.queryByText("The system is rebooting")).toBeNull();
    });

    it("an operation that stopped without a result says so", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        transport.writeRecord(
            OP,
            JSON.stringify({
                id: "op-1", kind: "update", argv: ["bootc", "upgrade"], startedAt: "2026-11-22T10:00:00Z",
            }),
        );
        transport.files.set(`${OP}/state`, "lost\n");
        renderApp(transport);
        expect(
            (await screen.findByText("The operation stopped without reporting a result"))
                .closest("#operation-result")?.getAttribute("data-outcome"),
        ).toBe("lost");
    });

    it("an operation stopped on the host (systemctl stop) names the signal, not a bootc failure", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind: "update", argv: [
                "bootc", "upgrade", "--progress-fd=3",
            ], startedAt: "2026-11-22T10:00:00Z",
            target: {
                image: "quay.io/fedora/fedora-bootc:42", transport: "registry", version: "42.1", digest: "sha256:ab",
            },
        }));
        transport.files.set(`${OP}/state`, "exited 143 1763805600\n");
        transport.files.set(`${OP}/signalled`, "TERM\n");
        renderApp(transport);
        const alert = (await screen.findByText("Stopped on the host: Downloading and staging 42.1"))
            .closest("#operation-result") as HTMLElement;
        expect(alert.getAttribute("data-outcome")).toBe("stopped");
        expect(alert.textContent).toContain("It was sent SIGTERM from outside this page, for example by “systemctl stop” or “kill”");
        expect(alert.textContent).not.toContain("exited with status 143");
    });
});

describe("what the Updates card says is what bootc said", () => {
    const checkMeta = (id = "check-1") => JSON.stringify({
        id, kind: "check", argv: ["bootc", "upgrade", "--check"], startedAt: "2026-11-22T10:00:00Z",
        target: { image: "quay.io/fedora/fedora-bootc:42", transport: "registry", version: null, digest: null },
    });

    it("nothing checked yet: not 'up to date'", async () => {
        host({ status: statusJson({ booted: bootEntry() }) });
        const title = await screen.findByText("Not checked yet");
        expect(title.closest("#update-status")?.getAttribute("data-state")).toBe("not-checked");
        expect(screen.queryByText("Up to date")).toBeNull();
        // the check is what the card offers
        expect(screen.getByRole("button", { name: "Check for updates" }).className).toContain("pf-m-primary");
    });

    it("a check that ends shows 'checking' until status shows what it found: no 'up to date' in between", async () => {
        let answer!: (stdout: string) => void;
        const later = new Promise<string>(resolve => {
            answer = resolve;
        });
        const before = { stdout: statusJson({ booted: bootEntry() }) };
        const transport = new FakeTransport().on(STATUS, before, { deferred: later });
        renderApp(transport);
        await screen.findByText("Not checked yet");
        // a check starts (from another tab)
        transport.files.set(`${OP}/state`, "running 7\n");
        await act(async () => {
            transport.announceRecord(OP, checkMeta());
        });
        await screen.findByText("Checking for updates…");
        // bootc found the update and cached it; status is being read again
        transport.files.set(`${OP}/stdout`, `Update available for: docker://quay.io/fedora/fedora-bootc:42\n  Version: 42.newer\n  Digest: ${(NEWER as { imageDigest: string }).imageDigest}\n`);
        await act(async () => {
            transport.setFile(`${OP}/state`, "exited 0 1763805600\n");
        });
        await waitFor(() => expect(transport.callsOf("bootc", "status")).toHaveLength(2));
        expect(screen.getByText("Checking for updates…")).toBeTruthy();
        expect(screen.queryByText("Up to date")).toBeNull();
        expect(screen.queryByText("Not checked yet")).toBeNull();
        await act(async () => answer(statusJson({ booted: bootEntry({ cachedUpdate: NEWER }) })));
        expect(await screen.findByText(/^Update available: 42\.newer/)).toBeTruthy();
    });

    it("from the click on, 'checking' until the check is followed: a status read meanwhile does not show its result first", async () => {
        let started!: (stdout: string) => void;
        const startAnswer = new Promise<string>(resolve => {
            started = resolve;
        });
        const transport = new FakeTransport()
            .on(STATUS, { stdout: statusJson({ booted: bootEntry() }) })
            .on(["bootc", "--version"], { stdout: "bootc 1.16.9\n" });
        transport.scriptHandler = text => (text === START_SCRIPT ? { deferred: startAnswer } : undefined);
        renderApp(transport);
        await screen.findByText("Not checked yet");
        await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
        expect(screen.getByText("Checking for updates…")).toBeTruthy();

        // bootc already cached what it found, and a status read (the deployment changed) shows it
        // before start-operation.sh has answered and before the page follows the check
        transport.on(STATUS, { stdout: statusJson({ booted: bootEntry({ cachedUpdate: NEWER }) }) });
        await act(async () => transport.fireChange(STATUS_CHANGED_PATH));
        await waitFor(() => expect(transport.callsOf("bootc", "status")).toHaveLength(2));
        await act(async () => started("check-2\n"));
        expect(screen.getByText("Checking for updates…")).toBeTruthy();
        expect(screen.queryByText(/Update available/)).toBeNull();

        // the page follows it: its end is what shows the result
        transport.files.set(`${OP}/state`, "running 7\n");
        await act(async () => transport.announceRecord(OP, checkMeta("check-2")));
        expect(screen.getByText("Checking for updates…")).toBeTruthy();
        transport.files.set(`${OP}/stdout`, `Update available for: docker://quay.io/fedora/fedora-bootc:42\n  Version: 42.newer\n  Digest: ${(NEWER as { imageDigest: string }).imageDigest}\n`);
        await act(async () => transport.setFile(`${OP}/state`, "exited 0 1763805600\n"));
        expect(await screen.findByText(/^Update available: 42\.newer/)).toBeTruthy();
        expect(screen.queryByText("Checking for updates…")).toBeNull();
    });

    it("after a switch, the cache of the image booted from is no update of the one tracked now", async () => {
        const forty3 = imageStatus("quay.io/fedora/fedora-bootc:43", "43.20261119.0", "2026-11-19T08:00:00Z", "f43");
        renderHost({
            status: statusJson(
                { booted: bootEntry({ cachedUpdate: NEWER }), staged: bootEntry({ image: forty3 }, "f43") },
                { image: { image: "quay.io/fedora/fedora-bootc:43", transport: "registry" } },
            ),
        });
        const title = await screen.findByText("Update staged: reboots into 43.20261119.0");
        expect(title.closest("#update-status")?.getAttribute("data-state")).toBe("staged");
        expect(screen.queryByText(/Update available/)).toBeNull();
        expect(screen.queryByRole("button", { name: "Update…" })).toBeNull();
    });

    it("composefs: a check that printed only the layer diff found an update, and Update… is offered", async () => {
        const composefs = {
            verity: "ab12".repeat(32), bootType: "Bls", bootloader: "systemd", bootDigest: null,
            missingVerityAllowed: false,
        };
        const transport = new FakeTransport()
            .on(STATUS, { stdout: statusJson({ booted: bootEntry({ composefs, ostree: null, store: null }) }) })
            .on(["bootc", "--version"], { stdout: "bootc 1.16.9\n" });
        transport.files.set("/run/cockpit-bootc/last-check/meta.json", checkMeta());
        transport.files.set("/run/cockpit-bootc/last-check/state", "exited 0 1763805600\n");
        transport.files.set("/run/cockpit-bootc/last-check/stdout", "Total new layers: 65    Size: 1.1 GB\nRemoved layers:   3     Size: 412.5 MB\nAdded layers:     3     Size: 420.1 MB\n");
        renderApp(transport);
        const title = await screen.findByText("Update available: a newer build");
        const status = title.closest("#update-status") as HTMLElement;
        expect(status.querySelector("#update-unnamed")?.textContent)
            .toContain("does not name it before it is downloaded");
        expect(status.querySelector("#update-download-size")?.textContent)
            .toBe("About 420.1 MB to download (3 new of 65 layers)");
        const dialog = await openDialog();
        expect(dialog.textContent).toContain("Update to a newer build");
        expect(dialog.querySelector("#update-dialog-version")?.textContent).toBe("not known before it is downloaded");
    });

    it("a failed check: the cause and its advice, as for a failed update (403)", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        transport.files.set("/run/cockpit-bootc/last-check/meta.json", checkMeta());
        transport.files.set("/run/cockpit-bootc/last-check/state", "exited 1 1763805600\n");
        transport.files.set("/run/cockpit-bootc/last-check/stderr", "error: Upgrading: Creating importer: failed to invoke method OpenImage: initializing source docker://quay.io/fedora/fedora-bootc:42: Requesting bearer token: invalid status code from registry 403 (Forbidden)\n");
        renderApp(transport);
        const status = (await screen.findByText("Checking for updates failed"))
            .closest("#update-status") as HTMLElement;
        expect(status.querySelector(".ct-check-cause")?.getAttribute("data-cause")).toBe("auth");
        expect(status.textContent).toContain("/etc/ostree/auth.json");
    });
});

describe("the result says what bootc did", () => {
    function finished(
        kind: string, stdout: string, stderr: string, status: string, extra: Record<string, unknown> = {},
    ) {
        const transport = new FakeTransport().on(STATUS, { stdout: status });
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind, argv: ["bootc", "upgrade", "--progress-fd=3"], startedAt: "2026-11-22T10:00:00Z",
            target: {
                image: "quay.io/fedora/fedora-bootc:42", transport: "registry", version: "42.newer", digest: null,
            },
            ...extra,
        }));
        transport.files.set(`${OP}/state`, `exited ${stderr ? 1 : 0} 1763805600\n`);
        transport.files.set(`${OP}/stdout`, stdout);
        transport.files.set(`${OP}/stderr`, stderr);
        renderApp(transport);
        return transport;
    }

    it("an update that found the staged one already there: 'no changes', with what is staged", async () => {
        const staged = imageStatus("quay.io/fedora/fedora-bootc:42", "42.staged", null, "st");
        finished("update", "No changes in quay.io/fedora/fedora-bootc:42 => sha256:ab\nStaged update present, not changed\n", "",
            statusJson({ staged: bootEntry({ image: staged }, "st"), booted: bootEntry() }));
        const alert = (await screen.findByText("No changes: 42.staged was already staged"))
            .closest("#operation-result") as HTMLElement;
        expect(alert.getAttribute("data-result")).toBe("not-staged");
        expect(alert.className).toContain("pf-m-info");
        expect(screen.queryByText("42.newer is staged")).toBeNull();
    });

    it("the version bootc queued, not the one the dialog asked for", async () => {
        const staged = imageStatus("quay.io/fedora/fedora-bootc:42", "42.newest", null, "newest");
        finished("update", `Queued for next boot: quay.io/fedora/fedora-bootc:42\n  Version: 42.newest\n  Digest: ${(staged as { imageDigest: string }).imageDigest}\n`, "",
            statusJson({ staged: bootEntry({ image: staged }, "newest"), booted: bootEntry() }));
        expect(await screen.findByText("42.newest is staged")).toBeTruthy();
    });

    it("a bound image that could not be pulled after staging: staged, and which image failed", async () => {
        const next = imageStatus("quay.io/fedora/fedora-bootc:42", "42.next", null, "next");
        const stderr = "Fetching bound image: quay.io/curl/curl:latest...done (1 second)\nerror: Upgrading: Staging: Pulling bound images: Pulling bound images: Failed to pull image: Subprocess failed: ExitStatus(unix_wait_status(32000))\nError: initializing source docker://quay.io/curl/curl:latest: reading manifest latest in quay.io/curl/curl: unauthorized: access to the requested resource is not authorized\n";
        finished("update", "", stderr, statusJson({
            staged: bootEntry({ image: next }, "next"), booted: bootEntry(),
        }), {
            before: { booted: digestOf("booted"), staged: null, stagedDownloadOnly: false, rollbackQueued: false },
        });
        const alert = (await screen.findByText("The bound images could not be pulled"))
            .closest("#operation-result") as HTMLElement;
        expect(alert.getAttribute("data-cause")).toBe("bound-images");
        expect(alert.querySelector("#operation-change")?.textContent).toBe("42.next is staged, but its bound image quay.io/curl/curl:latest could not be pulled.");
        expect(alert.textContent).not.toContain("Nothing was staged");
    });
});
