#!/usr/bin/env bash
# Set up everything (once), index corpus/ and serve the site on http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_debian_packages tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libreoffice-writer-nogui
ensure_venv requirements.lock
.venv/bin/python indexer.py
echo "Serving on http://127.0.0.1:5000 (Ctrl-C to stop)" >&2
exec .venv/bin/flask --app webapp run --host 127.0.0.1 --port "${PORT:-5000}"
