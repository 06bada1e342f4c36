// SPDX-License-Identifier: LGPL-2.1-or-later
// The simulator standing in for systemd on the test host: systemctl (reboot, is-enabled, show) and
// systemd-run (detached, or hanging on purpose).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { simHosts } from "./run-sim";
import { updateServicePidFile } from "./src/systemctl";

const host = simHosts();

describe("systemctl (the simulated host has no systemd)", () => {
    it("reboot applies the staged update; with /run/nextroot prepared it is a soft reboot", async () => {
        const h = host("staged-rollback");
        const staged = h.state().staged?.digest;
        expect(await h.systemctl(["reboot"])).toMatchObject({ code: 0, stdout: "", stderr: "" });
        expect(h.state().booted?.digest).toBe(staged);
        expect(h.state().reboots?.map(r => r.kind)).toEqual(["reboot"]);

        const soft = host("booted-only");
        expect((await soft.run(["upgrade", "--soft-reboot=auto"])).stdout)
            .toContain("soft-reboot capable, preparing for soft-reboot");
        await soft.systemctl(["reboot"]);
        expect(soft.state().reboots?.map(r => r.kind)).toEqual(["soft-reboot"]);
        expect(soft.file("/run/nextroot")).toBeNull();
    });

    it("is-enabled reads the .wants links seeding wrote; anything else fails as without systemd", async () => {
        const on = host("demo");
        expect(await on.systemctl(["is-enabled", "bootc-fetch-apply-updates.timer"]))
            .toMatchObject({ code: 0, stdout: "enabled\n" });
        const off = host("booted-only");
        expect(await off.systemctl(["is-enabled", "bootc-fetch-apply-updates.timer"]))
            .toMatchObject({ code: 1, stdout: "disabled\n" });
        expect((await off.systemctl(["start", "x.service"])).stderr)
            .toContain("System has not been booted with systemd");
    });
});

describe("systemctl show and systemd-run", () => {
    it("show -p MainPID --value: the pid of the bootc a test runs as the update service, else 0", async () => {
        const h = host("booted-only");
        const show = ["show", "-p", "MainPID", "--value", "bootc-fetch-apply-updates.service"];
        expect(await h.systemctl(show)).toMatchObject({ code: 0, stdout: "0\n" });
        writeFileSync(updateServicePidFile(h.paths), "4242");
        expect(await h.systemctl(show)).toMatchObject({ code: 0, stdout: "4242\n" });
        expect(await h.systemctl(["show", "-p", "MainPID", "--value", "other.service"]))
            .toMatchObject({ stdout: "0\n" });
    });

    it("systemd-run starts the command detached and returns; with systemdRunHangs it never returns", async () => {
        const h = host("booted-only");
        const marker = join(h.paths.stateDir, "ran");
        const result = await h.systemdRun(
            ["--quiet", "--collect", "--unit=cockpit-bootc-x", "/bin/sh", "-c", `echo ok > ${marker}`],
        );
        expect(result.code).toBe(0);
        for (let i = 0; i < 100 && !existsSync(marker); i++)
            await new Promise(resolve => setTimeout(resolve, 20));
        expect(readFileSync(marker, "utf8")).toBe("ok\n");

        h.update(state => { state.faults.systemdRunHangs = true; });
        // as start-operation.sh runs it: under timeout, which stops it
        expect(await h.systemdRun(["/bin/true"], 1)).toMatchObject({ code: 124 });
    });
});
