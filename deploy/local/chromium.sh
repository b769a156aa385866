#!/usr/bin/env bash
# chromium.sh — makes sure a Chromium for the browser tests is installed:
# Debian's package (test tools' own browser downloads do not work offline).
set -euo pipefail
command -v chromium >/dev/null && exit 0
if [ "$(id -u)" = 0 ]; then sudo=; elif sudo -n true 2>/dev/null; then sudo=sudo; else
  echo "chromium is needed for the browser tests: apt-get install -y chromium" >&2; exit 1
fi
echo "installing Debian's chromium for the browser tests" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
