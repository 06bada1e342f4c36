/*
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Translation helpers under the names tools/po.mjs extracts: _("…"), ngettext(…), format("$0", …).
 */

export const _ = (message: string): string => cockpit.gettext(message);
export const ngettext = (singular: string, plural: string, n: number): string => cockpit.ngettext(singular, plural, n);
export const format = (template: string, ...args: (string | number)[]): string => cockpit.format(template, ...args);
