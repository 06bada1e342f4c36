#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the simulated bootc host and runs a command in it. Call it inside a private mount namespace
# (unshare -m --propagation private): every mount made here disappears with the namespace, and nothing
# outside it changes.
#
#   host-setup.sh WORK SIMULATOR SYSTEMCTL USER COCKPIT COMMAND [ARG...]
#
# WORK      a directory holding fs/ (the host's /ostree, /run, /usr/lib/bootc, quadlet directory and
#           /etc/systemd/system, shared with the test through bind mounts) and two empty mount points,
#           ovl/ and root/
# SIMULATOR the bootc simulator to install as /usr/bin/bootc, or "" for a host without bootc
# SYSTEMCTL the simulator again, installed as /usr/bin/systemctl and /usr/bin/systemd-run (it acts as
#           each under that name)
# USER      "" to run COMMAND as root; otherwise a user to create (in the overlay) who may become root
#           with sudo and no password, as an administrator of a real host can; COMMAND runs as that user
# COCKPIT   "" for the machine's Cockpit; otherwise a folder holding another Cockpit's unpacked packages
#           (cockpit-ws, -bridge, -system: tools/fetch-cockpit.sh), mounted over the machine's
#
# The host has a system D-Bus of its own, and COMMAND's user a session bus, as on every real host:
# Cockpit's Python bridge needs them for the shell's D-Bus channels. They belong to COMMAND's process
# group and end with it.
#
# BOOTC_TEST_RUN_FULL=1 in the environment: /run/cockpit-bootc is a full file system.
#
# The host's / is a copy-on-write overlay of the real /, so the simulator can sit at /usr/bin/bootc and
# /ostree can exist without touching the real file system.
set -eu
work=$1
simulator=$2
simulator_systemctl=$3
user=$4
cockpit=$5
shift 5

mount -t tmpfs tmpfs "$work/ovl"
mkdir "$work/ovl/upper" "$work/ovl/work"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/ovl/upper,workdir=$work/ovl/work" "$work/root"
for dir in proc sys dev; do
    mount --rbind "/$dir" "$work/root/$dir"
done
mount --bind /tmp "$work/root/tmp"

for dir in ostree run usr/lib/bootc usr/share/containers/systemd etc/systemd/system; do
    mkdir -p "$work/root/$dir"
    mount --bind "$work/fs/$dir" "$work/root/$dir"
done

# another Cockpit: its files instead of the machine's (its Python bridge, its ws, its pages)
if [ -n "$cockpit" ]; then
    for dir in usr/share/cockpit usr/lib/cockpit usr/lib/python3/dist-packages/cockpit; do
        mkdir -p "$work/root/$dir"
        mount --bind "$cockpit/$dir" "$work/root/$dir"
    done
    cp "$cockpit/usr/bin/cockpit-bridge" "$work/root/usr/bin/cockpit-bridge"
fi

# waits up to 5 s for SOCKET to appear (WHAT started it), or gives up
wait_for_socket() {
    tries=0
    until [ -S "$1" ]; do
        tries=$((tries + 1))
        [ "$tries" -le 100 ] || { echo "$2 did not start" >&2; exit 1; }
        sleep 0.05
    done
}

# the system bus, at /run/dbus/system_bus_socket (this host's /run): anyone may talk on it, and nothing
# is ever activated (a real system bus would start hostnamed, PackageKit, … when the shell asks for them)
mkdir -p "$work/root/run/dbus"
rm -f "$work/root/run/dbus/system_bus_socket"
cat > "$work/root/run/dbus/test-system.conf" <<'CONF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=/run/dbus/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
chroot "$work/root" dbus-daemon --config-file=/run/dbus/test-system.conf --nofork --nopidfile --nosyslog &
wait_for_socket "$work/root/run/dbus/system_bus_socket" "the system dbus-daemon"

# no systemd here: the simulator also stands in for systemctl (reboot, is-enabled, show) and systemd-run,
# sharing its state; systemd-run is used only where a test makes /run/systemd/system
for name in systemctl systemd-run; do
    cp "$simulator_systemctl" "$work/root/usr/bin/$name"
    chmod 755 "$work/root/usr/bin/$name"
done

# a /run/cockpit-bootc with no room left (BOOTC_TEST_RUN_FULL=1): a full /run
if [ "${BOOTC_TEST_RUN_FULL-}" = 1 ]; then
    mkdir -p "$work/root/run/cockpit-bootc"
    mount -t tmpfs -o size=64k,mode=700 tmpfs "$work/root/run/cockpit-bootc"
    mkdir "$work/root/run/cockpit-bootc/op"
    dd if=/dev/zero of="$work/root/run/cockpit-bootc/fill" bs=4k 2> /dev/null || true
fi

if [ -n "$simulator" ]; then
    cp "$simulator" "$work/root/usr/bin/bootc"
    chmod 755 "$work/root/usr/bin/bootc"
else
    rm -f "$work/root/usr/bin/bootc"
fi

# USER's session bus at /run/user/UID/bus, as a login gives one (systemd --user): Cockpit's Python
# bridge gives up on a session bus it cannot reach. Nothing is activated on it either.
session_bus() {
    uid=$(chroot "$work/root" id -u "${1:-root}")
    mkdir -p "$work/root/run/user/$uid"
    chroot "$work/root" chown "${1:-root}:" "/run/user/$uid"
    chmod 700 "$work/root/run/user/$uid"
    sed -e 's,<type>system</type>,<type>session</type>,' \
        -e "s,/run/dbus/system_bus_socket,/run/user/$uid/bus," \
        "$work/root/run/dbus/test-system.conf" > "$work/root/run/dbus/test-session-$uid.conf"
    chroot --userspec="${1:-root}:" "$work/root" \
        dbus-daemon --config-file="/run/dbus/test-session-$uid.conf" --nofork --nopidfile --nosyslog &
    wait_for_socket "$work/root/run/user/$uid/bus" "the session dbus-daemon"
    export XDG_RUNTIME_DIR="/run/user/$uid" DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus"
}

if [ -n "$user" ]; then
    chroot "$work/root" useradd --create-home --shell /bin/sh "$user"
    session_bus "$user"
    # the simulator finds its state through BOOTC_SIM_STATE: sudo must pass it on
    # and find the node that runs it (the first on PATH, maybe not the machine's own: see the Makefile)
    nodedir=$(dirname "$(command -v node)")
    printf '%s ALL=(ALL) NOPASSWD: ALL\nDefaults:%s env_keep += "BOOTC_SIM_STATE"\nDefaults:%s secure_path="%s:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n' \
        "$user" "$user" "$user" "$nodedir" > "$work/root/etc/sudoers.d/bootc-test-admin"
    chmod 440 "$work/root/etc/sudoers.d/bootc-test-admin"
    exec chroot --userspec="$user:$user" "$work/root" env HOME="/home/$user" USER="$user" LOGNAME="$user" "$@"
fi
session_bus root
exec chroot "$work/root" "$@"
