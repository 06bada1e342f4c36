# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Acts on the current operation, if it is still the one with ID:
#   control-operation.sh DIR ID cancel    stops bootc (SIGTERM); safe while it downloads
#   control-operation.sh DIR ID dismiss   marks the outcome as seen, for every page
# Runs after operation-lib.sh.
set -eu
dir=$1 id=$2 action=$3
op=$dir/op
[ "$(cat "$op/id" 2> /dev/null)" = "$id" ] || { echo "that operation is over" >&2; exit 3; }
case $action in
cancel)
    child=$(cat "$op/child.pid" 2> /dev/null) || { echo "the operation is not running" >&2; exit 3; }
    case $child in '' | *[!0-9]*) echo "the operation is not running" >&2; exit 3 ;; esac
    # the pid of a bootc that ended may belong to another process by now
    is_bootc "$child" || { echo "the operation is not running" >&2; exit 3; }
    if ! : > "$op/cancelled" 2> /dev/null; then record_failed "$dir"; fi
    kill -TERM "$child"
    ;;
dismiss)
    if ! : > "$op/dismissed" 2> /dev/null; then record_failed "$dir"; fi
    ;;
*)
    echo "unknown action" >&2
    exit 2
    ;;
esac
