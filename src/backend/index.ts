/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The backend's public surface: the only module src/ui imports from the backend.
 */

export { createBootcClient, DEFAULT_STATUS_TIMEOUT_MS, parseStatusOutput } from "./client";
export type { BootcClient, ClientOptions, StatusParseResult } from "./client";
export { BootcError, lastErrorSegment, summarizeStderr } from "./errors";
export type { BootcProblem } from "./errors";
export { shortDigest } from "./model";
export type {
    ComposefsIdentity, Deployment, DeploymentRole, HostModel, ImageInfo, ImageRef, OstreeIdentity,
    SignaturePolicy, UsrOverlay,
} from "./model";
export type { Disposable } from "./transport";
export type { BootcVersion } from "./version";
