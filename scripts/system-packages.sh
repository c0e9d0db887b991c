#!/bin/sh
# Make sure the Debian packages the tool needs are installed: install them when running as root
# with apt-get, otherwise say exactly what to install. Usage: scripts/system-packages.sh PKG...
set -eu
missing=""
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi
echo "These system packages are needed but not installed:$missing" >&2
echo "Install them with:  sudo apt-get install$missing" >&2
echo "(on other systems, install the same programs and fonts with the system's package manager)" >&2
exit 1
