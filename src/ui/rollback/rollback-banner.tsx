/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A queued rollback: what boots next, "Reboot now", and "Undo" (`bootc rollback` again reverts it).
 */

import { useEffect, useState } from "react";

import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Flex } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";

import type { Deployment, HostModel } from "../../backend";
import { useBackend } from "../backend-context";
import { Digest } from "../common/digest";
import { ImageReference } from "../common/image-reference";
import { useAction } from "../common/action";
import { RebootDialog } from "../common/reboot-dialog";
import { _, format } from "../i18n";
import { imageVersion } from "../updates/update-text";

export interface RollbackBannerProps {
    host: HostModel;
    rollback: Deployment;
    /** an operation runs: nothing else may start */
    busy: boolean;
    onRebooting: () => void;
}

export function RollbackBanner({ host, rollback, busy, onRebooting }: RollbackBannerProps) {
    const client = useBackend();
    const [softPrepared, setSoftPrepared] = useState(false);
    const [confirming, setConfirming] = useState(false);
    const undoing = useAction();
    const image = rollback.image;

    useEffect(() => {
        let live = true;
        client.updateFacts().then(facts => live && setSoftPrepared(facts.softRebootPrepared), () => live && setSoftPrepared(false));
        return () => {
            live = false;
        };
    }, [client, rollback.id]);

    const undo = () => undoing.run(() => client.undoRollback(host.booted?.image ?? null));

    return (
        <>
            <Alert
                id="rollback-banner"
                isInline
                variant="info"
                title={format(_("Rollback queued: the system boots $0 next"), imageVersion(image))}
                actionLinks={(
                    <Flex>
                        <Button id="rollback-reboot" variant="primary" isDisabled={busy || undoing.busy} onClick={() => setConfirming(true)}>
                            {softPrepared ? _("Soft reboot now") : _("Reboot now")}
                        </Button>
                        <Button id="rollback-undo" variant="secondary" isDisabled={busy || undoing.busy} isLoading={undoing.busy} onClick={undo}>
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
            {confirming && <RebootDialog into={imageVersion(image)} soft={softPrepared} onClose={() => setConfirming(false)} onRebooting={onRebooting} />}
        </>
    );
}
