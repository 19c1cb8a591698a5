#!/usr/bin/env bash
# Install what the tests need (Debian packages, .venv with the test extra) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_debian_packages tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-spa libreoffice-writer-nogui chromium
ensure_venv requirements-test.lock
mkdir -p test-artifacts/screenshots   # browser-test screenshots and axe reports (gitignored)
.venv/bin/ruff check .
.venv/bin/python scripts/audit_deps.py   # fails on a known vulnerability that has a fix; says so if offline
exec .venv/bin/python -m pytest "$@"
