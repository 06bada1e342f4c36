# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Prepares the page to follow operations: makes sure DIR/op exists (so its files can be watched
# before the first operation ever starts) and marks an operation whose runner died without recording
# an exit (killed, or the machine went down mid-way) as lost. Prints the current state and, on the
# next line, the current operation's id.
#
#   attach-operation.sh DIR
set -eu
dir=$1
umask 077
mkdir -p "$dir/op"
exec 9> "$dir/lock"
flock -x 9
op=$dir/op
if [ -f "$op/state" ]; then
    read -r word pid rest < "$op/state" || word=
    if [ "$word" = running ] && ! kill -0 "$pid" 2> /dev/null; then
        printf 'lost\n' > "$op/state.tmp"
        mv -f "$op/state.tmp" "$op/state"
    fi
    cat "$op/state"
    cat "$op/id" 2> /dev/null || true
else
    echo none
fi
