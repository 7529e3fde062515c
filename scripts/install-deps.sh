#!/usr/bin/env bash
# Installs the Debian packages LogPipe's tests and demo use, only those missing.
# Usage: scripts/install-deps.sh PACKAGE...   (e.g. redis-server apache2 curl)
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}" >&2

# Debian starts a daemon as soon as its package is installed (apache2 on port 80, redis-server on 6379);
# the tests start their own on free loopback ports, so keep the packaged services from starting.
policy=/usr/sbin/policy-rc.d
added_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  added_policy=true
fi
cleanup() { if $added_policy; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
