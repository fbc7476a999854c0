#!/bin/sh
# Installs Debian's Chromium for the HTML report's browser test (test/html.browser.test.ts). Idempotent; needs root.
set -eu
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update && apt-get install -y chromium
