"""Language: which language a page or a document is written in, English or Spanish.

The library holds English and Spanish documents, and the choice matters for two things:
how a page's words are stemmed (``search.analysis``) and which Tesseract model reads a
scan (``spa`` or ``eng``). So the detector answers one question, English or Spanish, by
counting function words: the share of a page's words that are Spanish function words
(``de``, ``la``, ``que``, ``el``, ``en``, ``los``...) against the share that are English ones
(``the``, ``of``, ``and``, ``to``...), from the project's own word lists
(``search/data/stopwords_es.txt`` and ``stopwords.txt``). Function words make up a third to a
half of running text in both languages and are disjoint enough that a page of 20 words is
told apart reliably; legal citations, names and numbers count for neither.

Why not a general detector (py3langid, langdetect, lingua): they choose among 50 to 100
languages with models of several megabytes (and numpy); here a wrong third language would
only mean the wrong stemmer, and this one is deterministic, offline, fast enough to run on
every page shown (the highlighter re-detects rather than storing a language per page), and
its word lists are data the alliance can read and edit.

Forms handled: a Spanish page quoting an English statute (mostly Spanish function words:
Spanish); an English brief citing "Doe v. Departamento" (English); a page with fewer than
``MIN_WORDS`` function words, such as a caption, a table of contents or an empty scan: the
document's language, or English (``UNKNOWN`` is never stored).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from search.analysis import ENGLISH, SPANISH, english_stopwords, fold_accents, spanish_stopwords, tokenize

#: Function words a page must hold before its language is decided from them.
MIN_WORDS = 8
#: The share of function words that must be Spanish for a page to be Spanish.
SPANISH_SHARE = 0.6
LANGUAGES = (ENGLISH, SPANISH)
#: Words both lists hold, or that are common words in the other language: they count for neither.
_AMBIGUOUS = frozenset({"a", "no", "me", "he", "as", "is", "con", "son", "sin", "solo", "den", "e", "o", "y",
                        "u", "i", "lo", "le", "la", "en", "un", "su", "mi", "te", "se", "es", "al", "del", "tu"})


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    spanish = spanish_stopwords() - english_stopwords() - {"a", "no"}
    english = english_stopwords() - spanish_stopwords()
    return spanish, english


def function_words(text: str) -> Counter[str]:
    """How many English and Spanish function words ``text`` holds ("es", "en" counted once each)."""
    spanish, english = _lists()
    counts: Counter[str] = Counter()
    for token in tokenize(text):
        word = fold_accents(token.word)
        if word in spanish:
            counts[SPANISH] += 1
        elif word in english and word not in _AMBIGUOUS:
            counts[ENGLISH] += 1
    return counts


def detect(text: str, default: str | None = ENGLISH) -> str | None:
    """``"es"`` or ``"en"`` for ``text``; ``default`` when it holds too few function words."""
    counts = function_words(text)
    total = counts[SPANISH] + counts[ENGLISH]
    if total < MIN_WORDS:
        return default
    return SPANISH if counts[SPANISH] / total >= SPANISH_SHARE else ENGLISH


_EDGES = "\"'“”‘’.,;:()[]¿?¡!«»"


def detect_chunks(chunks: list[str], default: str = ENGLISH) -> str:
    """``detect`` on a page already cut at whitespace (the highlighter's chunks): no tokenizing,
    so a page shown in a snippet costs one set look-up per word."""
    spanish, english = _lists()
    counts = {SPANISH: 0, ENGLISH: 0}
    for chunk in chunks:
        word = chunk.strip(_EDGES).lower()
        if word in spanish or (not word.isascii() and fold_accents(word) in spanish):
            counts[SPANISH] += 1
        elif word in english and word not in _AMBIGUOUS:
            counts[ENGLISH] += 1
    total = counts[SPANISH] + counts[ENGLISH]
    if total < MIN_WORDS:
        return default
    return SPANISH if counts[SPANISH] / total >= SPANISH_SHARE else ENGLISH


def document_language(pages: list[str]) -> str:
    """The language most of a document's words are in (its pages' function words pooled)."""
    counts: Counter[str] = Counter()
    for text in pages:
        counts.update(function_words(text))
    total = counts[SPANISH] + counts[ENGLISH]
    if total < MIN_WORDS:
        return ENGLISH
    return SPANISH if counts[SPANISH] / total >= SPANISH_SHARE else ENGLISH


def page_languages(pages: list[str]) -> list[str]:
    """Each page's language; a page too short to tell takes the document's.

    Decided from the page's whitespace-separated words, as the highlighter decides it when
    the page is shown (``detect_chunks``), so both stem a page alike."""
    overall = document_language(pages)
    return [detect_chunks(text.split(), default=overall) for text in pages]


def record_languages(record) -> tuple[str, list[str]]:
    """A ``DocumentRecord``'s language (its ``language`` field) and each page's, for the writers."""
    texts = [page.text for page in record.pages]
    overall = str(record.value("language") or "") or document_language(texts)
    if overall not in LANGUAGES:
        overall = ENGLISH
    return overall, [detect_chunks(text.split(), default=overall) for text in texts]
