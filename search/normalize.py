"""Normalise a query as people type it, before the parser reads it.

Phones, word processors and copy-paste change what a user means to type: a phone turns
``"host site"`` into ``“host site”`` and ``Experian's`` into ``Experian’s``, a pasted
paragraph brings line breaks and soft hyphens, a question ends in ``?``. Every front door
(CLI, web page, JSON API, CSV export, the document page's highlighting) goes through
``parse_query``, which calls ``normalize_query`` first, so all of them read a query alike.

What changes, with the forms seen on phones and in pasted text:

- compatibility forms (NFKC): full-width ``ｈｏｕｓｉｎｇ`` and ``＂`` -> ``housing`` and ``"``,
  ligatures ``ﬁ`` -> ``fi``, the ellipsis ``…`` -> ``...``
- double quotes ``“ ” „ ‟ « » 〝 〞`` -> ``"``; a single-quoted phrase ``‘host site’`` -> ``"host site"``
- apostrophes ``’ ‘ ‛ ′ ´ `` `` -> ``'`` (``Experian’s`` = ``Experian's``)
- dashes ``‐ ‑ ‒ – — ― −`` -> ``-`` (``2020–2021``, ``08–cv–02214``, ``11–9.3``); a dash
  standing between spaces (``housing — shelter``) is punctuation, not an exclusion
- ``§§`` -> ``§``; ``§``, ``sec.`` and ``section`` before a hyphenated section number
  (``§ 11-9.3``) go: the search service resolves the bare number to the statute the
  index cites (``720 ILCS 5/11-9.3``); ``§ 5/11-9.3`` and ``720 ILCS 5/11-9.3`` stay whole
- zero-width characters, soft hyphens and the byte-order mark are removed; other control
  characters (line breaks, tabs) become spaces, so pasted text with line breaks reads as one line
- a ``?`` or ``!`` ending a word is punctuation (``school?``, ``MSR?``); ``?`` inside a word
  stays a one-letter wildcard (``Tarr?nt``); ``¿`` and ``¡`` go
- ``vs``, ``vs.``, ``versus`` and ``v`` between two names become ``v.`` (``murphy vs raoul``)
- leading and trailing punctuation of the whole query (``...``, ``,``, ``;``) goes; a
  closing quote or parenthesis, a ``*`` wildcard and the ``.`` of ``v.`` or ``No.`` stay
- a query typed with caps lock (no lowercase letter, four words or more): ``NOT`` is read
  as the operator only before ``(`` or ``"`` or after ``AND``, so ``SEX OFFENDER NOT ALLOWED
  NEAR SCHOOL`` keeps "allowed"; ``AND`` and ``OR`` stay operators. Quoted text is never
  touched: ``"NOT GUILTY"`` is a phrase whatever the case.

Counter-examples, left alone: ``resid*`` (a trailing ``*`` is a wildcard), ``"border
fence"~50``, ``title:(a b)``, ``-federal``, ``v.`` at the start of a query.
"""

from __future__ import annotations

import re
import unicodedata

_DOUBLE_QUOTES = dict.fromkeys(map(ord, "“”„‟«»〝〞〟＂"), '"')
_APOSTROPHES = dict.fromkeys(map(ord, "’‛′´`ʼ"), "'")
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣"), "-")
_REMOVED = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPANISH_OPENERS = dict.fromkeys(map(ord, "¿¡"), " ")

#: ‘host site’: a phrase in single curly quotes (the opening one follows a space or the start).
_SINGLE_QUOTED = re.compile(r"(?:(?<=^)|(?<=[\s(]))‘([^‘’\"]+?)’(?=$|[\s).,;:!?])")
#: A ? or ! that ends a word (or stands alone): punctuation, not a wildcard.
_ENDING_MARK = re.compile(r"[?!]+(?=$|[\s)\]\"',;:.])")
_LONE_DASH = re.compile(r"(?:(?<=^)|(?<=\s))-+(?=\s|$)")
_VERSUS = re.compile(r"(?<=[A-Za-z.,'])\s+(?:vs\.?|versus|v)(?=\s+[A-Za-z])", re.IGNORECASE)
_EDGE_TRAILING = re.compile(r"[\s,;/\\|.…]+$")  # not ":": "title:" alone is a malformed field
_EDGE_LEADING = re.compile(r"^[\s,;:/\\|.…!?]+")
_KEEP_TRAILING_DOT = re.compile(r"(?:\b(?:v|no|nos|sec|secs|id|et al|inc|co|u\.s|f|cir)\.|\b[A-Z]\.)$", re.I)
_QUOTED = re.compile(r'"[^"]*"')
#: "§ 11-9.3", "sec. 11-9.3", "Section 11-9.3": the number alone says it (see SearchService).
_SECTION_WORD = re.compile(r"(?:§|\bsec(?:tion)?s?\b\.?)\s*(?=\d+[A-Za-z]?-\d)", re.IGNORECASE)
_HOLD = "\ue001"  # stands in for a quoted phrase while the text around it changes


def normalize_query(text: str) -> str:
    """``text`` as the parser should read it (see the module docstring for what changes)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_REMOVED).translate(_DOUBLE_QUOTES).translate(_SPANISH_OPENERS)
    text = _SINGLE_QUOTED.sub(r'"\1"', text)
    text = text.translate(_APOSTROPHES).translate({ord("‘"): "'"}).translate(_DASHES)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"§\s*§", "§", text)
    text = _outside_quotes(text, _unquoted)
    return " ".join(text.split())


def _outside_quotes(text: str, change) -> str:
    """Apply ``change`` to the text outside double quotes (an unclosed quote counts as text)."""
    quoted: list[str] = []

    def hold(match: re.Match[str]) -> str:
        quoted.append(match.group(0))
        return f"{_HOLD}{len(quoted) - 1}{_HOLD}"

    changed = change(_QUOTED.sub(hold, text))
    return re.sub(f"{_HOLD}(\\d+){_HOLD}", lambda match: quoted[int(match.group(1))], changed)


def _unquoted(text: str) -> str:
    text = _SECTION_WORD.sub("", text)
    text = _ENDING_MARK.sub(" ", text)
    text = _LONE_DASH.sub(" ", text)
    return _VERSUS.sub(" v.", text)


def trim_edges(text: str) -> str:
    """The query without punctuation at its start or end that no one means to search for."""
    text = _EDGE_LEADING.sub("", text)
    while True:
        trimmed = _EDGE_TRAILING.sub("", text)
        if trimmed == text or not trimmed:
            break
        if text.rstrip().endswith(".") and _KEEP_TRAILING_DOT.search(text.rstrip()):
            break
        text = trimmed
    return text


def caps_lock(text: str) -> bool:
    """Whether the query was typed in capitals only (four words or more, no lowercase letter)."""
    unquoted = _QUOTED.sub(" ", text)
    letters = [ch for ch in unquoted if ch.isalpha()]
    return len(unquoted.split()) >= 4 and bool(letters) and not any(ch.islower() for ch in letters)
