# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Functions shared by the operation scripts (start-, run-, attach-, control-operation.sh and
# bootc-processes.sh): operations.ts puts this text in front of each of them. It only defines
# functions; nothing runs here. Every function takes its values as arguments.
#
# The record of the current operation is DIR/op/ (start-operation.sh documents the files). Its state
# file says "starting EPOCH", "running PID", "exited CODE EPOCH" or "lost REASON EPOCH", where REASON
# is "not-started" (the runner never took over), "runner-gone" (it died without recording an end) or
# "runner-gone" after bootc, left behind by a killed runner, ended too.

# how long a start may take before it counts as failed (seconds)
OPERATION_START_LIMIT=60

# record_failed DIR: says why a record could not be written, and stops with EX_IOERR
record_failed() {
    avail=$(df -Pk "$1" 2> /dev/null | awk 'NR == 2 { print $4 }') || avail=
    if [ "$avail" = 0 ]; then
        printf 'no space left in %s: the file system is full\n' "$1" >&2
    else
        printf 'could not write the operation record in %s\n' "$1" >&2
    fi
    exit 74
}

# put FILE LINE...: writes the lines to FILE whole (a temporary file renamed over it), or fails
put() {
    put_file=$1
    shift
    if printf '%s\n' "$@" > "$put_file.tmp" 2> /dev/null && mv -f "$put_file.tmp" "$put_file" 2> /dev/null; then
        return 0
    fi
    rm -f "$put_file.tmp" 2> /dev/null
    return 1
}

# audit PRIORITY MESSAGE: one line in the journal (or syslog) under the identifier cockpit-bootc
audit() {
    if command -v logger > /dev/null 2>&1; then
        logger -t cockpit-bootc -p "user.$1" -- "$2" 2> /dev/null || true
    fi
}

# is_bootc PID: the process runs bootc (itself, or a script named bootc under an interpreter)
is_bootc() {
    bootc_args "$1" > /dev/null
}

# bootc_args PID: prints bootc's arguments (after the program name), one per line; fails for other processes
bootc_args() {
    [ -r "/proc/$1/cmdline" ] || return 1
    args_first=1
    args_found=
    while IFS= read -r args_line; do
        if [ -n "$args_found" ]; then
            printf '%s\n' "$args_line"
            continue
        fi
        case ${args_line##*/} in
        bootc) args_found=1 ;;
        sh | bash | dash | env | node | nodejs | python | python3)
            if [ -z "$args_first" ]; then return 1; fi ;;
        *) return 1 ;;
        esac
        args_first=
    done <<EOF
$(tr '\000' '\n' < "/proc/$1/cmdline" 2> /dev/null)
EOF
    [ -n "$args_found" ]
}

# recover_operation DIR: the caller holds DIR/lock. A start that never reached "running" within
# OPERATION_START_LIMIT becomes "lost not-started"; a runner that died without recording an end becomes
# "lost runner-gone", unless the bootc it started still runs: then that bootc is what "running" names,
# and the next look finds it ended.
recover_operation() {
    rec_op=$1/op
    [ -f "$rec_op/state" ] || return 0
    read -r rec_word rec_value rest 2> /dev/null < "$rec_op/state" || return 0
    rec_now=$(date +%s)
    rec_id=$(cat "$rec_op/id" 2> /dev/null) || rec_id=
    case $rec_word in
    starting)
        case $rec_value in '' | *[!0-9]*) rec_value=0 ;; esac
        [ $((rec_now - rec_value)) -ge "$OPERATION_START_LIMIT" ] || return 0
        # the runner claims the record by renaming "claim", then says "running" at once: a runner that
        # claimed it and still has not said so this long after is gone too (it could not write the state)
        mv "$rec_op/claim" "$rec_op/abandoned" 2> /dev/null || true
        put "$rec_op/state" "lost not-started $rec_now" || true
        audit err "operation $rec_id did not start within $OPERATION_START_LIMIT s"
        ;;
    running)
        case $rec_value in '' | *[!0-9]*) return 0 ;; esac
        kill -0 "$rec_value" 2> /dev/null && return 0
        rec_child=$(cat "$rec_op/child.pid" 2> /dev/null) || rec_child=
        case $rec_child in '' | *[!0-9]*) rec_child= ;; esac
        if [ -n "$rec_child" ] && [ "$rec_child" != "$rec_value" ] && is_bootc "$rec_child"; then
            : > "$rec_op/runner-gone" 2> /dev/null || true
            put "$rec_op/state" "running $rec_child" || true
            audit warning "operation $rec_id: its runner is gone; bootc (pid $rec_child) still runs"
        else
            put "$rec_op/state" "lost runner-gone $rec_now" || true
            audit err "operation $rec_id ended without recording how (its runner is gone)"
        fi
        ;;
    esac
}

# bootc_processes DIR: every bootc operation running on the host, one line each: "ours" when it is the
# bootc of the page's current operation (DIR/op/child.pid while the record says it runs), else "other";
# PID, start (epoch seconds), systemd unit, login user, "tty" or "-", and its arguments. Tab-separated; a
# field that is not known is "-". `bootc status` and other verbs that only read do not count, nor does a
# bootc in another mount namespace (a container's: it works on another root).
bootc_processes() {
    bp_ours=
    if grep -q '^running' "$1/op/state" 2> /dev/null; then
        bp_ours=$(cat "$1/op/child.pid" 2> /dev/null) || bp_ours=
    fi
    bp_ns=$(readlink /proc/self/ns/mnt 2> /dev/null) || bp_ns=
    bp_btime=$(awk '$1 == "btime" { print $2 }' /proc/stat 2> /dev/null) || bp_btime=
    bp_hz=$(getconf CLK_TCK 2> /dev/null) || bp_hz=100
    # one grep over every command line, then a closer look at the few that name bootc
    # (-z: each argument is a "line"; one named bootc, or ending in /bootc). A process that ends meanwhile
    # makes grep's status 2 whatever it found: its output counts, not its status
    bp_files=$(grep -lasz -E '(^|/)bootc$' /proc/[0-9]*/cmdline 2> /dev/null || true)
    [ -n "$bp_files" ] || return 0
    # asked after the processes were found: a bootc the timer's service started is its MainPID by then
    bp_timer=$(systemctl show -p MainPID --value bootc-fetch-apply-updates.service 2> /dev/null) || bp_timer=
    printf '%s\n' "$bp_files" | while IFS= read -r bp_file; do
        set -f
        bp_pid=${bp_file#/proc/}
        bp_pid=${bp_pid%/cmdline}
        bp_args=$(bootc_args "$bp_pid") || continue
        if [ -n "$bp_ns" ] && bp_pns=$(readlink "/proc/$bp_pid/ns/mnt" 2> /dev/null) && [ "$bp_pns" != "$bp_ns" ]; then
            continue
        fi
        bp_verb=
        for bp_arg in $bp_args; do
            case $bp_arg in -*) ;; *) bp_verb=$bp_arg; break ;; esac
        done
        case $bp_verb in
        upgrade | update | switch | rollback | edit | install | usr-overlay | state) ;;
        image)
            case $bp_args in *copy-to-storage*) ;; *) continue ;; esac ;;
        *) continue ;;
        esac
        bp_start=-
        bp_tty=-
        if read -r bp_stat 2> /dev/null < "/proc/$bp_pid/stat"; then
            # shellcheck disable=SC2086 # the fields after the command name, split on purpose
            set -- ${bp_stat##*) }
            [ "${5-0}" = 0 ] || bp_tty=tty
            if [ $# -ge 20 ] && [ -n "$bp_btime" ]; then
                shift 19
                bp_start=$((bp_btime + $1 / bp_hz))
            fi
        fi
        bp_unit=-
        if [ "$bp_pid" = "$bp_timer" ]; then
            bp_unit=bootc-fetch-apply-updates.service
        else
            bp_cgroup=$(tail -n 1 "/proc/$bp_pid/cgroup" 2> /dev/null) || bp_cgroup=
            case ${bp_cgroup##*/} in
            *.service) bp_unit=${bp_cgroup##*/} ;;
            esac
        fi
        bp_user=-
        if read -r bp_uid 2> /dev/null < "/proc/$bp_pid/loginuid" && [ "$bp_uid" != 4294967295 ]; then
            bp_user=$(getent passwd "$bp_uid" 2> /dev/null | cut -d: -f1)
            [ -n "$bp_user" ] || bp_user="uid $bp_uid"
        fi
        bp_whose=other
        [ "$bp_pid" != "$bp_ours" ] || bp_whose=ours
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$bp_whose" "$bp_pid" "$bp_start" "$bp_unit" "$bp_user" "$bp_tty" \
            "$(printf '%s' "$bp_args" | tr '\n\t' '  ' | tr -d '\000-\037' | cut -c 1-2000)"
    done
}
