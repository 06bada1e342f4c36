#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the simulated bootc host and runs a command in it. Call it inside a private mount namespace
# (unshare -m --propagation private): every mount made here disappears with the namespace, and nothing
# outside it changes.
#
#   host-setup.sh WORK SIMULATOR SYSTEMCTL USER COMMAND [ARG...]
#
# WORK      a directory holding fs/ (the host's /ostree, /run, /usr/lib/bootc, quadlet directory and
#           /etc/systemd/system, shared with the test through bind mounts) and two empty mount points,
#           ovl/ and root/
# SIMULATOR the bootc simulator to install as /usr/bin/bootc, or "" for a host without bootc
# SYSTEMCTL the simulator again, installed as /usr/bin/systemctl and /usr/bin/systemd-run (it acts as
#           each under that name)
# USER      "" to run COMMAND as root; otherwise a user to create (in the overlay) who may become root
#           with sudo and no password, as an administrator of a real host can; COMMAND runs as that user
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
shift 4

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

if [ -n "$user" ]; then
    chroot "$work/root" useradd --create-home --shell /bin/sh "$user"
    # the simulator finds its state through BOOTC_SIM_STATE: sudo must pass it on
    # and find the node that runs it (the first on PATH, maybe not the machine's own: see the Makefile)
    nodedir=$(dirname "$(command -v node)")
    printf '%s ALL=(ALL) NOPASSWD: ALL\nDefaults:%s env_keep += "BOOTC_SIM_STATE"\nDefaults:%s secure_path="%s:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n' \
        "$user" "$user" "$user" "$nodedir" > "$work/root/etc/sudoers.d/bootc-test-admin"
    chmod 440 "$work/root/etc/sudoers.d/bootc-test-admin"
    exec chroot --userspec="$user:$user" "$work/root" env HOME="/home/$user" USER="$user" LOGNAME="$user" "$@"
fi
exec chroot "$work/root" "$@"
