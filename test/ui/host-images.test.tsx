// SPDX-License-Identifier: LGPL-2.1-or-later
// The host images card and "Copy to container storage…": what is listed, what the dialog refuses before
// anything runs, what it runs, and how the copy shows while it runs and once it is done.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, imageStatus, statusJson } from "../fixtures/status-builder";

import { renderApp, starts, STATUS, VERSION } from "./render";

const OP = "/run/cockpit-bootc/op";
const HOST_LIST = ["bootc", "image", "list", "--type=host", "--format=json"];
const DIGEST = `sha256:${"cd".repeat(32)}`;

function listing(...images: string[]): { stdout: string } {
    return { stdout: JSON.stringify(images.map(image => ({ image_type: "host", image })), null, 2) };
}

const BOOTED_AND_41 = statusJson({
    booted: bootEntry(),
    rollback: bootEntry({ image: imageStatus("quay.io/fedora/fedora-bootc:41", "41.9", null) }, "rb"),
});

interface HostOptions {
    /** how start-operation.sh answers */
    start?: ReturnType<typeof exited>;
    status?: string;
}

function host(list: { stdout: string } | ReturnType<typeof exited>, options: HostOptions = {}): FakeTransport {
    const { start, status = BOOTED_AND_41 } = options;
    const transport = new FakeTransport()
        .on(STATUS, { stdout: status })
        .on(VERSION, { stdout: "bootc 1.16.9\n" })
        .on(["bootc", "image", "list", "--type=logical", "--format=json"], { stdout: "[]" })
        .on(HOST_LIST, list)
        .on(["bootc", "image", "cmd", "list", "--format=json"], { stdout: "[]" });
    transport.scriptHandler = (text, args) => (text.includes("start-operation") ? start ?? {
        stdout: `${args[1]}\n`,
    } : undefined);
    renderApp(transport);
    return transport;
}

async function rows(): Promise<HTMLElement[]> {
    await waitFor(() => expect(document.querySelector("#host-images-table")).not.toBeNull());
    return [...document.querySelectorAll<HTMLElement>("#host-images-table tr.ct-host-image-row")];
}

async function openCopy(row: HTMLElement | undefined): Promise<HTMLElement> {
    await userEvent.click(within(row as HTMLElement).getByRole("button", { name: "Copy to container storage…" }));
    return screen.findByRole("dialog");
}

function meta(overrides: Record<string, unknown>): string {
    return JSON.stringify({
        id: "op-1",
        kind: "copy-to-storage",
        argv: [
            "bootc", "image", "copy-to-storage", "--source=docker://quay.io/fedora/fedora-bootc:41",
            "--target=localhost/old-os",
        ],
        startedAt: "2026-11-22T10:00:00Z",
        target: { image: "quay.io/fedora/fedora-bootc:41", transport: "registry", version: "41.9", digest: null },
        destination: "localhost/old-os",
        ...overrides,
    });
}

describe("host images", () => {
    it("bootc 1.16's \"unified\" entries are its container storage, listed apart and once; not OS images", async () => {
        const entries = [
            { image_type: "host", image: "docker://quay.io/fedora/fedora-bootc:42" },
            { image_type: "host", image: "docker://quay.io/fedora/fedora-bootc:42" },
            { image_type: "unified", image: "quay.io/curl/curl:latest" },
            { image_type: "unified", image: "quay.io/curl/curl:latest" },
            { image_type: "unified", image: "registry.example.com/tools:1" },
        ];
        const transport = new FakeTransport()
            .on(STATUS, { stdout: BOOTED_AND_41 })
            .on(VERSION, { stdout: "bootc 1.16.9\n" })
            .on(["bootc", "image", "list", "--type=logical", "--format=json"], {
                stdout: JSON.stringify([{ image_type: "logical", image: "quay.io/curl/curl:latest" }]),
            })
            .on(HOST_LIST, { stdout: JSON.stringify(entries) })
            .on(["bootc", "image", "cmd", "list", "--format=json"], { stdout: "[]" });
        renderApp(transport);
        const table = await rows();
        expect(table.map(row => row.getAttribute("data-image"))).toEqual(["docker://quay.io/fedora/fedora-bootc:42"]);
        expect(document.querySelector(".ct-host-image-unknown")).toBeNull();
        const storage = [...document.querySelectorAll<HTMLElement>("#host-images-bootc-storage li")];
        expect(storage.map(li => li.textContent)).toEqual([
            "quay.io/curl/curl:latest · bound image", "registry.example.com/tools:1",
        ]);
    });

    it("each image with the deployments made from it; a reference the page does not understand gets no action", async () => {
        host(
            listing(
                "docker://quay.io/fedora/fedora-bootc:42", "docker://quay.io/fedora/fedora-bootc:41",
                "docker://quay.io/fedora/fedora-bootc:40", "ostree-remote-image:fedora:docker://x",
            ),
        );
        const [booted, rollback, unused, odd] = await rows();
        expect(booted?.textContent).toContain("quay.io/fedora/fedora-bootc:42");
        expect(
            [...booted?.querySelectorAll(".ct-host-image-use") ?? []]
                .map(e => [e.getAttribute("data-role"), e.textContent]),
        ).toEqual([["booted", "Booted 42.booted"]]);
        expect(rollback?.querySelector(".ct-host-image-use")?.textContent).toBe("Rollback 41.9");
        expect(unused?.textContent).toContain("No deployment");
        expect(odd?.textContent).toContain("The page does not understand this reference");
        expect(
            within(odd as HTMLElement).getByRole("button", { name: "Copy to container storage…" })
                .hasAttribute("disabled"),
        ).toBe(true);
    });

    it("bootc's refusal to list them", async () => {
        host(exited("error: Listing host images requires a booted bootc system\n"));
        expect(
            (await screen.findByText("bootc cannot list the host images")).closest("#host-images-error")?.textContent,
        )
            .toContain("Listing host images requires a booted bootc system");
    });

    it("says so when the repository holds none", async () => {
        host(listing());
        expect((await screen.findByText("The ostree repository holds no container images.")).id)
            .toBe("host-images-none");
    });
});

describe("copy to container storage", () => {
    it("copies under bootc's default name unless another is given; both go to bootc as single arguments", async () => {
        const transport = host(
            listing("docker://quay.io/fedora/fedora-bootc:42", "docker://quay.io/fedora/fedora-bootc:41"),
        );
        const [, rollback] = await rows();
        const box = await openCopy(rollback);
        expect(box.textContent).toContain("quay.io/fedora/fedora-bootc:41");
        const input = within(box).getByLabelText(/Name in container storage/) as HTMLInputElement;
        expect(input.value).toBe("localhost/bootc");
        await userEvent.clear(input);
        await userEvent.type(input, "localhost/old-os:41");
        await userEvent.click(within(box).getByRole("button", { name: "Copy" }));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        expect(starts(transport)).toEqual([expect.objectContaining({
            argv: [
                "bootc", "image", "copy-to-storage", "--source=docker://quay.io/fedora/fedora-bootc:41",
                "--target=localhost/old-os:41",
            ],
            kind: "copy-to-storage", destination: "localhost/old-os:41", target: expect.objectContaining({
                version: "41.9",
            }),
        })]);
    });

    it("several deployments from one name: which image bootc copies is said, not guessed", async () => {
        const transport = host(listing("docker://quay.io/fedora/fedora-bootc:42"), {
            status: statusJson({
                staged: bootEntry(
                    { image: imageStatus("quay.io/fedora/fedora-bootc:42", "42.next", null, "next") }, "st",
                ),
                booted: bootEntry(),
            }),
        });
        const [row] = await rows();
        expect([...row?.querySelectorAll(".ct-host-image-use") ?? []].map(e => e.textContent))
            .toEqual(["Staged 42.next", "Booted 42.booted"]);
        const box = await openCopy(row);
        expect(box.querySelector("#copy-dialog-several")?.textContent)
            .toContain("bootc copies the image it pulled last under this name");
        await userEvent.click(within(box).getByRole("button", { name: "Copy" }));
        await waitFor(() => expect(starts(transport)).toHaveLength(1));
        expect(starts(transport)[0])
            .toMatchObject({ target: { image: "quay.io/fedora/fedora-bootc:42", version: null, digest: null } });
    });

    it.each([
        ["", "Enter a name for the image, for example localhost/bootc."],
        ["containers-storage:localhost/x", "Leave out “containers-storage:”: the copy always goes to podman's container storage."],
        ["localhost/x; reboot", "It contains a space. Image references and tags have no spaces."],
        ["--help", "It starts with “-”, which bootc would read as an option."],
        ["localhost/My-OS", "Repository names are lowercase: “My-OS”."],
        ["localhost/x:$(id)", "These characters are not allowed here: “$” “(” “)”."],
    ])("refuses %j before anything runs", async (name, message) => {
        const transport = host(listing("docker://quay.io/fedora/fedora-bootc:42"));
        const [booted] = await rows();
        const box = await openCopy(booted);
        const input = within(box).getByLabelText(/Name in container storage/);
        await userEvent.clear(input);
        if (name)
            await userEvent.type(input, name);
        const error = box.querySelector("#copy-dialog-target-error")?.cloneNode(true) as HTMLElement | undefined;
        error?.querySelectorAll(".pf-v6-screen-reader").forEach(node => node.remove());
        expect(error?.textContent).toBe(message);
        expect(within(box).getByRole("button", { name: "Copy" }).hasAttribute("disabled")).toBe(true);
        await userEvent.type(input, "{Enter}");
        expect(starts(transport)).toEqual([]);
        expect(screen.getByRole("dialog")).toBeTruthy();
    });

    it("a refusal to start stays in the dialog", async () => {
        host(
            listing("docker://quay.io/fedora/fedora-bootc:42"),
            { start: exited("Another operation is running: bootc upgrade\n", 75) },
        );
        const [booted] = await rows();
        const box = await openCopy(booted);
        await userEvent.click(within(box).getByRole("button", { name: "Copy" }));
        expect((await within(box).findByText("The copy could not start")).closest(".pf-v6-c-alert")?.textContent)
            .toContain("Another operation is running");
    });

    it("while it runs: what bootc prints last, no cancel, and bootc status waits for it", async () => {
        const transport = new FakeTransport()
            .on(STATUS, { hang: true }, { stdout: statusJson({ booted: bootEntry() }) });
        transport.writeRecord(OP, meta({}));
        transport.files.set(`${OP}/state`, "running 42\n");
        renderApp(transport);
        const card = (await screen.findByText("Copying quay.io/fedora/fedora-bootc:41 (41.9) to container storage as localhost/old-os")).closest("#operation") as HTMLElement;
        expect(card.getAttribute("data-operation")).toBe("copy-to-storage");
        expect(card.textContent).toContain("bootc is exporting the image from the ostree repository into podman's storage.");
        await act(async () => {
            transport.setFile(`${OP}/stdout`, "Copying local image docker://quay.io/fedora/fedora-bootc:41 to containers-storage:localhost/old-os ...\nGetting image source signatures\nCopying blob 3f1a2b4c5d6e done\n");
        });
        expect(card.querySelector("#operation-output")?.textContent).toBe("bootc: Copying blob 3f1a2b4c5d6e done");
        expect(within(card).queryByRole("button", { name: "Cancel" })).toBeNull();
        // the one asked for on load, before the record was read, was closed
        expect(transport.openCallsOf("bootc", "status")).toHaveLength(0);
    });

    it("once done: the name and digest in podman's storage, and how to use it", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        transport.writeRecord(OP, meta({}));
        transport.files.set(`${OP}/state`, "exited 0 1763805600\n");
        transport.files.set(`${OP}/stdout`, `Copying local image docker://quay.io/fedora/fedora-bootc:41 to containers-storage:localhost/old-os ...\nPushed: containers-storage:localhost/old-os ${DIGEST}\n`);
        renderApp(transport);
        const alert = (await screen.findByText(`Copied quay.io/fedora/fedora-bootc:41 (41.9) to container storage as localhost/old-os (${DIGEST.slice(7, 19)})`)).closest("#operation-result") as HTMLElement;
        expect(alert.getAttribute("data-outcome")).toBe("succeeded");
        expect(alert.querySelector("#operation-usage")?.textContent)
            .toContain("podman run --rm -it localhost/old-os /bin/bash");
    });

    it("an image bootc pruned meanwhile: says so, and that the deployments are not affected", async () => {
        const transport = new FakeTransport().on(STATUS, { stdout: statusJson({ booted: bootEntry() }) });
        transport.writeRecord(OP, meta({}));
        transport.files.set(`${OP}/state`, "exited 1 1763805600\n");
        transport.files.set(`${OP}/stderr`, "error: No such image\n");
        renderApp(transport);
        const alert = (await screen.findByText("The image was not found")).closest("#operation-result") as HTMLElement;
        expect(alert.getAttribute("data-cause")).toBe("not-found");
        expect(alert.textContent).toContain("No such image");
        expect(alert.textContent).toContain("bootc prunes images that no deployment uses");
        expect(alert.textContent).toContain("The deployments are not affected.");
    });
});
