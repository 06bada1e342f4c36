/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The backend's public surface: the only module src/ui imports from the backend.
 */

export { createBootcClient } from "./client";
export type { BootcClient, ClientOptions, StatusParseResult } from "./client";
export { BootcError, problemOf } from "./errors";
export type { BootcProblem } from "./errors";
export { shortDigest, summarizeDeployments } from "./model";

export type {
    ComposefsIdentity, Deployment, DeploymentRole, DeploymentsSummary, HostModel, ImageInfo, ImageRef, OstreeIdentity,
    SignaturePolicy, UsrOverlay,
} from "./model";

export type { Disposable } from "./transport";
export type { BootcVersion } from "./version";
export type { ApplyOptions, CopyChoice, RollbackChoice, SwitchChoice, UpdateChoice, UpdateFacts } from "./client";
export type { ApplyMode, UpdateMode } from "./commands";
export { isSwitchTransport, splitImageName, SWITCH_TRANSPORTS, validateImageTarget, validateTag } from "./references";
export type { ImageTag, ImageTarget, ReferenceIssue, ReferenceProblem, SwitchTransport, Validated } from "./references";
export { canChangeTag, switchIsUnchanged, tagChangePlan, trackedTag } from "./switching";
export type { TagPlan } from "./switching";
export { OPERATION_KINDS, OPERATION_TRAITS } from "./operation-kinds";
export type { OperationKind, OperationKindTraits, OperationResult } from "./operation-kinds";

export { deploymentChange, problemCause } from "./operation-records";

export type {
    DeploymentChange, FailureCause, LostReason, OperationMeta, OperationOutcome, OperationState, OperationTarget,
    RecordDamage,
} from "./operation-records";

export type { BootcProcess, HistoryEntry } from "./host-operations";

export type { OperationRequest, OperationSnapshot, Operations } from "./operations";
export { overallFraction } from "./progress";
export type { ProgressPhase, ProgressState, PullProgress, StepProgress } from "./progress";
export { updateState } from "./updates";
export type { AvailableUpdate, CheckFinding, CheckRecord, UpdateBlocker, UpdateState } from "./updates";
export type { CheckOutput, LayerCount, LayerDiff, QueuedOutput, UpgradeNoop } from "./bootc-output";
export { versionAtLeast } from "./version";
export { diffBoundImages, floatingTag, isStored } from "./bound-images";

export type {
    BoundImageChange, BoundImagesDiff, Declaration, DeclarationProblem, DeclarationsResult, ListedImage, StoredImage,
} from "./bound-images";

export type { ImageReport, Outcome } from "./image-report";
export { bootcStorageImages, DEFAULT_STORAGE_TARGET, hostImages } from "./host-images";
export type { CopyResult, HostImage, StorageImage } from "./host-images";
