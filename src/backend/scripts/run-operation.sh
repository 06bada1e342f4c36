# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs one bootc operation, detached from the page, and records it in its directory (see
# start-operation.sh for the layout). Started by start-operation.sh as a transient systemd unit or
# under setsid; nothing here depends on the page that started it. Runs after operation-lib.sh.
#
#   run-operation.sh OPDIR PROGRESS ARGV...
#
# PROGRESS "1": ARGV asks bootc for --progress-fd=3; fd 3 becomes a FIFO (bootc refuses regular files
# and sockets) that a reader appends to progress.jsonl (created by start-operation.sh), line by line,
# with the shell's own printf: no process per event. Pages follow that one growing file as a stream.
# When bootc is done, progress-last.json gets the last event and progress-bytes.json the last download
# event, for a page that looks at the record afterwards.
#
# Stopped from outside (SIGTERM from "systemctl stop" or kill, SIGHUP, SIGINT), it stops bootc too,
# notes the signal in "signalled" and still records how bootc exited: a page never waits on an
# operation that is over. Only SIGKILL leaves the state at "running"; pages notice the runner is gone
# (attach-operation.sh) and call it lost. bootc dies with the runner where setpriv can ask the kernel
# for that (--pdeathsig); elsewhere pages follow the bootc left behind until it ends.
#
# The journal gets who started what, and how it ended (identifier cockpit-bootc).
set -u
op=$1
progress=$2
shift 2
cd "$op" || exit 1

set_state() {
    put state "$*"
}

# the record is ours only if start-operation.sh has not given it up
mv claim claimed 2> /dev/null || exit 0
id=$(cat id 2> /dev/null) || id=
user=$(cat user 2> /dev/null) || user=unknown

child=
stopped=
stop() {
    if [ -z "$stopped" ]; then
        stopped=$1
        printf '%s\n' "$1" > signalled
    fi
    if [ -n "$child" ]; then
        kill -TERM "$child" 2> /dev/null
    fi
}
trap 'stop TERM' TERM
trap 'stop HUP' HUP
trap 'stop INT' INT

if ! set_state running $$; then
    audit err "operation $id by $user could not be recorded, so it did not run: $*"
    exit 74
fi
audit notice "operation $id started by $user: $*"

die_with_runner=
if command -v setpriv > /dev/null 2>&1 && setpriv --pdeathsig TERM true 2> /dev/null; then
    die_with_runner="setpriv --pdeathsig TERM --"
fi

reader=
if [ "$progress" = 1 ]; then
    rm -f progress.fifo
    mkfifo -m 600 progress.fifo
    (
        while IFS= read -r line; do
            printf '%s\n' "$line"
        done < progress.fifo >> progress.jsonl
    ) &
    reader=$!
    # shellcheck disable=SC2086 # $die_with_runner is a command prefix or nothing
    $die_with_runner "$@" 3> progress.fifo > stdout 2> stderr < /dev/null &
else
    # shellcheck disable=SC2086
    $die_with_runner "$@" > stdout 2> stderr < /dev/null &
fi
child=$!
put child.pid "$child" || true
if [ -n "$stopped" ]; then
    kill -TERM "$child" 2> /dev/null
fi
# a trapped signal interrupts wait: wait again until bootc has really exited (a zombie still counts)
wait "$child"
code=$?
while kill -0 "$child" 2> /dev/null; do
    wait "$child"
    code=$?
done
if [ -n "$reader" ]; then
    wait "$reader"
    if [ -s progress.jsonl ]; then
        tail -n 1 progress.jsonl > progress-last.json
        grep '"type":"ProgressBytes"' progress.jsonl | tail -n 1 > progress-bytes.json
        [ -s progress-bytes.json ] || rm -f progress-bytes.json
    fi
fi
rm -f progress.fifo
if [ -f cancelled ]; then
    audit notice "operation $id ended: cancelled by a page (exit status $code)"
elif [ -n "$stopped" ]; then
    audit warning "operation $id ended: stopped by SIG$stopped (exit status $code)"
elif [ "$code" = 0 ]; then
    audit notice "operation $id ended: succeeded"
else
    audit err "operation $id ended: bootc failed with exit status $code: $(tail -n 1 stderr 2> /dev/null | cut -c 1-500)"
fi
rm -f child.pid
set_state exited "$code" "$(date +%s)" || exit 74
