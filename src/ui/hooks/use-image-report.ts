/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The bound images and bootc's storage, read again whenever the host is (its bootc calls take the
 * sysroot lock too, so never while an operation runs). The last report stays shown while the next loads.
 */

import { useEffect, useState } from "react";

import type { HostModel, ImageReport } from "../../backend";
import { useBackend } from "../backend-context";

export function useImageReport(host: HostModel | null, enabled: boolean): ImageReport | null {
    const client = useBackend();
    const [report, setReport] = useState<ImageReport | null>(null);
    useEffect(() => {
        if (!enabled || !host)
            return undefined;
        let live = true;
        void client.imageReport(host).then(result => {
            if (live)
                setReport(result);
        });
        return () => {
            live = false;
        };
    }, [client, host, enabled]);
    return report;
}
