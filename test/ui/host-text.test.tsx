// SPDX-License-Identifier: LGPL-2.1-or-later
// Host values as the page shows them: invisible and bidirectional-control characters written out, so a
// version cannot read as another; over-long values cut with the whole on demand; and a host with a
// thousand deployments lists the first ones, the rest on demand.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { hostText, visibleText } from "../../src/ui/common/host-text";
import { DEPLOYMENTS_SHOWN } from "../../src/ui/deployments/deployments-card";
import { bootEntry, imageStatus, statusJson } from "../fixtures/status-builder";

import { renderHost } from "./render";

const BIDI = "42.\u202e0.1";

describe("host text", () => {
    it("writes out bidirectional controls, zero-width and control characters, and nothing else", () => {
        expect(visibleText(BIDI)).toBe("42.⟨U+202E⟩0.1");
        expect(visibleText("a\u200bb\u2066c\u0007d\ufeff")).toBe("a⟨U+200B⟩b⟨U+2066⟩c⟨U+0007⟩d⟨U+FEFF⟩");
        expect(visibleText("Fedora 42 · ünïcødé 日本 🙂")).toBe("Fedora 42 · ünïcødé 日本 🙂");
        expect(visibleText("line 1\n\tline 2", true)).toBe("line 1\n\tline 2");
        expect(visibleText("line 1\nline 2")).toBe("line 1⟨U+000A⟩line 2");
    });

    it("cuts a long value for a sentence, never in the middle of a character", () => {
        expect(hostText("x".repeat(300))).toBe(`${"x".repeat(200)}…`);
        expect(hostText(`${"x".repeat(199)}🙂tail`)).toBe(`${"x".repeat(199)}…`);
        expect(hostText("short")).toBe("short");
    });
});

describe("on the page", () => {
    it("a version with a right-to-left override is shown with the override written out", async () => {
        renderHost({
            status: statusJson({
                booted: bootEntry({ image: imageStatus("quay.io/fedora/fedora-bootc:42", BIDI, null) }),
            }),
        });
        const cell = (await screen.findAllByText(/42\.⟨U\+202E⟩0\.1/))[0];
        expect(cell).toBeDefined();
        expect(document.body.textContent).not.toContain("\u202e");
    });

    it("a megabyte version is cut, and shown whole on demand", async () => {
        const huge = `42.${"9".repeat(1_200_000)}`;
        renderHost({
            status: statusJson({
                booted: bootEntry({ image: imageStatus("quay.io/fedora/fedora-bootc:42", huge, null) }),
            }),
        });
        await waitFor(() => expect(document.querySelector("div.ct-version")).not.toBeNull());
        const version = document.querySelector("div.ct-version") as HTMLElement;
        expect((version.textContent ?? "").length).toBeLessThan(300);
        await userEvent.click(within(version).getByRole("button", { name: "Show all 1200003 characters" }));
        expect(version.textContent).toBe(huge);
        expect((document.body.textContent ?? "").length).toBeLessThan(1_300_000);
    });

    it("a thousand deployments: the first ones listed, more on demand", async () => {
        const others = Array.from({ length: 997 }, (_, i) => bootEntry({ pinned: true }, `other-${i}`));
        renderHost({
            status: statusJson({
                booted: bootEntry(), rollback: bootEntry({}, "rollback"), staged: bootEntry({}, "staged"),
                otherDeployments: others,
            }),
        });
        // (queries by role are slow over a big document in jsdom: by id here)
        await waitFor(() => expect(document.querySelector("#deployments-show-more")).not.toBeNull());
        const more = document.querySelector("#deployments-show-more") as HTMLElement;
        expect(document.querySelector("#deployments-more")?.textContent)
            .toBe(`Show ${DEPLOYMENTS_SHOWN} more deployments (${1000 - DEPLOYMENTS_SHOWN} not shown)`);
        expect(document.querySelectorAll("tr.ct-deployment-row")).toHaveLength(DEPLOYMENTS_SHOWN);
        await userEvent.click(more);
        expect(document.querySelectorAll("tr.ct-deployment-row")).toHaveLength(2 * DEPLOYMENTS_SHOWN);
    }, 60_000); // jsdom takes seconds for a hundred table rows
});
