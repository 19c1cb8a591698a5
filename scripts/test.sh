#!/usr/bin/env bash
# Install what the tests need (Debian packages, .venv with the test extra) and run them all,
# once per engine: C400_ENGINES (default "whoosh tantivy"; e.g. C400_ENGINES=tantivy for one).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_debian_packages tesseract-ocr tesseract-ocr-eng libreoffice-writer-nogui chromium
ensure_venv requirements-test.lock
mkdir -p test-artifacts/screenshots   # browser-test screenshots and axe reports (gitignored)
.venv/bin/ruff check .
.venv/bin/python scripts/audit_deps.py   # fails on a known vulnerability that has a fix; says so if offline
status=0
for engine in ${C400_ENGINES:-whoosh tantivy}; do
    echo "=== pytest with C400_ENGINE=$engine" >&2
    C400_ENGINE="$engine" C400_ENGINES="$engine" .venv/bin/python -m pytest "$@" || status=$?
done
exit "$status"
