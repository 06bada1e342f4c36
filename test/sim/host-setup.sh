#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the simulated bootc host and runs a command in it. Call it inside a private mount namespace
# (unshare -m --propagation private): every mount made here disappears with the namespace, and nothing
# outside it changes.
#
#   host-setup.sh WORK SIMULATOR COMMAND [ARG...]
#
# WORK      a directory holding fs/ (the host's /ostree, /run, /usr/lib/bootc and quadlet directory,
#           shared with the test through bind mounts) and two empty mount points, ovl/ and root/
# SIMULATOR the bootc simulator to install as /usr/bin/bootc, or "" for a host without bootc
#
# The host's / is a copy-on-write overlay of the real /, so the simulator can sit at /usr/bin/bootc and
# /ostree can exist without touching the real file system.
set -eu
work=$1
simulator=$2
shift 2

mount -t tmpfs tmpfs "$work/ovl"
mkdir "$work/ovl/upper" "$work/ovl/work"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/ovl/upper,workdir=$work/ovl/work" "$work/root"
for dir in proc sys dev; do
    mount --rbind "/$dir" "$work/root/$dir"
done
mount --bind /tmp "$work/root/tmp"

for dir in ostree run usr/lib/bootc usr/share/containers/systemd; do
    mkdir -p "$work/root/$dir"
    mount --bind "$work/fs/$dir" "$work/root/$dir"
done

if [ -n "$simulator" ]; then
    cp "$simulator" "$work/root/usr/bin/bootc"
    chmod 755 "$work/root/usr/bin/bootc"
else
    rm -f "$work/root/usr/bin/bootc"
fi

exec chroot "$work/root" "$@"
