// SPDX-License-Identifier: LGPL-2.1-or-later
// PatternFly's class names of a component, as the ESM build that its React components import (with the
// component's CSS). The package types only the CommonJS files next to them: these say the two are the same.

declare module "@patternfly/react-styles/css/components/Label/label.mjs" {
    import styles from "@patternfly/react-styles/css/components/Label/label";

    export default styles;
}

declare module "@patternfly/react-styles/css/components/Label/label-group.mjs" {
    import styles from "@patternfly/react-styles/css/components/Label/label-group";

    export default styles;
}

declare module "@patternfly/react-styles/css/components/Page/page.mjs" {
    import styles from "@patternfly/react-styles/css/components/Page/page";

    export default styles;
}

declare module "@patternfly/react-styles/css/components/Table/table.mjs" {
    import styles from "@patternfly/react-styles/css/components/Table/table";

    export default styles;
}

declare module "@patternfly/react-styles/css/components/Table/table-grid.mjs" {
    import styles from "@patternfly/react-styles/css/components/Table/table-grid";

    export default styles;
}
