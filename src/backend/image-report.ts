/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The image report behind the bound images and host images cards: `bootc image list` (logical and
 * host), podman's list over bootc's storage, and bound-images.sh over the booted and the staged root.
 */

import { parseDeclarations, parseImageList, parseStoredImages } from "./bound-images";
import type { DeclarationsResult, ListedImage, StoredImage } from "./bound-images";
import { deploymentRoot, imageListCommand, storedImagesCommand } from "./commands";
import { problemFromTransport } from "./errors";
import type { BootcProblem } from "./errors";
import type { HostModel, OstreeIdentity } from "./model";
import BOUND_IMAGES_SCRIPT from "./scripts/bound-images.sh";
import type { RunOptions, Transport } from "./transport";
import type { BootcVersion } from "./version";

/** One part of a report: its value, or why it could not be read. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: BootcProblem };

export interface ImageReport {
    /** `bootc image list --type logical`: what bootc reads from the booted root */
    logical: Outcome<ListedImage[]>;
    /**
     * `bootc image list --type host`: the images in the ostree repository, and since 1.16.0 bootc's own
     * container storage as "unified" entries
     */
    host: Outcome<ListedImage[]>;
    /** `bootc image cmd list`: what bootc's container storage holds */
    stored: Outcome<StoredImage[]>;
    /** the booted root's bound-images.d, file by file */
    booted: Outcome<DeclarationsResult>;
    /** the staged deployment's, when one is staged; "composefs" when its root is not an ostree deployment */
    staged: Outcome<DeclarationsResult> | "composefs" | null;
}

/** What the report is read with: the transport, the options of a read as root, and bootc's version. */
export interface Reader {
    transport: Transport;
    asRoot: RunOptions;
    /** names bootc's version when its output is not understood */
    version: () => Promise<BootcVersion | null>;
    /**
     * Declarations read before, by deployment: a deployment's /usr never changes (ostree checks it
     * out read-only), so its bound-images.d is read once, not on every refresh
     */
    declarationsCache?: Map<string, DeclarationsResult>;
}

async function bootcJson<T>(
    reader: Reader, argv: string[], parse: (stdout: string) => T | null,
): Promise<Outcome<T>> {
    let stdout: string;
    try {
        stdout = await reader.transport.run(argv, reader.asRoot);
    } catch (error) {
        return { ok: false, problem: problemFromTransport(error, argv) };
    }
    const value = parse(stdout);
    if (value !== null)
        return { ok: true, value };
    const found = await reader.version();
    return {
        ok: false,
        problem: {
            kind: "bad-output", argv, reason: "not understood", issues: [], output: stdout,
            version: found?.raw ?? null,
        },
    };
}

/** KEY: the deployment whose root ROOT is, when that root cannot change (see Reader.declarationsCache). */
async function declarations(reader: Reader, root: string, key: string | null): Promise<Outcome<DeclarationsResult>> {
    const known = key === null ? undefined : reader.declarationsCache?.get(key);
    if (known)
        return { ok: true, value: known };
    const argv = ["bound-images.sh", root];
    try {
        const output = await reader.transport.script(BOUND_IMAGES_SCRIPT, [root], reader.asRoot);
        const parsed = parseDeclarations(output);
        // a root that is not there (yet, or any more) is asked again next time
        if (parsed && key !== null && parsed.kind === "read")
            reader.declarationsCache?.set(key, parsed);
        if (parsed)
            return { ok: true, value: parsed };
        return {
            ok: false,
            problem: { kind: "bad-output", argv, reason: "not understood", issues: [], output, version: null },
        };
    } catch (error) {
        return { ok: false, problem: problemFromTransport(error, argv) };
    }
}

function bootedKey(ostree: OstreeIdentity): string {
    return `booted ${deploymentRoot(ostree.stateroot ?? "default", ostree.checksum, ostree.deploySerial)}`;
}

/**
 * Reads the bound images and host images of HOST: bootc's three listings and the declarations of the
 * booted and the staged root, all at once. Each part says on its own whether it could be read.
 */
export async function readImageReport(reader: Reader, host: HostModel): Promise<ImageReport> {
    const staged = host.staged;
    let stagedReport: Promise<ImageReport["staged"]> = Promise.resolve(null);
    if (staged?.ostree) {
        const { stateroot, checksum, deploySerial } = staged.ostree;
        // bootc before 1.3.0 does not name the stateroot: "default" is where bootc installs; when the
        // host used another one the script finds no root, and the page says it could not read it
        const root = deploymentRoot(stateroot ?? "default", checksum, deploySerial);
        stagedReport = declarations(reader, root, root);
    } else if (staged) {
        stagedReport = Promise.resolve("composefs");
    }
    const [logical, hostImages, stored, booted, stagedDeclarations] = await Promise.all([
        bootcJson(reader, imageListCommand("logical"), parseImageList),
        bootcJson(reader, imageListCommand("host"), parseImageList),
        bootcJson(reader, storedImagesCommand(), parseStoredImages),
        // the running system's /usr is its deployment's, unless an overlay (bootc usr-overlay) is on it
        declarations(reader, "/", host.booted?.ostree && !host.usrOverlay ? bootedKey(host.booted.ostree) : null),
        stagedReport,
    ]);
    return { logical, host: hostImages, stored, booted, staged: stagedDeclarations };
}
