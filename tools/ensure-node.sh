#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Makes sure `node` on PATH is Node.js MIN or newer, for `make`: the machine's own when it is, else a
# copy of Node.js VERSION from the npm registry (the node-linux-<arch> package) in DIR/bin, which the
# Makefile puts first on PATH. Fetching it needs npm: on Debian 12 (Node 18, npm 9) root gets
# `apt-get install nodejs npm`; anyone else is told what to install.
#
#   ensure-node.sh MIN VERSION DIR
set -eu
min=$1 version=$2 dir=$3

major() {
    "$1" --version 2> /dev/null | sed -n 's/^v\([0-9][0-9]*\)\..*/\1/p'
}

current=$(major node || true)
if [ -n "$current" ] && [ "$current" -ge "$min" ]; then
    exit 0
fi

case $(uname -m) in
x86_64) arch=x64 ;;
aarch64) arch=arm64 ;;
ppc64le) arch=ppc64le ;;
s390x) arch=s390x ;;
*) echo "ensure-node.sh: no Node.js $min+ here, and none to fetch for $(uname -m): install Node.js $min or newer" >&2; exit 1 ;;
esac

if ! command -v npm > /dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "Node.js $min or newer is needed (found: ${current:+Node.js $current}${current:-none}), and npm to fetch it." >&2
        echo "Install Node.js $min+ with npm, or run as root: then 'apt-get install nodejs npm' is done for you and" >&2
        echo "Node.js $version is fetched from the npm registry into $dir." >&2
        exit 1
    fi
    echo "installing nodejs npm (Debian's; Node.js $version is fetched next)"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi

echo "Node.js ${current:-(none)} is older than $min: fetching node-linux-$arch@$version from the npm registry into $dir"
rm -rf "$dir.new"
mkdir -p "$dir.new/bin"
npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$dir.new" "node-linux-$arch@$version"
ln -s "../node_modules/node-linux-$arch/bin/node" "$dir.new/bin/node"
found=$(major "$dir.new/bin/node" || true)
if [ -z "$found" ] || [ "$found" -lt "$min" ]; then
    echo "ensure-node.sh: the fetched node does not run here" >&2
    exit 1
fi
rm -rf "$dir"
mv "$dir.new" "$dir"
