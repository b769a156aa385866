#!/usr/bin/env bash
# need.sh COMMAND PACKAGE PURPOSE — makes sure COMMAND is there, installing
# Debian's PACKAGE when it is not (as root, or with sudo that asks for no
# password); otherwise it stops and says what to install. make test needs
# chromium (the browser tests), ogrinfo (GDAL, the OGC API test) and
# xmllint (the IATI schema test); test tools' own downloads do not work
# offline, Debian's packages do.
set -euo pipefail
[ $# = 3 ] || { echo "usage: need.sh COMMAND PACKAGE PURPOSE" >&2; exit 2; }
command -v "$1" >/dev/null && exit 0
if [ "$(id -u)" = 0 ]; then sudo=; elif sudo -n true 2>/dev/null; then sudo=sudo; else
  echo "$1 is needed for $3: apt-get install -y $2" >&2; exit 1
fi
echo "installing Debian's $2 for $3" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
command -v "$1" >/dev/null || { echo "$2 is installed but $1 is still missing" >&2; exit 1; }
