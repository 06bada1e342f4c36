// SPDX-License-Identifier: LGPL-2.1-or-later
// What the page shows of a bootc host.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { FakeTransport } from "../fakes/fake-transport";
import { realStatusJson, realStatusNames, statusFixtureJson, statusFixtureNames } from "../fixtures/load";
import { bootEntry, digestOf, imageStatus, statusJson } from "../fixtures/status-builder";

import { renderApp, STATUS } from "./render";

async function show(json: string) {
    const transport = new FakeTransport().on(STATUS, { stdout: json });
    const result = renderApp(transport);
    await waitFor(() => expect(result.container.querySelector("#deployments-table, #state-not-bootc, [id^=state-]:not(#state-loading)")).not.toBeNull());
    return result;
}

function rows(container: HTMLElement): HTMLElement[] {
    return [...container.querySelectorAll<HTMLElement>("tr.ct-deployment-row")];
}

function field(container: ParentNode, name: string): string {
    return container.querySelector(`[data-field='${name}'] dd`)?.textContent ?? "";
}

const STAGED_BOOTED_ROLLBACK = statusJson({
    staged: bootEntry({ softRebootCapable: true }, "20251115"),
    booted: bootEntry({}, "20251101"),
    rollback: bootEntry({}, "20251018"),
});

test("every deployment with its role in bootc's words, version and digest (the architecture is in its details)", async () => {
    const { container } = await show(STAGED_BOOTED_ROLLBACK);
    const table = rows(container);
    expect(table.map(row => row.dataset.role)).toEqual(["staged", "booted", "rollback"]);
    expect(table.map(row => row.querySelector(".ct-role")?.textContent)).toEqual(["Staged", "Booted", "Rollback"]);
    expect(table.map(row => row.querySelector(".ct-version")?.textContent))
        .toEqual(["42.20251115", "42.20251101", "42.20251018"]);
    const digest = digestOf("20251101");
    const shown = table[1]?.querySelector(".ct-digest-short");
    expect(shown?.textContent).toBe(digest.slice(7, 19));
    expect(shown?.getAttribute("data-digest")).toBe(digest);
    expect(within(table[0] as HTMLElement).getByText("Boots next")).toBeTruthy();
    expect(within(table[0] as HTMLElement).getByText("Soft reboot possible")).toBeTruthy();
    expect(within(table[1] as HTMLElement).queryByText("Boots next")).toBeNull();
    expect(within(table[1] as HTMLElement).queryByText("amd64")).toBeNull();
});

test("the summary: tracked image, signature policy, running and next boot", async () => {
    const { container } = await show(statusJson(
        { staged: bootEntry({}, "20251115"), booted: bootEntry({}, "20251101") },
        { image: { image: "quay.io/fedora/fedora-bootc:42", transport: "registry", signature: "containerPolicy" } },
    ));
    const summary = container.querySelector("#host-summary") as HTMLElement;
    expect(field(summary, "tracked")).toContain("quay.io/fedora/fedora-bootc:42");
    expect(field(summary, "signature")).toContain("Enforced by containers-policy.json");
    expect(field(summary, "running")).toContain("42.20251101");
    expect(field(summary, "next-boot")).toContain("42.20251115 (staged; applied when the system reboots)");
    expect(field(summary, "backend")).toBe("ostree");
});

test("the full digest on hover and on copy", async () => {
    const writeText = jest.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    const { container } = await show(STAGED_BOOTED_ROLLBACK);
    const digest = digestOf("20251101");
    const row = rows(container)[1] as HTMLElement;
    await userEvent.hover(row.querySelector(".ct-digest-short") as HTMLElement);
    expect(await screen.findByText(digest, { selector: ".ct-digest-full" })).toBeTruthy();
    await userEvent.click(within(row).getByRole("button", { name: "Copy the full digest" }));
    expect(writeText).toHaveBeenCalledWith(digest);
});

test("details of a deployment: ostree identity, full digest, exact build time, signature", async () => {
    const { container } = await show(STAGED_BOOTED_ROLLBACK);
    const row = rows(container)[1] as HTMLElement;
    expect(container.querySelector(".ct-deployment-details")).toBeNull();
    await userEvent.click(within(row).getByRole("button", { name: "Details" }));
    const details = container.querySelector(".ct-deployment-details") as HTMLElement;
    expect(field(details, "digest")).toBe(digestOf("20251101"));
    expect(field(details, "checksum")).toBe(digestOf("csum-20251101").slice(7));
    expect(field(details, "deploy-serial")).toBe("0");
    expect(field(details, "stateroot")).toBe("default");
    expect(field(details, "store")).toBe("ostree container");
    expect(field(details, "built")).toContain("2025");
    expect(field(details, "built")).toContain("(2025-10-01T08:00:00Z)");
    expect(field(details, "signature")).toContain("Not enforced (bootc's default)");
    expect(field(details, "transport")).toBe("Container registry");
    expect(field(details, "architecture")).toBe("amd64");
});

test("composefs: the backend, and the verity and boot details", async () => {
    const composefs = {
        bootDigest: "b".repeat(64), bootType: "Uki", bootloader: "systemd", missingVerityAllowed: false,
        verity: "c".repeat(128),
    };
    const { container } = await show(
        statusJson({ booted: bootEntry({ composefs, ostree: null, store: null }, "cfs") }),
    );
    expect(field(container.querySelector("#host-summary") as HTMLElement, "backend")).toBe("composefs (native)");
    await userEvent.click(screen.getByRole("button", { name: "Details" }));
    const details = container.querySelector(".ct-deployment-details") as HTMLElement;
    expect(field(details, "verity")).toBe("c".repeat(128));
    expect(field(details, "boot-type")).toBe("Unified kernel image");
    expect(field(details, "bootloader")).toBe("systemd");
    expect(field(details, "store")).toBe("composefs (native)");
    expect(details.querySelector("[data-field='checksum']")).toBeNull();
});

test.each([
    ["read-only media", { readOnly: true }, "notice-read-only", "Running from read-only media"],
    [
        "a transient writable /usr overlay", { usrOverlay: { accessMode: "readWrite", persistence: "transient" } },
        "notice-usr-overlay", "/usr is writable",
    ],
    [
        "a persistent /usr overlay", { usrOverlay: { accessMode: "readWrite", persistence: "persistent" } },
        "notice-usr-overlay", "/usr is writable",
    ],
    [
        "a read-only /usr overlay", { usrOverlay: { accessMode: "readOnly", persistence: "transient" } },
        "notice-usr-overlay", "/usr has a read-only overlay",
    ],
    [
        "an overlay access mode of a newer bootc: said to be unknown, not read-only",
        { usrOverlay: { accessMode: "appendOnly", persistence: "transient" } },
        "notice-usr-overlay", "/usr has an overlay of a kind this page does not know",
    ],
    [
        "a queued rollback", { rollback: bootEntry({}, "rb"), rollbackQueued: true }, "rollback-banner",
        "Rollback queued: the system boots 42.rb next",
    ],
    [
        "a download-only update", { staged: bootEntry({ downloadOnly: true }, "st") }, "staged-banner",
        "Download only: 42.st is staged but not applied on reboot",
    ],
    ["local rpm-ostree changes", { booted: bootEntry({ incompatible: true, image: null }) }, "notice-incompatible", "The running deployment has local rpm-ostree changes"],
    [
        "a plain ostree booted deployment", { booted: bootEntry({ image: null }) }, "notice-not-container",
        "The running deployment is not container-based",
    ],
])("a notice for %s", async (_label, status, id, title) => {
    const { container } = await show(statusJson({ booted: bootEntry(), ...status }));
    const notice = container.querySelector(`#${id}`) as HTMLElement;
    expect(notice).not.toBeNull();
    expect(within(notice).getByText(title)).toBeTruthy();
});

test("flags: pinned, download only, local changes, not container-based", async () => {
    const { container } = await show(statusJson({
        staged: bootEntry({ downloadOnly: true }, "st"),
        booted: bootEntry({ incompatible: true, image: null }),
        otherDeployments: [bootEntry({ pinned: true }, "p1"), bootEntry({ image: null }, "p2")],
    }));
    const [staged, booted, pinned, plain] = rows(container) as HTMLElement[];
    expect(within(staged as HTMLElement).getByText("Download only")).toBeTruthy();
    expect(within(staged as HTMLElement).queryByText("Boots next")).toBeNull();
    expect(within(booted as HTMLElement).getByText("Boots next")).toBeTruthy();
    expect(within(booted as HTMLElement).getByText("Local rpm-ostree changes")).toBeTruthy();
    expect(within(pinned as HTMLElement).getByText("Pinned")).toBeTruthy();
    expect(within(pinned as HTMLElement).getByText("Other")).toBeTruthy();
    expect(within(plain as HTMLElement).getByText("Not container-based")).toBeTruthy();
});

test("images from other transports are shown with their transport", async () => {
    const image = {
        ...(imageStatus("/var/mnt/osupdate", null, null, "oci") as object),
        image: { image: "/var/mnt/osupdate", transport: "oci" },
    };
    const { container } = await show(
        statusJson({ booted: bootEntry({ image }) }, { image: { image: "/var/mnt/osupdate", transport: "oci" } }),
    );
    const row = rows(container)[0] as HTMLElement;
    expect(row.querySelector(".ct-image-name")?.textContent).toBe("oci:/var/mnt/osupdate");
    expect(within(row).getByText("OCI layout directory")).toBeTruthy();
    // no version label: the version column says so and the summary names the digest
    expect(row.querySelector(".ct-version")?.textContent).toBe("None");
    expect(field(container.querySelector("#host-summary") as HTMLElement, "running"))
        .toContain(digestOf("oci").slice(7, 19));
});

describe("every status fixture bootc ships renders", () => {
    it.each(statusFixtureNames())("%s", async name => {
        const { container } = await show(statusFixtureJson(name));
        const table = container.querySelector("#deployments-table");
        const notBootc = container.querySelector("#state-not-bootc");
        expect(table !== null || notBootc !== null).toBe(true);
        if (table)
            expect(rows(container).length).toBeGreaterThan(0);
        expect(container.querySelector("#state-bad-output")).toBeNull();
    });
});

describe("every status a real host printed renders its deployments (test/fixtures/real)", () => {
    it.each(realStatusNames())("%s", async name => {
        const { container } = await show(realStatusJson(name));
        expect(container.querySelector("#state-not-bootc")).toBeNull();
        expect(container.querySelector("#state-bad-output")).toBeNull();
        expect(rows(container).length).toBeGreaterThan(0);
    });
});
