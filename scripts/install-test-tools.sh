#!/usr/bin/env bash
# Installs what the test suite needs beyond a JDK: Debian's Chromium and chromedriver for the
# browser tests, the DejaVu fonts the map drawing measures and embeds (PNG and PDF exports), and
# the official Segment Node client (npm) for the tracking compatibility test.
# Does nothing when they are already there. Needs root (or sudo) to install Debian packages.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

node_client="$root/parcours-server/src/test/node"
if [ ! -d "$node_client/node_modules/@segment/analytics-node" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-test-tools: npm is missing: install Node.js 18 or newer" >&2
    exit 1
  fi
  echo "Installing the Segment Node client for the tracking tests..." >&2
  (cd "$node_client" && npm ci --no-audit --no-fund --silent >/dev/null)
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
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

echo "Installing ${missing[*]} for the browser and drawing tests..." >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
