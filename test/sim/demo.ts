// SPDX-License-Identifier: LGPL-2.1-or-later
// `make demo`: the page in real Cockpit against a simulated Fedora bootc 42 host (a build from three weeks
// ago booted, an older one to roll back to, a newer one waiting in the registry, three bound images).
// Runs until Ctrl-C and leaves nothing behind.
import { TestHost } from "./host";

async function main(): Promise<void> {
    const address = process.env.DEMO_ADDRESS ?? "127.0.0.1";
    const port = Number(process.env.DEMO_PORT ?? "9090");
    const scenario = process.env.DEMO_SCENARIO ?? "demo";
    const host = await TestHost.start({ scenario, address, port });
    let stopping = false;
    let restarting = false;
    // the local session ends ~15 s after the last tab closes (cockpit-ws then asks for a login for good):
    // start a new one, over the same simulated host, so the URL keeps working
    const watch = setInterval(() => {
        void host.sessionEnded().then(async ended => {
            if (!ended || stopping || restarting)
                return;
            restarting = true;
            console.log("the last tab closed and Cockpit's session ended: starting a new one (the host is kept)");
            await host.restartCockpit().catch((error: unknown) => {
                console.error(`make demo: could not restart Cockpit: ${(error as Error).message}`);
            });
            restarting = false;
        });
    }, 3000);
    const stop = () => {
        if (stopping)
            return;
        stopping = true;
        clearInterval(watch);
        console.log("\nstopping the demo host…");
        host.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    console.log(`
The OS Images page is running against a simulated bootc host (scenario "${scenario}").

    ${host.shellUrl}

(the page alone, without Cockpit's shell: ${host.pageUrl})
No login is needed. Press Ctrl-C to stop; nothing is left behind.
`);
}

main().catch(error => {
    console.error(`make demo: ${(error as Error).message}`);
    process.exit(1);
});
