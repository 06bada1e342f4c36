#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# `make check`'s package stage: builds the source and binary RPMs (`make srpm rpm`: rpmbuild's %check
# validates the AppStream metainfo with appstreamcli), then looks at what the RPM holds and needs, and
# installs it into an empty scratch root (rpm --root), as a Fedora or CentOS host would unpack it.
set -eu
make --no-print-directory srpm rpm
version=$(sed -n 's/^Version: *//p' cockpit-bootc.spec)
rpm_file=$(ls build/rpm/RPMS/noarch/cockpit-bootc-"$version"-*.noarch.rpm)
srpm_file=$(ls build/rpm/SRPMS/cockpit-bootc-"$version"-*.src.rpm)

fail() {
    echo "check-rpm: $*" >&2
    exit 1
}

files=$(rpm -qpl "$rpm_file")
for needed in /usr/share/cockpit/bootc/manifest.json /usr/share/cockpit/bootc/index.html \
    /usr/share/cockpit/bootc/index.js.gz /usr/share/cockpit/bootc/index.css.gz \
    /usr/share/cockpit/bootc/licenses.txt /usr/share/metainfo/org.cockpit_project.bootc.metainfo.xml; do
    echo "$files" | grep -qx "$needed" || fail "$rpm_file lacks $needed"
done
echo "$files" | grep -q "/LICENSE$" || fail "$rpm_file lacks the licence"
requires=$(rpm -qp --requires "$rpm_file")
echo "$requires" | grep -qx "cockpit-bridge >= 287" || fail "$rpm_file does not require cockpit-bridge >= 287"
echo "$requires" | grep -qx "bootc" || fail "$rpm_file does not require bootc"
[ "$(rpm -qp --qf '%{ARCH}' "$rpm_file")" = noarch ] || fail "$rpm_file is not noarch"
rpm -qp --qf '%{ARCH}' "$srpm_file" > /dev/null

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Debian's rpm warns that it is not the system's package manager unless told it knows
force=""
if rpm --help 2>/dev/null | grep -q -- --force-debian; then force=--force-debian; fi
rpm --root "$scratch" --initdb
# cockpit-bridge and bootc are not in the scratch root's database: their absence is not the test
rpm --root "$scratch" --install --nodeps --noscripts $force "$rpm_file"
[ -f "$scratch/usr/share/cockpit/bootc/manifest.json" ] || fail "installing $rpm_file gave no manifest.json"
rpm --root "$scratch" --verify --nodeps cockpit-bootc || fail "the installed files differ from the RPM's"
echo "check-rpm: $(basename "$rpm_file") and $(basename "$srpm_file") built; $(echo "$files" | wc -l) files; installs"
