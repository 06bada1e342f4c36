# SPDX-License-Identifier: LGPL-2.1-or-later
#
# What the update page needs to know besides bootc status, one "key value" per line:
#   timer    whether UNIT (bootc-fetch-apply-updates.timer) is enabled: systemctl where systemd runs,
#            else the .wants/ links that enabling it creates
#   nextroot "yes" when a soft reboot has been prepared (/run/nextroot)
#   systemd  "yes" when systemd runs the host and the system bus is there (units can be asked about)
#
#   update-facts.sh UNIT NEXTROOT
set -u
unit=$1 nextroot=$2

timer=disabled
if [ -d /run/systemd/system ] && command -v systemctl > /dev/null 2>&1; then
    timer=$(systemctl is-enabled "$unit" 2> /dev/null) || true
    [ -n "$timer" ] || timer=disabled
else
    for link in /etc/systemd/system/*.wants/"$unit" /usr/lib/systemd/system/*.wants/"$unit"; do
        if [ -e "$link" ] || [ -L "$link" ]; then timer=enabled; fi
    done
fi
printf 'timer %s\n' "$timer"
if [ -e "$nextroot" ]; then echo "nextroot yes"; else echo "nextroot no"; fi
if [ -d /run/systemd/system ] && [ -S /run/dbus/system_bus_socket ]; then echo "systemd yes"; else echo "systemd no"; fi
