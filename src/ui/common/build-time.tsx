/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";

import type { ImageInfo } from "../../backend";
import { exactTime, relativeTime } from "../format";
import { _ } from "../i18n";

/** When an image was built: "3 weeks ago", with the exact local and UTC time on hover. */
export function BuildTime({ image }: { image: ImageInfo }) {
    if (!image.builtAt) {
        // missing, or a timestamp we cannot read: show bootc's text as it is
        return <span className="ct-build-time">{image.builtAtRaw ?? _("Unknown")}</span>;
    }
    const exact = exactTime(image.builtAt);
    return (
        <Tooltip content={<>{exact}<br />{image.builtAtRaw}</>}>
            <time className="ct-build-time" dateTime={image.builtAt.toISOString()} tabIndex={0} title={exact}>
                {relativeTime(image.builtAt)}
            </time>
        </Tooltip>
    );
}

/** The exact build time for details: local time with zone, and bootc's own timestamp. */
export function ExactBuildTime({ image }: { image: ImageInfo }) {
    if (!image.builtAt)
        return <>{image.builtAtRaw ?? _("Unknown")}</>;
    return (
        <>
            <time dateTime={image.builtAt.toISOString()}>{exactTime(image.builtAt)}</time>
            {" "}
            <span className="ct-secondary">({image.builtAtRaw})</span>
        </>
    );
}
