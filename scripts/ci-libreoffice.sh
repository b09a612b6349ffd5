#!/bin/sh
# Installs LibreOffice Calc when soffice is missing, so that the xlsx
# package's TestLibreOfficeOpens (which fails under CI=true without it)
# can check that the written workbooks open: headless conversion to PDF,
# and a re-save as XLSX read back to the same forms.
set -eu
if command -v soffice >/dev/null 2>&1; then
	echo "ci-libreoffice: $(soffice --version 2>/dev/null | head -1)"
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends libreoffice-calc
soffice --version | head -1
