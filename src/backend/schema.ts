/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * zod schemas of what bootc prints: the host object of `bootc status --format=json --format-version=1`
 * (bootc's docs/src/host-v1.schema.json). Tolerant by design: unknown keys are dropped, fields that
 * newer bootc added get their documented defaults, old v1alpha1 documents (with `isContainer`) pass,
 * and enums that bootc marks non-exhaustive accept any string. What bootc has always printed
 * (image digests, the incompatible and pinned flags, ostree identity) stays required, so garbage fails.
 */

import * as z from "zod";

// Cockpit's content security policy forbids eval; without this zod probes `new Function` and the
// browser logs a CSP violation. It must run before any schema parses.
z.config({ jitless: true });

export const ImageSignatureSchema = z.union([
    z.object({ ostreeRemote: z.string() }),
    // "containerPolicy", "insecure", or a variant a newer bootc added
    z.string(),
]);

export const ImageReferenceSchema = z.object({
    image: z.string().min(1),
    transport: z.string().min(1),
    /** omitted (or null) means bootc's default: the container policy, insecure allowed */
    signature: ImageSignatureSchema.nullish(),
});

export const ImageStatusSchema = z.object({
    image: ImageReferenceSchema,
    version: z.string().nullish(),
    timestamp: z.string().nullish(),
    imageDigest: z.string().min(1),
    /** since bootc 1.1.7 */
    architecture: z.string().nullish(),
});

export const OstreeEntrySchema = z.object({
    checksum: z.string().min(1),
    deploySerial: z.number().int().nonnegative(),
    /** since bootc 1.3.0 (older bootc does not say; null here) */
    stateroot: z.string().nullish(),
});

/** since bootc 1.9.0; only native composefs deployments have it */
export const ComposefsEntrySchema = z.object({
    verity: z.string(),
    bootType: z.string().nullish(),
    bootloader: z.string().nullish(),
    bootDigest: z.string().nullish(),
    missingVerityAllowed: z.boolean().nullish(),
});

export const BootEntrySchema = z.object({
    image: ImageStatusSchema.nullish(),
    cachedUpdate: ImageStatusSchema.nullish(),
    incompatible: z.boolean(),
    pinned: z.boolean(),
    softRebootCapable: z.boolean().default(false),
    downloadOnly: z.boolean().default(false),
    store: z.string().nullish(),
    ostree: OstreeEntrySchema.nullish(),
    composefs: ComposefsEntrySchema.nullish(),
});

export const FilesystemOverlaySchema = z.object({
    accessMode: z.string(),
    persistence: z.string(),
});

export const HostStatusSchema = z.object({
    staged: BootEntrySchema.nullish(),
    booted: BootEntrySchema.nullish(),
    rollback: BootEntrySchema.nullish(),
    /** since 1.3.0; omitted when empty */
    otherDeployments: z.array(BootEntrySchema).default([]),
    rollbackQueued: z.boolean().default(false),
    type: z.string().nullish(),
    usrOverlay: FilesystemOverlaySchema.nullish(),
    readOnly: z.boolean().default(false),
});

export const HostSpecSchema = z.object({
    image: ImageReferenceSchema.nullish(),
    bootOrder: z.string().default("default"),
});

export const HostSchema = z.object({
    apiVersion: z.string().regex(/^org\.containers\.bootc\//, "not a bootc API version"),
    kind: z.literal("BootcHost"),
    metadata: z.object({ name: z.string().nullish() }).nullish(),
    spec: HostSpecSchema.default({ bootOrder: "default" }),
    status: HostStatusSchema.default({ otherDeployments: [], rollbackQueued: false, readOnly: false }),
});

export type Host = z.infer<typeof HostSchema>;
export type BootEntry = z.infer<typeof BootEntrySchema>;
export type ImageStatus = z.infer<typeof ImageStatusSchema>;
export type ImageReference = z.infer<typeof ImageReferenceSchema>;
export type ImageSignature = z.infer<typeof ImageSignatureSchema>;

/** zod issues as short "path: message" lines for the "output not understood" view. */
export function describeIssues(error: z.ZodError): string[] {
    return error.issues.map(issue => {
        const path = issue.path.map(String).join(".");
        return path ? `${path}: ${issue.message}` : issue.message;
    });
}
