/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What an image card shows before its listings arrive. bootc lists images only with its storage lock,
 * which a running operation holds until it ends: then the card says so, instead of a spinner that
 * would turn for the whole download as if something were being read.
 */

import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../i18n";
import { usePageValue } from "../state/context";

export function ImagesPending({ id }: { id: string }) {
    const locked = usePageValue(state => state.locked);
    if (locked) {
        return (
            <p id={id} className="ct-secondary" data-pending="locked">
                {_("Listed when the running operation has ended: bootc keeps its storage locked until then.")}
            </p>
        );
    }
    return <Spinner id={id} size="lg" aria-label={_("Loading")} data-pending="loading" />;
}
