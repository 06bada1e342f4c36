/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What switch and tag-change dialogs share: the consequences, the "already tracked" notice that offers
 * an update instead, and the apply choice.
 */

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { updateState } from "../../backend";
import type { ApplyMode, HostModel } from "../../backend";
import { useAction } from "../common/action";
import { Alert } from "../common/alert";
import { ApplyChoice, TimerWarning } from "../common/apply-choice";
import { useDialogs } from "../common/dialogs";
import { ImageReference } from "../common/image-reference";
import { imageVersion, updateVersion } from "../common/image-text";
import { _, format } from "../i18n";
import { useBackend, usePageValue } from "../state/context";
import { softRebootOffered } from "../state/features";
import type { HostFacts } from "../state/page-store";

/** "Currently tracked: <image>", under a dialog's title. */
export function TrackedImage({ name, transport }: { name: string; transport: string }) {
    return <>{_("Currently tracked:")} <ImageReference name={name} transport={transport} /></>;
}

/** What changes when the system switches to `image`. */
export function SwitchConsequences({ id, host, image }: { id: string; host: HostModel; image: string }) {
    const staged = host.staged;
    return (
        <ul id={id} className="ct-consequences">
            <li>{format(_("From now on the system tracks $0: updates come from it."), image)}</li>
            <li>{format(_("The system keeps running $0 until it reboots into the new image; then $0 becomes the rollback deployment."), imageVersion(host.booted?.image))}</li>
            {staged && <li>{format(_("The staged $0 is replaced."), imageVersion(staged.image))}</li>}
            {host.rollbackQueued && <li>{_("The queued rollback no longer applies: the new image boots next.")}</li>}
        </ul>
    );
}

/**
 * The target is the tracked image already: bootc would do nothing (“Image specification is unchanged.”)
 * and not look for a newer build. Offer the update, or a check for one.
 */
export function UnchangedNotice({ id, host }: { id: string; host: HostModel }) {
    const client = useBackend();
    const dialogs = useDialogs();
    const checking = useAction();
    const lastCheck = usePageValue(state => state.lastCheck);
    const available = updateState(host, lastCheck).available;
    const check = () => checking.run(() => client.checkForUpdates(), dialogs.close);
    // the update dialog takes this one's place
    const update = () => available && dialogs.open({ kind: "update", update: available });
    return (
        <Alert
            id={id}
            isInline
            variant="info"
            title={_("The system already tracks this image")}
            actionLinks={available
                ? (
                    <Button id={`${id}-update`} variant="link" isInline onClick={update}>
                        {format(_("Update to $0…"), updateVersion(available))}
                    </Button>
                )
                : (
                    <Button id={`${id}-check`} variant="link" isInline isDisabled={checking.pending} onClick={check}>
                        {_("Check for updates")}
                    </Button>
                )}
        >
            <p>{_("bootc does not switch to the image it already tracks, and does not look for a newer build of it that way (“Image specification is unchanged.”). Updates do that.")}</p>
            {checking.error && <p className="ct-bootc-message">{checking.error}</p>}
        </Alert>
    );
}

/** Stage or reboot now, soft reboot, and the timer warning (a spinner while the facts load). */
export function SwitchApplyChoice({ id, host, facts, mode, onMode, softReboot, onSoftReboot }: {
    id: string;
    host: HostModel;
    facts: HostFacts | null;
    mode: ApplyMode;
    onMode: (mode: ApplyMode) => void;
    softReboot: boolean;
    onSoftReboot: (checked: boolean) => void;
}) {
    if (!facts)
        return <Spinner size="md" aria-label={_("Loading")} />;
    return (
        <>
            <ApplyChoice
                id={id}
                options={[
                    {
                        mode: "stage",
                        label: _("Stage it; boot into it on the next reboot"),
                        description: _("The image downloads now. The system keeps running the current image until it reboots."),
                    },
                    {
                        mode: "apply",
                        label: _("Stage it and reboot now"),
                        description: _("The system reboots as soon as the image is staged."),
                    },
                ]}
                mode={mode}
                onMode={onMode}
                softReboot={softRebootOffered(facts, host)
                    ? {
                        checked: softReboot,
                        disabled: false,
                        onChange: onSoftReboot,
                        description: _("Restart only userspace into the new image when its kernel is the same; otherwise reboot fully."),
                    }
                    : null}
            />
            {facts.timerEnabled && mode === "stage" && (
                <TimerWarning
                    id={`${id}-timer-warning`}
                    text={_("bootc-fetch-apply-updates.timer runs “bootc upgrade --apply” (about every 8 hours). At its next run it reboots into the staged image.")}
                />
            )}
        </>
    );
}
