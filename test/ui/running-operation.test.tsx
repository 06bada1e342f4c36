// SPDX-License-Identifier: LGPL-2.1-or-later
// A long operation while it runs, whoever started it: status held back until it ends, its progress
// (bytes and layers, or a spinner where bootc gives no size), and a failure's banner.
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { FakeTransport } from "../fakes/fake-transport";
import { bootEntry, imageStatus, statusJson } from "../fixtures/status-builder";

import { renderApp, STATUS } from "./render";

const NEWER = imageStatus("quay.io/fedora/fedora-bootc:42", "42.newer", "2026-11-14T04:05:44Z", "newer");
const OP = "/run/cockpit-bootc/op";

describe("a running operation", () => {
    it("holds bootc status back until it ends, then reads it", async () => {
        // status waits for the lock while the update holds it: the page closes the one it asked for at once
        const transport = new FakeTransport()
            .on(STATUS, { hang: true }, { stdout: statusJson({ booted: bootEntry({ cachedUpdate: NEWER }) }) });
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind: "update", argv: [
                "bootc", "upgrade", "--progress-fd=3",
            ], startedAt: "2026-11-22T10:00:00Z",
            target: {
                image: "quay.io/fedora/fedora-bootc:42", transport: "registry", version: "42.newer", digest: null,
            },
        }));
        transport.files.set(`${OP}/state`, "running 42\n");
        renderApp(transport);
        expect(await screen.findByText("Downloading and staging 42.newer")).toBeTruthy();
        await act(async () => {
            transport.appendFile(`${OP}/progress.jsonl`, `${JSON.stringify({
                type: "ProgressBytes", task: "pulling", description: "Pulling Image: sha256:ab", id: "sha256:ab",
                bytesCached: 0, bytes: 50_000_000, bytesTotal: 200_000_000, stepsCached: 6, steps: 1, stepsTotal: 5,
                subtasks: [],
            })}\n`);
        });
        const bar = await screen.findByRole("progressbar");
        expect(bar.getAttribute("aria-valuenow")).toBe(String(Math.round(0.85 * 25)));
        expect(screen.getByText("50 MB of 200 MB")).toBeTruthy();
        expect(screen.getByText("Layers: 1 of 5 · 6 already present")).toBeTruthy();
        expect(transport.callsOf("bootc", "status")).toHaveLength(1);
        expect(transport.openCallsOf("bootc", "status")).toHaveLength(0);

        transport.files.set(`${OP}/stdout`, "Queued for next boot: quay.io/fedora/fedora-bootc:42\n");
        await act(async () => {
            transport.setFile(`${OP}/state`, "exited 0 1763805600\n");
        });
        await screen.findByText("42.newer is staged");
        await waitFor(() => expect(transport.openCallsOf("bootc", "status")).toHaveLength(1));
    });

    it("composefs: a pull bootc cannot size shows the layers and a spinner, not a bar that stops", async () => {
        const transport = new FakeTransport()
            .on(STATUS, { stdout: statusJson({ booted: bootEntry({ cachedUpdate: NEWER }) }) });
        transport.writeRecord(OP, JSON.stringify({
            id: "op-1", kind: "update", argv: ["bootc", "upgrade", "--progress-fd=3"],
            startedAt: "2026-11-22T10:00:00Z",
        }));
        transport.files.set(`${OP}/state`, "running 42\n");
        renderApp(transport);
        const layer = (bytes: number, steps: number) => JSON.stringify({
            type: "ProgressBytes", task: "pulling", description: "Pulling composefs image", id: "composefs-pull",
            bytesCached: 0, bytes, bytesTotal: bytes === 0 ? 0 : 40_000_000, stepsCached: 2, steps, stepsTotal: 0,
            subtasks: bytes === 0 ? [] : [{
                subtask: "composefs_layer", description: "Layer: sha256:a1a1a1a1a1a1a", id: "sha256:a1",
                bytesCached: 0, bytes, bytesTotal: 40_000_000,
            }],
        });
        await act(async () => {
            transport.appendFile(`${OP}/progress.jsonl`, `${layer(20_000_000, 1)}\n`);
        });
        expect(await screen.findByText("This layer: 20 MB of 40 MB")).toBeTruthy();
        expect(screen.getByText("Layers downloaded: 1 · 2 already present")).toBeTruthy();
        expect(screen.queryByRole("progressbar", { name: /Downloading/ })).toBeNull();
        expect(screen.getByText("Downloading and deploying")).toBeTruthy();
        // the layer finished: its bytes are gone from the event, and the page moves on with it
        await act(async () => {
            transport.appendFile(`${OP}/progress.jsonl`, `${layer(0, 2)}\n`);
        });
        expect(await screen.findByText("Layers downloaded: 2 · 2 already present")).toBeTruthy();
        expect(screen.queryByText(/This layer/)).toBeNull();
    });

    it("a failed update: bootc's message, the cause, the full text on demand; dismissing it", async () => {
        const transport = new FakeTransport()
            .on(STATUS, { stdout: statusJson({ booted: bootEntry({ cachedUpdate: NEWER }) }) });
        transport.scriptHandler = () => ({ stdout: "" });
        transport.writeRecord(
            OP,
            JSON.stringify({
                id: "op-1", kind: "update", argv: ["bootc", "upgrade"], startedAt: "2026-11-22T10:00:00Z",
            }),
        );
        transport.files.set(`${OP}/state`, "exited 1 1763805600\n");
        transport.files.set(`${OP}/stderr`, "error: Upgrading: Creating importer: failed to invoke method OpenImage: reading manifest 42 in quay.io/fedora/fedora-bootc: unauthorized: access to the requested resource is not authorized\n");
        renderApp(transport);
        const title = await screen.findByText("The registry refused access to the image");
        const alert = title.closest("#operation-result") as HTMLElement;
        expect(alert.textContent).toContain("access to the requested resource is not authorized");
        expect(alert.textContent).toContain("/etc/ostree/auth.json");
        await userEvent.click(screen.getByRole("button", { name: "Show the full error" }));
        expect(alert.querySelector("pre")?.textContent).toContain("error: Upgrading: Creating importer");
        await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
        await waitFor(
            () => expect(transport.calls.some(call => call.argv.slice(-2).join(" ") === "op-1 dismiss")).toBe(true),
        );
    });
});
