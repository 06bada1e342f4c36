/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The backend's public surface: the only module src/ui imports from the backend.
 */

export { createBootcClient } from "./client";
export type { BootcClient, ClientOptions, StatusParseResult } from "./client";
export { BootcError } from "./errors";
export type { BootcProblem } from "./errors";
export { shortDigest } from "./model";
export type {
    ComposefsIdentity, Deployment, DeploymentRole, HostModel, ImageInfo, ImageRef, OstreeIdentity,
    SignaturePolicy, UsrOverlay,
} from "./model";
export type { Disposable } from "./transport";
export type { BootcVersion } from "./version";
