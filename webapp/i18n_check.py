"""Is every string a visitor can read translated? What ``scripts/translations.sh check`` and
tests/web/test_translations.py ask.

Strings are taken from the source itself with Babel's extractor and webapp/babel.cfg (the
templates' ``_()``, ``gettext`` in webapp/, ``N_`` in search/messages.py), not from the
committed ``messages.pot``, so a string added to a template without running the script is
caught too. Then, for each catalogue of ``webapp/translations/``: every string must have a
translation that is not marked fuzzy, keep the same ``%(name)s`` placeholders, and the
compiled ``messages.mo`` must be as new as its ``.po``. The fields table's labels and the
document-type vocabulary are shown through ``gettext`` as data, so they are checked as well.

    python -m webapp.i18n_check [webapp/translations]
"""

from __future__ import annotations

import re
import sys
from configparser import ConfigParser
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = PROJECT_ROOT / "webapp" / "translations"
BABEL_CFG = PROJECT_ROOT / "webapp" / "babel.cfg"
SOURCES = ("webapp", "search")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _method_map() -> list[tuple[str, str]]:
    parser = ConfigParser()
    parser.read(BABEL_CFG, encoding="utf-8")
    found = []
    for section in parser.sections():
        method, _, pattern = section.partition(":")
        found.append((pattern.strip(), method.strip()))
    return found


def source_strings() -> set[str]:
    """Every msgid marked in the source (a plural's singular and plural both)."""
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "lazy_gettext": None, "_l": None}
    found: set[str] = set()
    for directory in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
            PROJECT_ROOT / directory, _method_map(), keywords=keywords
        ):
            found.update(message if isinstance(message, tuple) else (message,))
    return {message for message in found if message}


def data_strings() -> set[str]:
    """Strings shown through ``gettext`` as data: field labels and document types."""
    from search.fields import all_fields, document_types, filter_parameters

    return ({item.label for item in all_fields()} | {param.label for param in filter_parameters()}
            | set(document_types()))


def _ids(message_id: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(message_id) if isinstance(message_id, (tuple, list)) else (message_id,)


def problems(translations: Path = TRANSLATIONS) -> list[str]:
    """One line per missing, fuzzy, mismatched or stale translation, in every catalogue."""
    wanted = source_strings() | data_strings()
    found: list[str] = []
    catalogues = sorted(translations.glob("*/LC_MESSAGES/messages.po"))
    if not catalogues:
        return [f"{translations}: no catalogue (messages.po) found"]
    for po_path in catalogues:
        language = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        translated: dict[str, tuple[str, ...]] = {}
        for message in catalog:
            if not message.id:
                continue
            ids = _ids(message.id)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                continue
            for msgid in ids:
                translated[msgid] = tuple(strings)
        for msgid in sorted(wanted):
            if msgid not in translated:
                found.append(f"{po_path}: no {language} translation for {msgid!r}")
                continue
            for string in translated[msgid]:
                if set(_PLACEHOLDER.findall(string)) != set(_PLACEHOLDER.findall(msgid)):
                    found.append(f"{po_path}: the {language} translation of {msgid!r} changes its placeholders")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.is_file():
            found.append(f"{mo_path}: not compiled (bash scripts/translations.sh compile)")
        else:
            with mo_path.open("rb") as handle:
                compiled = {msgid for m in read_mo(handle) if m.id for msgid in _ids(m.id)}
            stale = set(translated) - compiled
            if stale:
                found.append(f"{mo_path}: older than messages.po ({len(stale)} strings missing; "
                             "bash scripts/translations.sh compile)")
    return found


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    directory = Path(args[-1]) if args else TRANSLATIONS
    found = problems(directory)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
