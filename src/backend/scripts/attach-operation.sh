# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Prepares the page to follow operations: makes sure DIR/op exists (so its files can be watched
# before the first operation ever starts) and recovers a record nothing will finish any more
# (recover_operation in operation-lib.sh: a start that never took off, a runner that died). Prints the
# current state and, on the next line, the current operation's id. Runs after operation-lib.sh.
#
#   attach-operation.sh DIR
set -eu
dir=$1
umask 077
mkdir -p "$dir/op" 2> /dev/null || record_failed "$dir"
exec 9> "$dir/lock" || record_failed "$dir"
flock -w 20 -x 9 || { echo "the operation record is locked" >&2; exit 75; }
op=$dir/op
if [ -f "$op/state" ]; then
    recover_operation "$dir"
    cat "$op/state"
    cat "$op/id" 2> /dev/null || true
else
    echo none
fi
