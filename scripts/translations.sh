#!/usr/bin/env bash
# The interface's translations (webapp/translations/, Flask-Babel):
#
#   bash scripts/translations.sh extract   # every marked string -> webapp/translations/messages.pot
#   bash scripts/translations.sh update    # extract, then merge new strings into each messages.po
#   bash scripts/translations.sh compile   # messages.po -> messages.mo (committed: the app reads it)
#   bash scripts/translations.sh check     # fail when a string has no translation (as tests/web/test_translations.py)
#   bash scripts/translations.sh init LANG # start a catalogue for a new language
#
# Strings are marked with _() / ngettext() in templates, flask_babel.gettext in webapp/ and
# N_() in search/messages.py (the library's sentences). After `update`, translate every
# empty or "fuzzy" entry of webapp/translations/<lang>/LC_MESSAGES/messages.po, then `compile`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
POT=webapp/translations/messages.pot
DIR=webapp/translations

extract() {
  "$PYBABEL" -q extract -F webapp/babel.cfg -k N_ -k _l -k lazy_gettext --no-location --sort-output \
    --project "Chicago 400 library" --copyright-holder "Chicago 400 Alliance" -o "$POT" webapp search
}

case "${1:-}" in
  extract) extract ;;
  update) extract; "$PYBABEL" -q update --no-fuzzy-matching -w 100 -i "$POT" -d "$DIR" ;;
  compile) "$PYBABEL" -q compile --statistics -d "$DIR" ;;
  check) .venv/bin/python -m webapp.i18n_check "$DIR" ;;
  init) extract; "$PYBABEL" -q init -i "$POT" -d "$DIR" -l "${2:?init needs a language code, e.g. es}" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
