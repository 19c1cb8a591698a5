"""Analysis: how text becomes searchable terms, shared by indexing, querying and highlighting.

One tokenizer serves every stage so that a word is cut the same way in a page, in a query
and in a snippet. Legal numbers stay whole ("11-9.3", "5/11-9.3", "16-cv-11471",
"2022-NCSC-1", subsections "b-10"); ordinary hyphenated words split ("cut-off" -> "cut",
"off"; "COVID-19" -> "covid", "19"); dotted abbreviations close up ("U.S.C." -> "usc").
Words are stemmed with NLTK's Snowball stemmer (pure code, no data download): English by
default, Spanish on pages detected as Spanish (``search.language``).

Spanish stems live in the same fields as English ones, marked ``es:`` ("restricciones",
"restricción" -> ``es:restriccion``; "viviendo", "vivir" -> ``es:viv``), so they never
collide with an English stem and an English query finds English text exactly as before.
A query word is looked for under both of its stems (``stem_variants``): an English word
still finds a Spanish page that uses it ("Illinois" -> ``illinoi`` or ``es:illinois``).
Numbers, legal forms and words of one or two letters are not stemmed in either language,
so "11-9.3" is one term wherever it is written. Accents are folded before Spanish
stemming (NLTK's Spanish stemmer does so too), so ``exclusion`` finds ``exclusión``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from nltk.stem.snowball import SnowballStemmer

_TOKEN = re.compile(r"\w+(?:[-./:']\w+)*", re.UNICODE)
_SPLIT = re.compile(r"[-/:]")

_stemmer = SnowballStemmer("english")
_spanish_stemmer = SnowballStemmer("spanish")

ENGLISH, SPANISH = "en", "es"
#: What marks a Spanish stem in the index (a stem never contains a digit, so "es:12" is not one).
SPANISH_MARK = "es:"
#: Starts a run of text in another language inside one field value: the mark, two letters, a
#: space ("\ue001es "). Whoosh's analyzer sees only the value, so a document's text that joins
#: pages of two languages carries where each begins (see ``language_runs``); ``marked`` blanks
#: the character where a page's own text holds it (a private-use code point, so very rarely).
LANGUAGE_SWITCH = "\ue001"


@dataclass(frozen=True)
class Token:
    """A word as found in text: its normalized form, its stem and where it stands."""

    word: str
    stem: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of a lowercase word; numbers and legal forms are left alone."""
    if any(ch.isdigit() for ch in word) or len(word) < 3:
        return word
    return _stemmer.stem(word)


@lru_cache(maxsize=200_000)
def stem_es(word: str) -> str:
    """Spanish Snowball stem of a lowercase word, marked ``es:``; numbers and short words as they are."""
    if any(ch.isdigit() for ch in word) or len(word) < 3:
        return word
    return SPANISH_MARK + _spanish_stemmer.stem(fold_accents(word))


def fold_accents(text: str) -> str:
    """``exclusión`` -> ``exclusion``, ``pingüino`` -> ``pinguino``; ñ stays (año is not ano)."""
    if text.isascii():
        return text
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and not (ch == "\u0303" and out and out[-1] in "nN"):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def stem_in(word: str, language: str = ENGLISH) -> str:
    """The stem of ``word`` as a page in ``language`` is indexed."""
    return stem_es(word) if language == SPANISH else stem(word)


def _is_legal_number(word: str) -> bool:
    """Numbers and number-led forms stay whole; so do short letter prefixes ("b-10", "ed108783")."""
    if not any(ch.isdigit() for ch in word):
        return False
    head = _SPLIT.split(word, maxsplit=1)[0]
    return word[0].isdigit() or len(head) <= 2 or head == word


def _pieces(raw: str, start: int) -> Iterator[tuple[str, int, int]]:
    """Split one regex match into normalized words with their character spans."""
    word = raw.lower()
    if _is_legal_number(word):
        yield word.rstrip("."), start, start + len(raw)
        return
    if "." in word and "-" not in word and "/" not in word:
        yield word.replace(".", ""), start, start + len(raw)
        return
    offset = 0
    for part in _SPLIT.split(word):
        if part:
            part_start = start + word.index(part, offset)
            offset = part_start - start + len(part)
            yield part.replace(".", ""), part_start, part_start + len(part)


def tokenize(text: str, language: str = ENGLISH) -> Iterator[Token]:
    """Every word of ``text`` in order, lowercased, with its stem (in ``language``) and span."""
    stemmer = stem_es if language == SPANISH else stem
    for match in _TOKEN.finditer(text):
        for word, start, end in _pieces(match.group(0), match.start()):
            if word:
                yield Token(word, stemmer(word), start, end)


#: Query texts up to this long have their stems remembered (``stems``): a search stems each
#: word five to ten times (translation, glossary, highlighting, proximity), and words recur
#: across searches. A pasted paragraph is stemmed afresh rather than kept.
MEMO_TEXT_CHARS = 200


def stems(text: str, language: str = ENGLISH) -> list[str]:
    """The stems of ``text``, in order: what a query word becomes in the index."""
    if len(text) <= MEMO_TEXT_CHARS:
        return list(_remembered_stems(text, language))
    return [token.stem for token in tokenize(text, language)]


@lru_cache(maxsize=65_536)
def _remembered_stems(text: str, language: str) -> tuple[str, ...]:
    return tuple(token.stem for token in tokenize(text, language))


def stem_variants(text: str) -> list[list[str]]:
    """The stems of ``text`` as an English page and as a Spanish page holds them (once if alike).

    A query looks for either: the page's language decided which stems it was indexed with."""
    english = stems(text)
    spanish = stems(text, SPANISH)
    return [english] if spanish == english or not spanish else [english, spanish]


def language_runs(value: str) -> Iterator[tuple[str, int, str]]:
    """(language, offset, text) of each run of ``value`` between ``LANGUAGE_SWITCH`` marks.

    ``"\ue001es hola \ue001en hello"`` -> ("es", 4, "hola "), ("en", 14, "hello"); text
    before any mark is English."""
    if LANGUAGE_SWITCH not in value:
        yield ENGLISH, 0, value
        return
    offset = 0
    for i, part in enumerate(value.split(LANGUAGE_SWITCH)):
        if i == 0:
            if part:
                yield ENGLISH, 0, part
        else:
            yield (SPANISH if part[:2] == SPANISH else ENGLISH), offset + 3, part[3:]
        offset += len(part) + 1


def marked(text: str, language: str, explicit: bool = False) -> str:
    """``text`` as a field value that says its language (a stray mark in the text is blanked).

    English needs no mark on its own; ``explicit`` marks it too, for a run after a Spanish one."""
    text = text.replace(LANGUAGE_SWITCH, " ")
    if language == SPANISH or explicit:
        return f"{LANGUAGE_SWITCH}{SPANISH if language == SPANISH else ENGLISH} {text}"
    return text


def marked_join(texts: list[tuple[str, str]], separator: str = "\n") -> str:
    """(text, language) pairs joined into one field value, each run marked when any is Spanish."""
    explicit = any(language == SPANISH for _, language in texts)
    return separator.join(marked(text, language, explicit) for text, language in texts)


def _word_list(name: str) -> frozenset[str]:
    lines = resources.files("search.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in lines.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words dropped from plain-word queries: English (``search/data/stopwords.txt``) and Spanish
    (``stopwords_es.txt``), each as written and without its accents (``dónde`` and ``donde``)."""
    words = _word_list("stopwords.txt") | _word_list("stopwords_es.txt")
    return frozenset(words | {fold_accents(word) for word in words})


@lru_cache(maxsize=1)
def spanish_stopwords() -> frozenset[str]:
    """Spanish function words alone: what ``search.language`` counts to tell Spanish from English."""
    words = _word_list("stopwords_es.txt")
    return frozenset(words | {fold_accents(word) for word in words})


@lru_cache(maxsize=1)
def english_stopwords() -> frozenset[str]:
    return _word_list("stopwords.txt")
