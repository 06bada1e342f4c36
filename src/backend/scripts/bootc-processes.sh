# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Lists the bootc operations running on the host, the page's own marked "ours" and the others (the
# update timer's service, a terminal, a bootc whose record is gone), as bootc_processes in
# operation-lib.sh prints them: one tab-separated line each, nothing when there are none. Runs after operation-lib.sh; needs
# no administrative access.
#
#   bootc-processes.sh DIR
set -eu
bootc_processes "$1"
