#!/usr/bin/env bash
# Set up Retrofit Planner on a fresh Debian 12 machine: system packages
# (Qt runtime libraries, a CJK font, Xvfb, LibreOffice for workbook
# recalculation, poppler) and a virtual environment in .venv with the
# project installed from a wheel build (not editable) plus its test extra.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Qt offscreen
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
  # Qt on a (virtual) X screen
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 xvfb xauth
  # Chinese glyphs
  fonts-wqy-microhei
  # workbook recalculation and page rendering
  libreoffice-calc-nogui poppler-utils
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# A regular (non-editable) install: the tests also run the installed entry point.
.venv/bin/python -m pip install -q ".[test]"
echo "setup: done ($(.venv/bin/python --version))"
