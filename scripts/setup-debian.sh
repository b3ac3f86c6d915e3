#!/usr/bin/env bash
# Install everything Ward Office needs on a fresh Debian 12 with Python 3.11 (run as root),
# then open the app on the embedded default space with demo data.
#   bash scripts/setup-debian.sh            install, create the demo space if absent, open the app
#   bash scripts/setup-debian.sh --no-gui   install only (used by the test command)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-pip
  # Qt's own libraries (offscreen and X11/xcb platforms)
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
  # fonts with every Vietnamese glyph; PDF tools; a virtual screen for screenshots
  fonts-liberation2 fonts-dejavu-core poppler-utils qpdf xvfb xauth softhsm2
  # LibreOffice opens the DOCX and XLSX files we write (tests convert them to PDF)
  libreoffice-writer-nogui libreoffice-calc-nogui
  # headless Chromium renders the schedule's HTML page in the tests
  chromium-headless-shell
  # Tesseract OCR with its Vietnamese data: scans without a text layer become searchable and
  # pre-fill the registration form (optional: without it the app simply skips OCR)
  tesseract-ocr tesseract-ocr-vie
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Cài các gói hệ thống: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".[dev]"
  touch "$stamp"
fi

# a menu entry for the desktop (runs the app from this folder's venv)
if [ -d /usr/share/applications ]; then
  sed "s|^Exec=ward-office|Exec=$PWD/.venv/bin/ward-office|" installer/ward-office.desktop \
    > /usr/share/applications/ward-office.desktop
fi

if [ "${1:-}" = "--no-gui" ]; then
  exit 0
fi
space_dir=$(.venv/bin/python -c "from app.services.space import default_space_dir; print(default_space_dir())")
if [ ! -f "$space_dir/space.json" ]; then
  .venv/bin/ward-office demo --space "$space_dir"
fi
echo "Đăng nhập: vanthu / chutich / vp.ha / quantri — mật khẩu: demo1234"
exec .venv/bin/ward-office --space "$space_dir"
