#!/usr/bin/env bash
# Install headless Chromium (and a CJK font, so that screenshots of the
# Chinese report show characters) for the report's browser test
# (cmd/jixiao TestReportInBrowser), when /usr/bin/chromium is missing.
# With CI=true the test fails instead of skipping when no browser is found,
# so .ci/run calls this script before `go test ./...`.
#
#   scripts/ci-chromium.sh
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
	echo "ci-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium) already installed"
	exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei
/usr/bin/chromium --version
