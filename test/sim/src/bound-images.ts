// SPDX-License-Identifier: LGPL-2.1-or-later
// bootc's logically bound images (boundimage.rs, CONTRACT.md §6): symlinks in
// /usr/lib/bootc/bound-images.d to .image or .container quadlets, of which only Image= is read.
import {
    lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync,
} from "node:fs";
import { isAbsolute, join } from "node:path";

import { BootcFailure } from "./io";
import { hostPath } from "./state";
import type { BoundImageFile, Paths, SimDeployment } from "./state";

export const BOUND_IMAGES_DIR = "/usr/lib/bootc/bound-images.d";
export const QUADLET_DIR = "/usr/share/containers/systemd";

/** The Image= of a quadlet, with bootc's checks. */
export function parseQuadlet(name: string, content: string): string {
    const section = name.endsWith(".image") ? "Image" : name.endsWith(".container") ? "Container" : null;
    if (!section)
        throw new BootcFailure(`Invalid file extension: ${name}`);
    let current = "";
    let image: string | null = null;
    for (const raw of content.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#") || line.startsWith(";"))
            continue;
        const header = /^\[(.+)\]$/.exec(line);
        if (header) {
            current = header[1] ?? "";
            continue;
        }
        if (current !== section)
            continue;
        const eq = line.indexOf("=");
        if (eq < 0)
            continue;
        const key = line.slice(0, eq).trim();
        const value = line.slice(eq + 1).trim();
        if (key === "AuthFile" && section === "Image")
            throw new BootcFailure("AuthFile is not supported by bound bootc images");
        if (key === "Image")
            image = value;
    }
    if (image === null)
        throw new BootcFailure("Missing Image field");
    if (/%[^%]/.test(image.replace(/%%/g, "")))
        throw new BootcFailure(`Systemd specifiers are not supported by bound bootc images: ${image}`);
    return image.replace(/%%/g, "%");
}

/** Reads the declarations of the root at `paths.root` (the booted deployment). */
export function readBoundImages(paths: Paths): string[] {
    const dir = hostPath(paths, BOUND_IMAGES_DIR);
    let names: string[];
    try {
        names = readdirSync(dir).sort();
    } catch {
        return [];
    }
    return names.map(name => {
        const entry = join(dir, name);
        if (!lstatSync(entry).isSymbolicLink())
            throw new BootcFailure(`Not a symlink: ${name}`);
        const target = readlinkSync(entry);
        // absolute links resolve relative to the deployment root
        const resolved = isAbsolute(target) ? hostPath(paths, target) : join(dir, target);
        try {
            return parseQuadlet(name, readFileSync(resolved, "utf8"));
        } catch (error) {
            if (error instanceof BootcFailure)
                throw error.within(`Parsing ${name}`);
            throw new BootcFailure(`Reading ${name}: No such file or directory (os error 2)`);
        }
    });
}

/** The declarations of an image that is not booted (during staging). */
export function boundImagesOf(files: BoundImageFile[]): string[] {
    return [...files].sort((a, b) => a.file.localeCompare(b.file)).map(f => {
        try {
            return parseQuadlet(f.file, f.content);
        } catch (error) {
            throw error instanceof BootcFailure ? error.within(`Parsing ${f.file}`) : error;
        }
    });
}

/**
 * Puts an image's declarations in place under a deployment root: "/" for the booted one (as booting into
 * it would), /ostree/deploy/… for a staged one (as deploying it does).
 */
export function installBoundImages(paths: Paths, files: BoundImageFile[], root = "/"): void {
    const base = root === "/" ? "" : root;
    const dir = hostPath(paths, `${base}${BOUND_IMAGES_DIR}`);
    const quadlets = hostPath(paths, `${base}${QUADLET_DIR}`);
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir))
        rmSync(join(dir, name), { force: true });
    mkdirSync(quadlets, { recursive: true });
    for (const file of files) {
        writeFileSync(join(quadlets, file.file), file.content);
        // absolute, as images ship them: bootc resolves them inside the deployment root
        symlinkSync(join(QUADLET_DIR, file.file), join(dir, file.file));
    }
}

/** Where an ostree deployment's root lives. */
export function deploymentRoot(deployment: SimDeployment): string {
    return `/ostree/deploy/${deployment.stateroot}/deploy/${deployment.checksum}.${deployment.deploySerial}`;
}
