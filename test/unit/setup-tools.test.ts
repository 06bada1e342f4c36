// SPDX-License-Identifier: LGPL-2.1-or-later
// tools/ensure-node.sh: `make` on a machine whose Node.js is too old (Debian 12's 18) fetches a newer one
// from the npm registry instead of failing half-way; a new enough one is left alone. Run with a fake
// node and npm first on PATH.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ENSURE = join(__dirname, "../../tools/ensure-node.sh");
const work = mkdtempSync(join(tmpdir(), "ensure-node-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let count = 0;

/** A machine whose `node` says VERSION (none: null), with an npm that logs its arguments and "installs". */
function machine(version: string | null) {
    const base = join(work, String(++count));
    const bin = join(base, "bin");
    mkdirSync(bin, { recursive: true });
    if (version) {
        writeFileSync(join(bin, "node"), `#!/bin/sh\necho v${version}\n`);
        chmodSync(join(bin, "node"), 0o755);
    }
    // npm install --prefix DIR node-linux-ARCH@V: what the registry's package holds, a bin/node
    writeFileSync(join(bin, "npm"), `#!/bin/sh
printf '%s\\n' "$*" >> '${base}/npm.log'
while [ "$1" != --prefix ]; do shift; done
prefix=$2; package=$3; name=\${package%@*}
mkdir -p "$prefix/node_modules/$name/bin"
printf '#!/bin/sh\\necho v%s\\n' "\${package##*@}" > "$prefix/node_modules/$name/bin/node"
chmod 755 "$prefix/node_modules/$name/bin/node"
`);
    chmodSync(join(bin, "npm"), 0o755);
    const run = () => new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
        execFile("sh", [ENSURE, "20", "20.20.2", join(base, "node")], {
            env: { PATH: `${join(base, "node/bin")}:${bin}:/usr/bin:/bin` },
        }, (error, stdout, stderr) => resolve({
            code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr,
        }));
    });
    const npmCalls = () => (existsSync(join(base, "npm.log")) ? readFileSync(join(base, "npm.log"), "utf8") : "");
    return { base, run, npmCalls };
}

test("a new enough node is used as it is: nothing is fetched", async () => {
    const host = machine("22.1.0");
    expect(await host.run()).toMatchObject({ code: 0, stdout: "" });
    expect(host.npmCalls()).toBe("");
});

test("Debian 12's Node 18: Node 20 is fetched from the npm registry into build/node, once", async () => {
    const host = machine("18.20.4");
    const first = await host.run();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Node.js 18 is older than 20: fetching node-linux-");
    expect(host.npmCalls()).toMatch(/^install --no-save .* --prefix \S+ node-linux-(x64|arm64|ppc64le|s390x)@20\.20\.2\n$/);
    // the copy is first on PATH now (as the Makefile puts it): the next run finds it and fetches nothing
    expect(await host.run()).toMatchObject({ code: 0, stdout: "" });
    expect(host.npmCalls().split("\n").filter(Boolean)).toHaveLength(1);
});
