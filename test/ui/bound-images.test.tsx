// SPDX-License-Identifier: LGPL-2.1-or-later
// The bound images card: what the booted OS declares, whether it is stored, what bootc would refuse,
// and what the staged deployment changes.
import { act, screen, waitFor } from "@testing-library/react";

import BOUND_IMAGES_SCRIPT from "../../src/backend/scripts/bound-images.sh";
import { exited, FakeTransport } from "../fakes/fake-transport";
import { bootEntry, imageStatus, statusJson } from "../fixtures/status-builder";

import { renderApp, STATUS } from "./render";

/** What bound-images.sh prints for these quadlets (all linked from /usr/share/containers/systemd). */
function scriptOutput(files: Record<string, string>): string {
    const names = Object.keys(files);
    if (names.length === 0)
        return "none\n";
    const bytes = (text: string) => Buffer.byteLength(text);
    const link = (name: string) => `/usr/share/containers/systemd/${name}`;
    const lines = names.map(name => `entry link read ${bytes(name)} ${bytes(link(name))} ${bytes(files[name] ?? "")}\n`);
    const data = [...names.map(name => name + link(name)), ...names.map(name => files[name] ?? "")].join("");
    return `${lines.join("")}data ${Buffer.from(data).toString("base64")}\n`;
}

const CURL = { "curl.container": "[Container]\nImage=quay.io/curl/curl:latest\n" };
const PODMAN = { "podman.image": "[Image]\nImage=registry.access.redhat.com/ubi9/podman:9.6\n" };
const PG15 = { "pg.container": "[Container]\nImage=quay.io/db/pg:15\n" };
const PG16 = { "pg.container": "[Container]\nImage=quay.io/db/pg:16\n" };
const JBOSS = { "jboss.image": "[Image]\nImage=registry.redhat.io/jboss:latest\nAuthFile=/root/auth.json\n" };

function stored(...names: string[]): string {
    return JSON.stringify(
        names.map((name, i) => ({ Id: `id${i}`, Names: [name], RepoDigests: [], Size: 1000, Created: 1_762_000_000 })),
    );
}

interface HostOptions {
    booted: Record<string, string>;
    staged?: Record<string, string>;
    stored: string;
    logical?: ReturnType<typeof exited> | { stdout: string } | { hang: true };
    /** how long a bootc call may take (the page's timeout) */
    timeoutMs?: number;
}

function host(options: HostOptions) {
    const status = options.staged
        ? statusJson({
            booted: bootEntry(),
            staged: bootEntry({ image: imageStatus("quay.io/fedora/fedora-bootc:42", "42.next", null, "next") }, "st"),
        })
        : statusJson({ booted: bootEntry() });
    const transport = new FakeTransport()
        .on(STATUS, { stdout: status })
        .on(["bootc", "image", "list", "--type=logical", "--format=json"], options.logical ?? { stdout: "[]" })
        .on(["bootc", "image", "list", "--type=host", "--format=json"], { stdout: '[{"image_type":"host","image":"docker://quay.io/fedora/fedora-bootc:42"}]' })
        .on(["bootc", "image", "cmd", "list", "--format=json"], { stdout: options.stored });
    transport.scriptHandler = (text, args) => {
        if (text !== BOUND_IMAGES_SCRIPT)
            return undefined;
        if (args[0] === "/")
            return { stdout: scriptOutput(options.booted) };
        return { stdout: scriptOutput(options.staged ?? {}) };
    };
    renderApp(transport, options.timeoutMs);
    return transport;
}

async function rows(): Promise<HTMLElement[]> {
    await waitFor(() => expect(document.querySelector("#bound-images-table")).not.toBeNull());
    return [...document.querySelectorAll<HTMLElement>("#bound-images-table tr.ct-bound-row")];
}

describe("bound images", () => {
    it("not listed yet: a spinner while bootc lists them, words while an operation keeps its storage locked", async () => {
        const transport = host({ booted: CURL, stored: stored(), logical: { hang: true }, timeoutMs: 60_000 });
        await waitFor(() => expect(document.querySelector("#bound-images-pending[data-pending='loading']"))
            .not.toBeNull());
        // an update starts before the listings come back
        act(() => {
            transport.files.set("/run/cockpit-bootc/op/state", "running 42\n");
            transport.announceRecord("/run/cockpit-bootc/op", JSON.stringify({
                id: "op-1", kind: "update", argv: ["bootc", "upgrade", "--progress-fd=3"],
                startedAt: "2026-11-22T10:00:00Z",
            }));
        });
        for (const card of ["bound-images", "host-images"]) {
            await waitFor(() => expect(document.querySelector(`#${card}-pending`)?.getAttribute("data-pending"))
                .toBe("locked"));
            expect(document.querySelector(`#${card}-pending`)?.textContent)
                .toBe("Listed when the running operation has ended: bootc keeps its storage locked until then.");
        }
        expect(document.querySelector(".pf-v6-c-spinner[id$='-pending']")).toBeNull();
    });

    it("each declaration with its file, whether it is stored, and floating tags", async () => {
        host({ booted: { ...CURL, ...PODMAN }, stored: stored("quay.io/curl/curl:latest") });
        const [curl, podman] = await rows();
        expect(curl?.getAttribute("data-image")).toBe("quay.io/curl/curl:latest");
        expect(curl?.textContent).toContain("curl.container");
        expect(curl?.textContent).toContain("links to /usr/share/containers/systemd/curl.container");
        expect(curl?.querySelector(".ct-bound-storage")?.getAttribute("data-stored")).toBe("yes");
        expect(curl?.textContent).toContain("Floating tag: updates do not refresh it");
        expect(podman?.querySelector(".ct-bound-storage")?.getAttribute("data-stored")).toBe("no");
        expect(podman?.textContent).not.toContain("Floating tag");
        expect(screen.getByText("1 of them is not in bootc's storage")).toBeTruthy();
        expect(document.querySelector("#bound-images-floating-help")).not.toBeNull();
    });

    it("a declaration bootc refuses, and bootc's own refusal to list", async () => {
        host({
            booted: { ...CURL, ...JBOSS },
            stored: stored("quay.io/curl/curl:latest"),
            logical: exited("error: Listing images: Parsing jboss.image: AuthFile is not supported by bound bootc images\n"),
        });
        const [, jboss] = await rows();
        expect(jboss?.getAttribute("data-problem")).toBe("auth-file");
        expect(jboss?.textContent).toContain("bootc refuses this declaration: AuthFile is not supported by bound bootc images");
        expect(jboss?.querySelector(".ct-bound-storage")).toBeNull();
        const alert = (await screen.findByText("bootc cannot list the bound images"))
            .closest(".pf-v6-c-alert") as HTMLElement;
        expect(alert.textContent).toContain("AuthFile is not supported by bound bootc images");
    });

    it("storage that cannot be read leaves presence unknown", async () => {
        host({ booted: CURL, stored: "not json" });
        const [curl] = await rows();
        expect(curl?.querySelector(".ct-bound-storage")?.getAttribute("data-stored")).toBe("unknown");
        expect(await screen.findByText("bootc's image storage could not be read; whether the images are there is unknown.")).toBeTruthy();
    });

    it("nothing declared", async () => {
        host({ booted: {}, stored: "[]" });
        expect(await screen.findByText("The running OS image declares no bound images.")).toBeTruthy();
    });

    it("what the staged deployment adds, removes and changes", async () => {
        const transport = host({
            booted: { ...CURL, ...PODMAN, ...PG15 }, staged: { ...CURL, ...PG16 },
            stored: stored("quay.io/curl/curl:latest"),
        });
        const section = (await screen.findByText("What the staged 42.next changes"))
            .closest("#bound-images-staged") as HTMLElement;
        const changes = [...section.querySelectorAll("li")].map(li => [li.getAttribute("data-change"), li.textContent]);
        expect(changes).toEqual([
            ["changed", "Changes quay.io/db/pg:15 to quay.io/db/pg:16"],
            ["removed", "Removes registry.access.redhat.com/ubi9/podman:9.6 (bootc prunes it from its storage once no deployment declares it)"],
        ]);
        // the staged deployment's own root, from its ostree identity in status
        const roots = transport.calls.filter(call => call.argv[2] === BOUND_IMAGES_SCRIPT)
            .map(call => call.argv.at(-1));
        expect(roots).toContain("/");
        expect(roots.some(root => root?.startsWith("/ostree/deploy/default/deploy/") && root.endsWith(".0")))
            .toBe(true);
    });

    it("a staged deployment on the composefs backend: its declarations are not guessed", async () => {
        const composefs = {
            bootDigest: null, bootType: "Bls", bootloader: "systemd", missingVerityAllowed: false,
            verity: "ab12".repeat(16),
        };
        const transport = new FakeTransport().on(STATUS, {
            stdout: statusJson({
                booted: bootEntry({ composefs, ostree: null, store: null }),
                staged: bootEntry({
                    image: imageStatus("quay.io/fedora/fedora-bootc:42", "42.next", null, "next"),
                    composefs: { ...composefs, verity: "cd34".repeat(16) },
                    ostree: null,
                    store: null,
                }, "st"),
            }),
        });
        transport.scriptHandler = (text, args) => (text === BOUND_IMAGES_SCRIPT ? {
            stdout: args[0] === "/" ? scriptOutput(CURL) : "none\n",
        } : undefined);
        renderApp(transport);
        const section = (await screen.findByText("What the staged 42.next changes"))
            .closest("#bound-images-staged") as HTMLElement;
        expect(section.textContent).toContain("Its declarations cannot be read: on the composefs backend its root is not an ostree deployment directory.");
        // only the booted root is read
        expect(transport.calls.filter(call => call.argv[2] === BOUND_IMAGES_SCRIPT).map(call => call.argv.at(-1)))
            .toEqual(["/"]);
    });

    it("a staged deployment whose root is gone", async () => {
        const transport = new FakeTransport().on(STATUS, {
            stdout: statusJson({
                booted: bootEntry(),
                staged: bootEntry(
                    { image: imageStatus("quay.io/fedora/fedora-bootc:42", "42.next", null, "next") }, "st",
                ),
            }),
        });
        transport.scriptHandler = (text, args) => (text === BOUND_IMAGES_SCRIPT ? {
            stdout: args[0] === "/" ? scriptOutput(CURL) : "no-root\n",
        } : undefined);
        renderApp(transport);
        expect(await screen.findByText("Its declarations cannot be read: its deployment directory is not there.")).toBeTruthy();
    });
});
