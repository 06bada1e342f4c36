/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A queued rollback: what boots next, "Reboot now", and "Undo" (`bootc rollback` again reverts it).
 */

import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Flex } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";

import type { Deployment, HostModel } from "../../backend";
import { useAction } from "../common/action";
import { Alert } from "../common/alert";
import { useDialogs } from "../common/dialogs";
import { Digest } from "../common/digest";
import { ImageReference } from "../common/image-reference";
import { imageVersion } from "../common/image-text";
import { _, format } from "../i18n";
import { useBackend, usePageValue } from "../state/context";
import { canStart, operationActive } from "../state/page-store";

/** Shown while a rollback is queued and no operation runs. */
export function RollbackBanner({ host }: { host: HostModel }) {
    const running = usePageValue(operationActive);
    if (!host.rollbackQueued || !host.rollback || running)
        return null;
    return <QueuedRollback host={host} rollback={host.rollback} />;
}

function QueuedRollback({ host, rollback }: { host: HostModel; rollback: Deployment }) {
    const client = useBackend();
    const dialogs = useDialogs();
    const blocked = usePageValue(state => !canStart(state));
    const softPrepared = usePageValue(state => state.facts?.softRebootPrepared ?? false);
    const undoing = useAction();
    const image = rollback.image;

    const undo = () => undoing.run(() => client.undoRollback(host.booted?.image ?? null));
    const reboot = () => dialogs.open({ kind: "reboot", into: imageVersion(image), soft: softPrepared });

    return (
        <Alert
            id="rollback-banner"
            isInline
            variant="info"
            title={format(_("Rollback queued: the system boots $0 next"), imageVersion(image))}
            actionLinks={(
                <Flex>
                    <Button
                        id="rollback-reboot"
                        variant="primary"
                        isDisabled={blocked || undoing.pending}
                        onClick={reboot}
                    >
                        {softPrepared ? _("Soft reboot now") : _("Reboot now")}
                    </Button>
                    <Button
                        id="rollback-undo"
                        variant="secondary"
                        isDisabled={blocked || undoing.pending}
                        isLoading={undoing.pending}
                        onClick={undo}
                    >
                        {_("Undo")}
                    </Button>
                </Flex>
            )}
        >
            {image && (
                <div className="ct-staged-image">
                    <ImageReference name={image.ref.name} transport={image.ref.transport} />
                    {" · "}
                    <Digest digest={image.digest} id="rollback-banner-digest" />
                </div>
            )}
            <p>{format(_("It takes effect when the system reboots. Undo keeps running $0 after the reboot."), imageVersion(host.booted?.image))}</p>
            {undoing.error && <Alert isInline isPlain variant="danger" title={undoing.error} />}
        </Alert>
    );
}
