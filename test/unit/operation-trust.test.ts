// SPDX-License-Identifier: LGPL-2.1-or-later
// A record is shown only when it can be trusted: meta.json must describe what the start script
// recorded, a record that vanished is reported as such, a start stuck at "starting" is found out, and
// the bootc processes of the host are read as bootc-processes.sh lists them.
import { parseHistory } from "../../src/backend/host-operations";
import type { RecordDamage } from "../../src/backend/operation-records";
import { ATTACH_SCRIPT, PROCESSES_SCRIPT } from "../../src/backend/operation-scripts";
import { createOperations } from "../../src/backend/operations";
import type { OperationSnapshot } from "../../src/backend/operations";
import { TransportError } from "../../src/backend/transport";
import { FakeTransport } from "../fakes/fake-transport";
import { operationMeta as meta } from "../fixtures/operation-meta";

const DIR = "/run/cockpit-bootc";
const OP = `${DIR}/op`;
const file = (name: string) => `${OP}/${name}`;
const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++)
        await wait(5);
    expect(condition()).toBe(true);
}

const watches: { dispose(): void }[] = [];
afterEach(() => {
    for (const watch of watches.splice(0))
        watch.dispose();
});

function follow(transport: FakeTransport, runnerCheckMs = 10_000) {
    const seen: (OperationSnapshot | null)[] = [];
    const damage: RecordDamage[] = [];
    const watch = createOperations(transport, { runnerCheckMs })
        .follow(snapshot => seen.push(snapshot), () => undefined, what => damage.push(what));
    watches.push(watch);
    return { seen, damage };
}

/** attach-operation.sh, answering from the files: their state and id, or "none" */
function attachFromFiles(transport: FakeTransport): FakeTransport {
    transport.scriptHandler = text => {
        if (text !== ATTACH_SCRIPT)
            return undefined;
        const state = transport.files.get(file("state"));
        return { stdout: state ? `${state}${transport.files.get(file("id")) ?? ""}` : "none\n" };
    };
    return transport;
}

describe("a record that does not hold together", () => {
    it("a truncated meta.json is damaged, not 'no operation', and nothing of it is shown", async () => {
        const transport = attachFromFiles(new FakeTransport());
        transport.files.set(file("meta.json"), "{\"id\":\"op-1\",\"kind\":\"upd");
        transport.files.set(file("state"), "running 42\n");
        const { seen, damage } = follow(transport);
        await until(() => damage.length > 0);
        expect(damage).toEqual(["unreadable"]);
        expect(seen).toEqual([]);
    });

    it("a meta.json that names another command than the one recorded is not believed", async () => {
        const transport = attachFromFiles(new FakeTransport());
        transport.writeRecord(OP, JSON.stringify(meta({ kind: "update", argv: ["bootc", "upgrade"] })));
        // what really runs, as start-operation.sh wrote it from its arguments
        transport.files.set(file("argv"), "bootc\nswitch\nquay.io/other/image:1\n");
        transport.files.set(file("state"), "running 42\n");
        const { seen, damage } = follow(transport);
        await until(() => damage.length > 0);
        expect(damage).toEqual(["mismatch"]);
        expect(seen).toEqual([]);
    });

    it("a record removed while its operation ran is reported as removed", async () => {
        const transport = attachFromFiles(new FakeTransport());
        transport.writeRecord(OP, JSON.stringify(meta()));
        transport.files.set(file("state"), "running 42\n");
        const { seen, damage } = follow(transport);
        await until(() => seen.length > 0);
        expect(seen[seen.length - 1]).toMatchObject({ state: { kind: "running" } });
        for (const name of ["state", "id", "kind", "argv", "meta.json"])
            transport.setFile(file(name), null);
        await until(() => damage.length > 0);
        expect(damage).toEqual(["removed"]);
    });

    it("the next operation replacing the files is no removal", async () => {
        const transport = attachFromFiles(new FakeTransport());
        transport.writeRecord(OP, JSON.stringify(meta()));
        transport.files.set(file("state"), "exited 0 1763805600\n");
        const { seen, damage } = follow(transport);
        await until(() => seen.length > 0);
        transport.setFile(file("meta.json"), null);
        // by the time attach-operation.sh gets the lock, the next record is in place
        transport.writeRecord(OP, JSON.stringify(meta({ id: "op-2" })));
        transport.files.set(file("state"), "running 43\n");
        await wait(20);
        transport.setFile(file("meta.json"), transport.files.get(file("meta.json")) ?? null);
        await until(() => seen[seen.length - 1]?.meta.id === "op-2");
        expect(damage).toEqual([]);
    });
});

describe("a start that never took off", () => {
    it("is looked at while it says 'starting', and ends as not started when the host gives it up", async () => {
        const transport = attachFromFiles(new FakeTransport());
        transport.writeRecord(OP, JSON.stringify(meta()));
        transport.files.set(file("state"), "starting 1763805600\n");
        const { seen } = follow(transport, 5);
        await until(() => seen.length > 0);
        expect(seen[seen.length - 1]).toMatchObject({ state: { kind: "starting" }, outcome: null });
        // attach-operation.sh finds it older than the limit
        transport.files.set(file("state"), "lost not-started 1763805660\n");
        await until(() => seen[seen.length - 1]?.outcome !== null);
        expect(seen[seen.length - 1]?.outcome).toEqual({ kind: "lost", reason: "not-started", runnerGone: false });
    });
});

describe("bootc processes", () => {
    it("are read without administrative access; a host that cannot be asked is null, not 'none'", async () => {
        const transport = new FakeTransport();
        transport.scriptHandler = text => (text === PROCESSES_SCRIPT
            ? { stdout: "other\t812\t1763805600\tbootc-fetch-apply-updates.service\t-\t-\tupgrade --apply --quiet\n" }
            : undefined);
        const operations = createOperations(transport);
        expect(await operations.processes()).toMatchObject([{ pid: 812, unit: "bootc-fetch-apply-updates.service" }]);
        expect(transport.calls[0]?.options).toMatchObject({ superuser: "try" });
        transport.scriptHandler = () => ({ error: new TransportError("disconnected", "gone") });
        expect(await operations.processes()).toBeNull();
    });
});

describe("the kept records", () => {
    const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
    const line = (id: string, name: string, content: string) => `${id}\t${name}\t${b64(content)}`;

    it("are read newest first, each with its user and outcome; a damaged one is said to be", () => {
        const failed = JSON.stringify(meta({ id: "f-1", kind: "update", argv: ["bootc", "upgrade"] }));
        const other = JSON.stringify(meta({ id: "somebody-else", kind: "update" }));
        const entries = parseHistory([
            line("f-1", "meta.json", `${failed}\n`),
            line("f-1", "state", "exited 1 1763805600\n"),
            line("f-1", "user", "alice\n"),
            line("f-1", "stderr", "error: Upgrading: Insufficient free space for x (available: 1 GB required: 2 GB) – ünï\n"),
            line("n-1", "meta.json", `${JSON.stringify(meta({ id: "n-1" }))}\n`),
            line("n-1", "state", "lost not-started 1763805500\n"),
            // a meta.json that names another operation is not believed
            line("d-1", "meta.json", other),
            line("d-1", "state", "exited 0 1763805400\n"),
            "x\tstate\t!!!not base64",
            "../etc\tstate\tZXhpdGVkIDA=",
        ].join("\n"));
        expect(entries.map(entry => entry.id)).toEqual(["f-1", "n-1", "d-1"]);
        expect(entries[0]).toMatchObject({
            user: "alice", outcome: { kind: "failed", cause: "disk-space" },
        });
        expect(entries[0]?.outcome?.kind === "failed" && entries[0].outcome.problem)
            .toMatchObject({ summary: expect.stringContaining("ünï") as unknown });
        expect(entries[1]).toMatchObject({ user: null, outcome: { kind: "lost", reason: "not-started" } });
        expect(entries[2]).toMatchObject({ meta: null, outcome: null, state: { kind: "exited", code: 0 } });
    });
});
