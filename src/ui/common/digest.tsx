/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { useState } from "react";

import { ClipboardCopyButton } from "@patternfly/react-core/dist/esm/components/ClipboardCopy/index.js";
import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";

import { shortDigest } from "../../backend";
import { _ } from "../i18n";

import { copyText } from "./clipboard";
import { hostText } from "./host-text";

/** A digest as its first 12 hex characters; the full digest on hover and on copy. */
export function Digest({ digest, id }: { digest: string; id: string }) {
    const [copied, setCopied] = useState(false);
    return (
        <span className="ct-digest">
            <Tooltip content={<span className="ct-digest-full">{hostText(digest)}</span>} maxWidth="40rem">
                <code className="ct-digest-short" tabIndex={0} data-digest={digest}>
                    {hostText(shortDigest(digest))}
                </code>
            </Tooltip>
            <ClipboardCopyButton
                id={`${id}-copy`}
                aria-label={_("Copy the full digest")}
                variant="plain"
                hasNoPadding
                exitDelay={copied ? 1500 : 300}
                onTooltipHidden={() => setCopied(false)}
                onClick={() => {
                    void copyText(digest).then(setCopied);
                }}
            >
                {copied ? _("Digest copied") : _("Copy the full digest")}
            </ClipboardCopyButton>
        </span>
    );
}
