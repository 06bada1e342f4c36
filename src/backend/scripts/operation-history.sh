# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Prints the finished operation records start-operation.sh kept in DIR/history, newest first: one line
# per file, "ID<TAB>NAME<TAB>CONTENT IN BASE64", for the files meta.json, state, user, stdout, stderr and
# the markers cancelled, signalled and runner-gone. Runs after operation-lib.sh.
#
#   operation-history.sh DIR
set -eu
dir=$1/history
[ -d "$dir" ] || exit 0
# shellcheck disable=SC2012 # the names are ids, [A-Za-z0-9-]
ls -t "$dir" | while read -r id; do
    case $id in '' | *[!A-Za-z0-9-]*) continue ;; esac
    for name in meta.json state user stdout stderr cancelled signalled runner-gone; do
        [ -f "$dir/$id/$name" ] || continue
        printf '%s\t%s\t%s\n' "$id" "$name" "$(base64 -w 0 < "$dir/$id/$name")"
    done
done
