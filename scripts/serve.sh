#!/usr/bin/env bash
# Set up everything (once), index corpus/ and serve the site on 127.0.0.1 (port $PORT, default 5000).
#
# Production serving by default: gunicorn with webapp/gunicorn_conf.py (a worker per core,
# logs without queries or addresses, no control socket); it prints the address it bound.
# C400_DEV=1 serves with Flask's development server instead, for work on the code.
# The engine is $C400_ENGINE (whoosh by default; C400_ENGINE=tantivy bash scripts/serve.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_debian_packages tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-spa libreoffice-writer-nogui
ensure_venv requirements.lock
.venv/bin/python indexer.py
if [[ "${C400_DEV:-}" == "1" ]]; then
  echo "Development server on http://127.0.0.1:${PORT:-5000} (C400_DEV=1; Ctrl-C to stop)" >&2
  exec .venv/bin/flask --app webapp run --host 127.0.0.1 --port "${PORT:-5000}"
fi
exec .venv/bin/gunicorn --config webapp/gunicorn_conf.py "webapp:create_app()"
