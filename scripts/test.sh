#!/usr/bin/env bash
# Install what the tests need (Debian packages, .venv with the test extra) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_debian_packages tesseract-ocr tesseract-ocr-eng libreoffice-writer-nogui chromium
ensure_venv "[test]"
mkdir -p test-artifacts/screenshots   # browser-test screenshots and axe reports (gitignored)
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
