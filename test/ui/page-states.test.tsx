// SPDX-License-Identifier: LGPL-2.1-or-later
// Every state the page can be in has its own message: never a blank page.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { TransportError } from "../../src/backend/transport";
import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, statusJson } from "../fixtures/status-builder";

import { renderApp, STATUS, VERSION } from "./render";

const READY = { stdout: statusJson({ booted: bootEntry() }) };

/** What Cockpit answers a superuser spawn without administrative access. */
function denied(): TransportError {
    return new TransportError("access-denied", "Not permitted to perform this action.", { problem: "access-denied" });
}

test("loading, then the host", async () => {
    let answer!: (stdout: string) => void;
    const transport = new FakeTransport().on(STATUS, { deferred: new Promise<string>(r => { answer = r; }) });
    const { container } = renderApp(transport);
    expect(container.querySelector("#state-loading")).not.toBeNull();
    expect(screen.getByText("Reading the bootc status of this system")).toBeTruthy();
    await act(async () => answer(READY.stdout));
    expect(await screen.findByText("Deployments", { selector: "h2 *, h2" })).toBeTruthy();
    expect(container.querySelector("#state-loading")).toBeNull();
});

test("not a bootc host: status exits 0 with booted: null", async () => {
    const transport = new FakeTransport()
        .on(STATUS, { stdout: statusJson({ booted: null, type: null }, { image: null }) });
    const { container } = renderApp(transport);
    expect(await screen.findByText("This system is not deployed with bootc")).toBeTruthy();
    expect(container.querySelector("#deployments-table")).toBeNull();
});

test("bootc not installed", async () => {
    const transport = new FakeTransport()
        .on(STATUS, { error: new TransportError("not-found", "not-found", { problem: "not-found" }) });
    renderApp(transport);
    expect(await screen.findByText("bootc is not installed")).toBeTruthy();
});

test("administrative access needed, and the page reacts when it is granted", async () => {
    const transport = new FakeTransport().on(STATUS, { error: denied() }, READY);
    const { container } = renderApp(transport);
    expect(await screen.findByText("Administrative access is required")).toBeTruthy();
    expect(screen.getByText(/Limited access/)).toBeTruthy();
    act(() => transport.firePrivilegesChanged());
    await waitFor(() => expect(container.querySelector("#deployments-table")).not.toBeNull());
});

test("dropping administrative access replaces the host with the message", async () => {
    const transport = new FakeTransport().on(STATUS, READY, { error: denied() });
    const { container } = renderApp(transport);
    await waitFor(() => expect(container.querySelector("#deployments-table")).not.toBeNull());
    act(() => transport.firePrivilegesChanged());
    expect(await screen.findByText("Administrative access is required")).toBeTruthy();
    expect(container.querySelector("#deployments-table")).toBeNull();
    expect(container.querySelector("#notice-stale")).toBeNull();
});

test("administrative access needed, as bootc itself says it", async () => {
    const transport = new FakeTransport().on(STATUS, exited("error: Status: Preparing for write: Querying root privilege: This command must be executed as the root user\n"));
    renderApp(transport);
    expect(await screen.findByText("Administrative access is required")).toBeTruthy();
    expect(screen.getByText("bootc said: This command must be executed as the root user")).toBeTruthy();
});

test("bootc failed: the cause, and its full text on demand; try again", async () => {
    const stderr = "error: Status: Rollback deployment: Reading deployment metadata: Missing base image ref ostree/container/image/docker/quay.io/x\n";
    const transport = new FakeTransport().on(STATUS, exited(stderr), READY);
    const { container } = renderApp(transport);
    expect(await screen.findByText("bootc could not report the system status")).toBeTruthy();
    expect(screen.getByText("Missing base image ref ostree/container/image/docker/quay.io/x")).toBeTruthy();
    expect(screen.queryByText(/Reading deployment metadata/)).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Show bootc's full error output" }));
    expect(screen.getByText(/Rollback deployment: Reading deployment metadata/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(container.querySelector("#deployments-table")).not.toBeNull());
});

test("while trying again, the button shows it is busy", async () => {
    let answer!: (stdout: string) => void;
    const later = new Promise<string>(r => {
        answer = r;
    });
    const transport = new FakeTransport().on(STATUS, exited("error: Status: boom\n"), { deferred: later });
    const { container } = renderApp(transport);
    const button = await screen.findByRole("button", { name: "Try again" });
    await userEvent.click(button);
    await waitFor(() => expect((screen.getByRole("button", { name: /Try again/ }) as HTMLButtonElement).disabled).toBe(true));
    await act(async () => answer(READY.stdout));
    await waitFor(() => expect(container.querySelector("#deployments-table")).not.toBeNull());
});

test("output not understood: what was wrong, and bootc's version", async () => {
    const transport = new FakeTransport()
        .on(STATUS, { stdout: statusJson({ booted: bootEntry({ pinned: "yes" }) }) })
        .on(VERSION, { stdout: "bootc 1.99.0\n" });
    renderApp(transport);
    expect(await screen.findByText("bootc's answer was not understood")).toBeTruthy();
    expect(screen.getByText(/printed something that is not a bootc host status/)).toBeTruthy();
    expect(screen.getByText(/^status\.booted\.pinned: /)).toBeTruthy();
    expect(screen.getByText("bootc version: bootc 1.99.0")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Show what bootc printed" }));
    expect(screen.getByText(/"pinned":"yes"/)).toBeTruthy();
});

test("bootc busy: says another operation runs, then shows the host when it ends", async () => {
    const transport = new FakeTransport().on(STATUS, { hang: true }, READY);
    const { container } = renderApp(transport, 30);
    expect(await screen.findByText("Another bootc operation is running")).toBeTruthy();
    act(() => transport.fireChange("/ostree/bootc"));
    await waitFor(() => expect(container.querySelector("#deployments-table")).not.toBeNull());
});

test("connection lost", async () => {
    const transport = new FakeTransport().on(
        STATUS,
        { error: new TransportError("disconnected", "Server has closed the connection.", { problem: "disconnected" }) },
    );
    renderApp(transport);
    expect(await screen.findByText("The connection to the system failed")).toBeTruthy();
    expect(screen.getByText("Server has closed the connection.")).toBeTruthy();
});

test("a refresh that fails keeps the host on screen with a notice", async () => {
    const transport = new FakeTransport().on(STATUS, READY, exited("error: Status: something broke\n"));
    const { container } = renderApp(transport);
    await waitFor(() => expect(container.querySelector("#deployments-table")).not.toBeNull());
    act(() => transport.fireChange("/ostree/bootc"));
    const notice = await waitFor(() => {
        const element = container.querySelector("#notice-stale");
        expect(element).not.toBeNull();
        return element as HTMLElement;
    });
    expect(within(notice).getByText("The status could not be refreshed")).toBeTruthy();
    expect(within(notice).getByText("something broke")).toBeTruthy();
    expect(container.querySelector("#deployments-table")).not.toBeNull();
});
