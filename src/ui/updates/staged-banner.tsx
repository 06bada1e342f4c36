/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * After staging: "Reboot to apply …" with "Reboot now"; for a download-only deployment, applying it on
 * the next reboot, or now after the same confirmation as every other reboot.
 */

import { useState } from "react";

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Flex } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";

import type { Deployment, HostModel } from "../../backend";
import { Alert } from "../common/alert";
import { useDialogs } from "../common/dialogs";
import { Digest } from "../common/digest";
import { ImageReference } from "../common/image-reference";
import { imageVersion } from "../common/image-text";
import { errorText } from "../common/problem-text";
import { _, format } from "../i18n";
import { useBackend, usePageValue } from "../state/context";
import { canStart, operationActive } from "../state/page-store";

/** Shown while a deployment is staged and no operation runs. */
export function StagedBanner({ host }: { host: HostModel }) {
    const running = usePageValue(operationActive);
    if (!host.staged || running)
        return null;
    return <Staged staged={host.staged} />;
}

function Staged({ staged }: { staged: Deployment }) {
    const client = useBackend();
    const dialogs = useDialogs();
    const blocked = usePageValue(state => !canStart(state));
    const timerEnabled = usePageValue(state => state.facts?.timerEnabled ?? false);
    const soft = usePageValue(state => state.facts?.softRebootPrepared ?? false);
    const [starting, setStarting] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const image = staged.image;

    const applyLater = () => {
        setStarting(true);
        setError(null);
        client.applyDownloaded({ rebootNow: false, target: image }).then(
            () => setStarting(false),
            (failure: unknown) => {
                setStarting(false);
                setError(errorText(failure));
            },
        );
    };
    const applyNow = () => dialogs.open({
        kind: "reboot", into: imageVersion(image), soft: false, apply: { target: image },
    });

    const details = image && (
        <div className="ct-staged-image">
            <ImageReference name={image.ref.name} transport={image.ref.transport} />
            {" · "}
            <Digest digest={image.digest} id="staged-banner-digest" />
        </div>
    );
    const failure = error && <Alert isInline isPlain variant="danger" title={error} />;

    if (staged.downloadOnly) {
        return (
            <Alert
                id="staged-banner"
                data-kind="download-only"
                isInline
                variant="info"
                title={format(_("Download only: $0 is staged but not applied on reboot"), imageVersion(image))}
                actionLinks={(
                    <Flex>
                        <Button
                            id="staged-apply-later"
                            variant="secondary"
                            isDisabled={blocked || starting}
                            isLoading={starting}
                            onClick={applyLater}
                        >
                            {_("Apply on next reboot")}
                        </Button>
                        <Button
                            id="staged-apply-now"
                            variant="warning"
                            isDisabled={blocked || starting}
                            onClick={applyNow}
                        >
                            {_("Apply and reboot now…")}
                        </Button>
                    </Flex>
                )}
            >
                {details}
                <p>{_("Unless it is applied, it is discarded when the system next boots.")}</p>
                {timerEnabled && <p id="staged-timer-warning">{_("The automatic update timer (bootc-fetch-apply-updates.timer) will apply it and reboot at its next run.")}</p>}
                {failure}
            </Alert>
        );
    }

    const reboot = () => dialogs.open({ kind: "reboot", into: imageVersion(image), soft });
    return (
        <Alert
            id="staged-banner"
            data-kind="staged"
            isInline
            variant="info"
            title={format(_("Reboot to apply $0"), imageVersion(image))}
            actionLinks={(
                <Button id="staged-reboot" variant="primary" isDisabled={blocked} onClick={reboot}>
                    {soft ? _("Soft reboot now") : _("Reboot now")}
                </Button>
            )}
        >
            {details}
            <p>{soft
                ? _("It is staged and applied when the system reboots. A soft reboot is prepared: only userspace restarts.")
                : _("It is staged and applied when the system reboots.")}
            </p>
            {timerEnabled && <p id="staged-timer-warning">{_("The automatic update timer (bootc-fetch-apply-updates.timer) will reboot into it at its next run.")}</p>}
            {failure}
        </Alert>
    );
}
