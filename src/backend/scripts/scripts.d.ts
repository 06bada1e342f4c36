// SPDX-License-Identifier: LGPL-2.1-or-later
// The host scripts are bundled as text (esbuild's "text" loader; a jest transform in tests).
declare module "*.sh" {
    const text: string;
    export default text;
}
