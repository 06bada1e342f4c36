#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Fetches another Cockpit for the e2e tests and unpacks it into a folder, installing nothing:
#
#   fetch-cockpit.sh SUITE VERSION DIR
#
# downloads cockpit-ws, cockpit-bridge and cockpit-system VERSION (or, when SUITE no longer has it, the
# version it has now) from Debian's SUITE (for example bookworm-backports) with apt, using a package list of its own under DIR/apt (the machine's apt
# state and sources are not touched), and unpacks them into DIR/root with dpkg-deb -x. The e2e tests
# mount DIR/root's Cockpit over the real one inside each test host (test/sim/host-setup.sh).
# DIR/root/VERSION says which version it is.
set -eu
suite=$1
version=$2
dir=$(realpath -m "$3")

apt_dir="$dir/apt"
rm -rf "$dir/root" "$dir/debs"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dir/debs" "$dir/root"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian %s main\n' \
    "$suite" > "$apt_dir/sources.list"

apt() {
    apt-get -q \
        -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" \
        -o Dir::State::Status=/var/lib/dpkg/status -o APT::Sandbox::User=root "$@"
}

echo "fetching Cockpit $version from Debian $suite into $dir (nothing is installed)"
apt update > "$apt_dir/update.log" 2>&1 || { cat "$apt_dir/update.log"; exit 1; }
packages="cockpit-ws cockpit-bridge cockpit-system"
if ! (cd "$dir/debs" && for p in $packages; do apt download "$p=$version" || exit 1; done); then
    # the suite moved on (a backports suite keeps only its newest build): take that one, and say so
    echo "Cockpit $version is no longer in $suite; using the version $suite has now" >&2
    rm -f "$dir"/debs/*.deb
    (cd "$dir/debs" && for p in $packages; do apt download "$p/$suite"; done)
    version=$(dpkg-deb -f "$dir"/debs/cockpit-ws_*.deb Version)
fi
for deb in "$dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$dir/root"
done
for needed in usr/lib/cockpit/cockpit-ws usr/bin/cockpit-bridge usr/share/cockpit/shell/manifest.json; do
    [ -e "$dir/root/$needed" ] || { echo "$dir/root/$needed is missing after unpacking" >&2; exit 1; }
done
echo "$version" > "$dir/root/VERSION"
