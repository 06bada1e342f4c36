# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs one bootc operation, detached from the page, and records it in its directory (see
# start-operation.sh for the layout). Started by start-operation.sh as a transient systemd unit or
# under setsid; nothing here depends on the page that started it.
#
#   run-operation.sh OPDIR PROGRESS ARGV...
#
# PROGRESS "1": ARGV asks bootc for --progress-fd=3; fd 3 becomes a FIFO (bootc refuses regular files
# and sockets) that a reader copies to progress.jsonl, keeping the latest event in progress-last.json
# and the latest download event in progress-bytes.json, so a page can follow them cheaply.
#
# Stopped from outside (SIGTERM from "systemctl stop" or kill, SIGHUP, SIGINT), it stops bootc too,
# notes the signal in "signalled" and still records how bootc exited: a page never waits on an
# operation that is over. Only SIGKILL leaves the state at "running"; pages notice the runner is gone
# (attach-operation.sh) and call it lost.
set -u
op=$1
progress=$2
shift 2
cd "$op" || exit 1

set_state() {
    printf '%s\n' "$*" > state.tmp && mv -f state.tmp state
}

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

set_state running $$

reader=
if [ "$progress" = 1 ]; then
    rm -f progress.fifo
    mkfifo -m 600 progress.fifo
    (
        while IFS= read -r line; do
            printf '%s\n' "$line" >> progress.jsonl
            printf '%s\n' "$line" > progress-last.tmp && mv -f progress-last.tmp progress-last.json
            case $line in
            *'"type":"ProgressBytes"'*)
                printf '%s\n' "$line" > progress-bytes.tmp && mv -f progress-bytes.tmp progress-bytes.json ;;
            esac
        done < progress.fifo
    ) &
    reader=$!
    "$@" 3> progress.fifo > stdout 2> stderr < /dev/null &
else
    "$@" > stdout 2> stderr < /dev/null &
fi
child=$!
printf '%s\n' "$child" > child.pid
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
fi
rm -f progress.fifo child.pid
set_state exited "$code" "$(date +%s)"
