# Shared set-up for scripts/serve.sh and scripts/test.sh (sourced, not run).
# Installs the Debian packages the product needs when they are missing, then creates
# .venv and installs the project into it. Safe to run again: it only does what is missing.

PYTHON=${PYTHON:-python3}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "note: not a Debian/Ubuntu system; please install: ${missing[*]}" >&2
    return 0
  fi
  echo "installing Debian packages: ${missing[*]}" >&2
  as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    echo "warning: could not install ${missing[*]} (run as root or with sudo); continuing without them" >&2
}

check_python() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "error: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
    exit 1
  }
  "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || ensure_debian_packages python3-venv
}

ensure_venv() {  # ensure_venv LOCKFILE: the pinned dependencies, then the project itself
  local lockfile=$1
  check_python
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  # A new venv carries the pip and setuptools bundled with the Python that made it (setuptools
  # 65.5.0 with Python 3.11: CVE-2022-40897, CVE-2024-6345, CVE-2025-47273). Install the lock
  # file's pins of those two first, so that the newer pip installs the rest.
  local tools
  tools=$(grep -E '^(pip|setuptools)==' "$lockfile" || true)
  if [ -n "$tools" ]; then
    # shellcheck disable=SC2086 # one requirement per word
    .venv/bin/python -m pip install --quiet --disable-pip-version-check $tools
  else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$lockfile"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
}
