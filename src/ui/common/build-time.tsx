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
    // the exact time only when the tooltip shows: the first long date format the page builds costs
    // tens of milliseconds (time zone names), too much for every row of the first screen
    return (
        <Tooltip content={<><ExactTime date={image.builtAt} /><br />{image.builtAtRaw}</>}>
            <time className="ct-build-time" dateTime={image.builtAt.toISOString()} tabIndex={0}>
                {relativeTime(image.builtAt)}
            </time>
        </Tooltip>
    );
}

/** The full local date and time, built when it is shown (a tooltip's content renders when it opens). */
export function ExactTime({ date }: { date: Date }) {
    return <>{exactTime(date)}</>;
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
