# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Starts a bootc operation that outlives the page, one at a time, and prints its id.
#
#   start-operation.sh DIR ID KIND PROGRESS META RUNNER ARGV...
#
# DIR       where operations are recorded (/run/cockpit-bootc)
# ID        the operation's id ([A-Za-z0-9-]+)
# KIND      what it is (check, update, …: [a-z-]+); the last finished check is kept in DIR/last-check
# PROGRESS  "1" when ARGV asks bootc for --progress-fd=3
# META      the page's description of the operation (JSON), stored verbatim in meta.json
# RUNNER    the text of run-operation.sh
# ARGV      the command; it must be bootc
#
# DIR/op/ holds the current (or last) operation: id, kind, meta.json, argv, run.sh, state
# ("starting", "running PID", "exited CODE EPOCH" or "lost"), stdout, stderr, progress.jsonl,
# progress-last.json, progress-bytes.json, and the markers cancelled, signalled and dismissed. meta.json is
# written last: a page watching it learns about a new operation once everything else is in place.
# Values only ever arrive as arguments; nothing is interpolated into a shell command.
set -eu
dir=$1 id=$2 kind=$3 progress=$4 meta=$5 runner=$6
shift 6

case $id in '' | *[!A-Za-z0-9-]*) echo "invalid operation id" >&2; exit 2 ;; esac
case $kind in '' | *[!a-z-]*) echo "invalid operation kind" >&2; exit 2 ;; esac
case $progress in 0 | 1) ;; *) echo "invalid progress flag" >&2; exit 2 ;; esac
case ${1-} in bootc) ;; *) echo "only bootc operations can be started" >&2; exit 2 ;; esac

umask 077
op=$dir/op
mkdir -p "$op"
exec 9> "$dir/lock"
flock -x 9

is_running() {
    [ -f "$op/state" ] || return 1
    read -r word pid rest < "$op/state" || return 1
    case $word in
    starting) return 0 ;;
    running) kill -0 "$pid" 2> /dev/null ;;
    *) return 1 ;;
    esac
}

if is_running; then
    printf 'Another operation is running: %s\n' "$(tr '\n' ' ' < "$op/argv" 2> /dev/null)" >&2
    exit 75
fi

# keep the outcome of the last check: it says when updates were last looked for, and how big they are
if [ "$(cat "$op/kind" 2> /dev/null)" = check ] && grep -q '^exited' "$op/state" 2> /dev/null; then
    rm -rf "$dir/last-check.new"
    mkdir "$dir/last-check.new"
    for file in id kind meta.json argv state stdout stderr; do
        if [ -f "$op/$file" ]; then cp "$op/$file" "$dir/last-check.new/"; fi
    done
    rm -rf "$dir/last-check"
    mv "$dir/last-check.new" "$dir/last-check"
fi

find "$op" -mindepth 1 -delete
printf '%s\n' "$id" > "$op/id"
printf '%s\n' "$kind" > "$op/kind"
printf '%s\n' "$@" > "$op/argv"
printf '%s\n' "$runner" > "$op/run.sh"
echo starting > "$op/state"
printf '%s\n' "$meta" > "$op/meta.tmp"
mv -f "$op/meta.tmp" "$op/meta.json"

# a transient unit where systemd runs (every session can see it, and it survives the bridge), else setsid
if [ -d /run/systemd/system ] && command -v systemd-run > /dev/null 2>&1; then
    if ! systemd-run --quiet --collect --unit="cockpit-bootc-$id" --description="cockpit-bootc $kind" \
            /bin/sh "$op/run.sh" "$op" "$progress" "$@"; then
        printf 'lost\n' > "$op/state"
        echo "systemd-run could not start the operation" >&2
        exit 1
    fi
else
    # 9>&-: the runner must not keep holding the start lock
    setsid /bin/sh "$op/run.sh" "$op" "$progress" "$@" < /dev/null > /dev/null 2>&1 9>&- &
fi

# hold the lock until the runner took over, so a second start cannot slip in between
tries=0
while [ "$(cat "$op/state")" = starting ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
        printf 'lost\n' > "$op/state"
        echo "the operation did not start" >&2
        exit 1
    fi
    sleep 0.1
done
printf '%s\n' "$id"
