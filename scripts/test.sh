#!/usr/bin/env bash
# Run the whole test suite (installs what is missing first). Tests run offscreen, no display needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh --no-gui
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check app tests bench
.venv/bin/mypy
.venv/bin/pytest -n 2 --dist loadfile "$@"
