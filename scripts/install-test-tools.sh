#!/usr/bin/env bash
# Installs what the test suite needs beyond a JDK: Debian's Chromium and chromedriver for the
# browser tests. Does nothing when they are already there. Needs root (or sudo) to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-test-tools: ${missing[*]} missing and not root: run 'apt-get install ${missing[*]}' as root" >&2
  exit 1
fi

echo "Installing ${missing[*]} for the browser tests..." >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
