# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Starts a bootc operation that outlives the page, one at a time, and prints its id. Runs after
# operation-lib.sh.
#
#   start-operation.sh DIR ID KIND PROGRESS USER META RUNNER ARGV...
#
# DIR       where operations are recorded (/run/cockpit-bootc)
# ID        the operation's id ([A-Za-z0-9-]+)
# KIND      what it is (check, update, …: [a-z-]+); the last finished check is kept in DIR/last-check
# PROGRESS  "1" when ARGV asks bootc for --progress-fd=3
# USER      the Cockpit user who starts it, for the journal ([A-Za-z0-9._@-]+, else "unknown")
# META      the page's description of the operation (JSON), stored verbatim in meta.json
# RUNNER    the text of run-operation.sh (with operation-lib.sh in front)
# ARGV      the command; it must be bootc
#
# DIR/op/ holds the current (or last) operation: id, kind, user, meta.json, argv, run.sh, state (see
# operation-lib.sh), stdout, stderr, progress.jsonl, progress-last.json, progress-bytes.json, child.pid,
# and the markers claim (until the runner takes over), cancelled, signalled, runner-gone and dismissed.
# Every file is written whole or not at all, but progress.jsonl, which grows a line at a time (pages
# follow it as a stream and keep a line until it ends); meta.json is written last: a page watching it learns about
# a new operation once everything else is in place. DIR/history/ keeps the last 10 finished records.
# Values only ever arrive as arguments; nothing is interpolated into a shell command.
set -eu
dir=$1 id=$2 kind=$3 progress=$4 user=$5 meta=$6 runner=$7
shift 7

case $id in '' | *[!A-Za-z0-9-]*) echo "invalid operation id" >&2; exit 2 ;; esac
case $kind in '' | *[!a-z-]*) echo "invalid operation kind" >&2; exit 2 ;; esac
case $progress in 0 | 1) ;; *) echo "invalid progress flag" >&2; exit 2 ;; esac
case $user in '' | *[!A-Za-z0-9._@-]*) user=unknown ;; esac
case ${1-} in bootc) ;; *) echo "only bootc operations can be started" >&2; exit 2 ;; esac

umask 077
op=$dir/op
mkdir -p "$op" 2> /dev/null || record_failed "$dir"
exec 9> "$dir/lock" || record_failed "$dir"
flock -w 20 -x 9 || { echo "another page is starting an operation right now" >&2; exit 75; }

recover_operation "$dir"
read -r word pid rest 2> /dev/null < "$op/state" || word=
case $word in
starting | running)
    printf 'Another operation is running: %s\n' "$(tr '\n' ' ' < "$op/argv" 2> /dev/null)" >&2
    exit 75 ;;
esac

# never two: a bootc operation the page did not start (the update timer, a terminal) holds the lock
others=$(bootc_processes "$dir")
if [ -n "$others" ]; then
    printf '%s\n' "$others" | head -n 1 | {
        IFS="$(printf '\t')" read -r whose other_pid other_start other_unit other_user other_tty other_args
        printf 'bootc is already running (pid %s): bootc %s\n' "$other_pid" "$other_args" >&2
    }
    exit 75
fi

# keep the outcome of the last check: it says when updates were last looked for, and how big they are
if [ "$(cat "$op/kind" 2> /dev/null)" = check ] && grep -q '^exited' "$op/state" 2> /dev/null; then
    rm -rf "$dir/last-check.new"
    mkdir "$dir/last-check.new" || record_failed "$dir"
    for file in id kind meta.json argv state stdout stderr; do
        if [ -f "$op/$file" ]; then cp "$op/$file" "$dir/last-check.new/" || record_failed "$dir"; fi
    done
    rm -rf "$dir/last-check"
    mv "$dir/last-check.new" "$dir/last-check"
fi

# keep the last finished records (without progress events: a few kilobytes each)
old=$(cat "$op/id" 2> /dev/null) || old=
case $old in '' | *[!A-Za-z0-9-]*) old= ;; esac
if [ -n "$old" ] && [ -f "$op/meta.json" ]; then
    mkdir -p "$dir/history"
    rm -rf "$dir/history/$old"
    if mkdir "$dir/history/$old" 2> /dev/null; then
        for file in id kind user meta.json argv state cancelled signalled runner-gone; do
            if [ -f "$op/$file" ]; then cp "$op/$file" "$dir/history/$old/" 2> /dev/null || true; fi
        done
        for file in stdout stderr; do
            if [ -f "$op/$file" ]; then tail -c 65536 "$op/$file" > "$dir/history/$old/$file" 2> /dev/null || true; fi
        done
    fi
    # shellcheck disable=SC2012 # ids are [A-Za-z0-9-]
    ls -t "$dir/history" | tail -n +11 | while read -r gone; do rm -rf "${dir:?}/history/$gone"; done
fi

find "$op" -mindepth 1 -delete
now=$(date +%s)
put "$op/id" "$id" || record_failed "$dir"
put "$op/kind" "$kind" || record_failed "$dir"
put "$op/user" "$user" || record_failed "$dir"
put "$op/argv" "$@" || record_failed "$dir"
put "$op/run.sh" "$runner" || record_failed "$dir"
{ : > "$op/stdout" && : > "$op/stderr"; } 2> /dev/null || record_failed "$dir"
# there before bootc's first event, so that a page can follow it from the start
if [ "$progress" = 1 ]; then
    : > "$op/progress.jsonl" 2> /dev/null || record_failed "$dir"
fi
put "$op/claim" "$id" || record_failed "$dir"
put "$op/state" "starting $now" || record_failed "$dir"
put "$op/meta.json" "$meta" || record_failed "$dir"

# gives the record up when the runner did not take it over; if the runner just did, it is running
give_up() {
    if mv "$op/claim" "$op/abandoned" 2> /dev/null; then
        put "$op/state" "lost not-started $(date +%s)" || true
        audit err "operation $id ($kind) by $user did not start: $1"
        echo "the operation did not start: $1" >&2
        exit 1
    fi
}

# a transient unit where systemd runs (every session can see it, and it survives the bridge), else setsid;
# 9>&-: the runner must not keep holding the start lock
limit=
if command -v timeout > /dev/null 2>&1; then limit="timeout 20"; fi
if [ -d /run/systemd/system ] && command -v systemd-run > /dev/null 2>&1; then
    # shellcheck disable=SC2086 # $limit is "timeout 20" or nothing
    if ! $limit systemd-run --quiet --collect --unit="cockpit-bootc-$id" --description="cockpit-bootc $kind" \
            /bin/sh "$op/run.sh" "$op" "$progress" "$@" < /dev/null 9>&-; then
        give_up "systemd-run failed or did not answer"
    fi
else
    setsid /bin/sh "$op/run.sh" "$op" "$progress" "$@" < /dev/null > /dev/null 2>&1 9>&- &
fi

# hold the lock until the runner took over, so a second start cannot slip in between
tries=0
while [ "$(cat "$op/state" 2> /dev/null)" = "starting $now" ]; do
    tries=$((tries + 1))
    if [ "$tries" = 100 ]; then
        give_up "its runner did not take over within 10 s"
    elif [ "$tries" -gt 150 ]; then
        # it took the claim at the last moment, but did not say it runs: pages give it up after the limit
        echo "the operation did not start: its runner took over but did not record that it runs" >&2
        exit 1
    fi
    sleep 0.1
done
printf '%s\n' "$id"
