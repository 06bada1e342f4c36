/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

import { useState } from "react";

import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";

import { _ } from "../i18n";

import { HostText } from "./host-text";

/** Output beyond this many characters is shown on a further click. */
const OUTPUT_MAX = 100_000;

/** Long output, folded away (and not rendered) until asked for. */
export function FullOutput({ text, toggle }: { text: string; toggle: string }) {
    const [expanded, setExpanded] = useState(false);
    return (
        <ExpandableSection
            toggleText={toggle}
            className="ct-full-output"
            isExpanded={expanded}
            onToggle={(_event, value) => setExpanded(value)}
        >
            {expanded && (
                <CodeBlock>
                    <CodeBlockCode>
                        {text === "" ? _("(no output)") : <HostText value={text} max={OUTPUT_MAX} lines />}
                    </CodeBlockCode>
                </CodeBlock>
            )}
        </ExpandableSection>
    );
}
