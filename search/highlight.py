"""Present: snippets and highlighted page text, escaped, with query terms in ``<mark>``.

Highlighting works on our own tokens rather than the engine's, so every engine gives the
same snippets, and only the results being shown are ever highlighted. A page is read in
its language (``search.language.detect_chunks``, from its words: the same answer the indexer
stored), so "restricciones" marks "restricción" on a Spanish page.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from itertools import compress, count

from search.analysis import ENGLISH, Token, stem_variants, stems
from search.fields import searched_fields
from search.language import detect_chunks
from search.query import Authority, CaseNumber, ParsedQuery, Phrase, Prefix, Wildcard, Word
from search.tokencache import chunk_firsts, chunk_pieces, chunks_with_stems, split_chunks
from search.tokencache import tokens as cached_tokens

SNIPPET_WORDS = 36
#: Distinct words whose match is remembered per highlighter (a long document has a few
#: thousand; the fuzzy comparison is what costs, 40 of them per token took 50-80 s).
_MEMO_WORDS = 200_000


_Entry = tuple[tuple[int, int, int, str | None, str | None], ...]


@dataclass(frozen=True)
class _Terms:
    stems: frozenset[str]
    fuzzy: tuple[tuple[str, int], ...]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    patterns: tuple[re.Pattern[str], ...] = ()


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most ``limit`` (small strings only)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


class Highlighter:
    """Marks the words of one query in any text."""

    def __init__(self, parsed: ParsedQuery | None, extra_terms: tuple[str, ...] = ()):
        self.terms = self._collect(parsed, extra_terms)
        self._memo: dict[tuple[str, str], str | None] = {}
        self._phrase_stems = frozenset(stem for phrase in self.terms.phrases for stem in phrase)
        self._chunks: dict[str | tuple[str, str], _Entry] = {}

    @staticmethod
    def _collect(parsed: ParsedQuery | None, extra_terms: tuple[str, ...]) -> _Terms:
        words: set[str] = {stem for term in extra_terms for variant in stem_variants(term) for stem in variant}
        fuzzy: list[tuple[str, int]] = []
        prefixes: list[str] = []
        phrases: list[tuple[str, ...]] = []
        patterns: list[re.Pattern[str]] = []
        in_text = {item.name for item in searched_fields()}  # fields whose words are also in the text
        for leaf in parsed.positive_leaves() if parsed else []:
            if leaf.field is not None and leaf.field not in in_text:
                continue
            if isinstance(leaf, Authority):
                patterns.append(citation_pattern(leaf.key))
            if isinstance(leaf, Wildcard):  # "Tarr?nt": ? is one letter, a final * any ending
                parts = re.split(r"(\?|\*$)", leaf.text)
                body = "".join({"?": r"\w", "*": r"\w*"}.get(part, re.escape(part)) for part in parts)
                patterns.append(re.compile(rf"\b{body}\w*", re.IGNORECASE))
            elif isinstance(leaf, Prefix):
                prefixes.append(leaf.text.lower())
            elif isinstance(leaf, (Phrase, Authority, CaseNumber)) and not getattr(leaf, "slop", 0) \
                    and len(stems(leaf.text)) > 1:
                phrases.extend(tuple(variant) for variant in stem_variants(leaf.text))
            elif isinstance(leaf, Word) and leaf.fuzzy:
                fuzzy.append((leaf.text.lower(), leaf.fuzzy))
            else:
                words.update(stem for variant in stem_variants(leaf.text) for stem in variant)
        return _Terms(frozenset(words), tuple(fuzzy), tuple(prefixes), tuple(phrases), tuple(patterns))

    @property
    def empty(self) -> bool:
        terms = self.terms
        return not (terms.stems or terms.fuzzy or terms.prefixes or terms.phrases)

    def _term_of(self, token: Token) -> str | None:
        """The query term this token matches, if any (used to count distinct terms).

        Remembered per (word, stem): which term a word matches depends on the word alone,
        and text repeats its words, so the prefix and edit-distance tests run once a word."""
        key = (token.word, token.stem)
        try:
            return self._memo[key]
        except KeyError:
            pass
        if len(self._memo) >= _MEMO_WORDS:
            self._memo.clear()
        found = self._memo[key] = self._match(token)
        return found

    def _match(self, token: Token) -> str | None:
        if token.stem in self.terms.stems:
            return token.stem
        for prefix in self.terms.prefixes:
            if token.word.startswith(prefix):
                return prefix + "*"
        for word, limit in self.terms.fuzzy:
            if _within_edits(token.word, word, limit):
                return word + "~"
        return None

    def matches(self, text: str, tokens: list[Token]) -> dict[int, str]:
        """Token index -> the query term it matches."""
        found = {i: term for i, token in enumerate(tokens) if (term := self._term_of(token))}
        for pattern in self.terms.patterns:
            for match in pattern.finditer(text):
                found.update({i: pattern.pattern for i, token in enumerate(tokens)
                              if match.start() <= token.start < match.end()})
        token_stems = [token.stem for token in tokens]
        for phrase in self.terms.phrases:
            size = len(phrase)
            for i in range(len(tokens) - size + 1):
                if tuple(token_stems[i : i + size]) == phrase:
                    found.update({i + k: " ".join(phrase) for k in range(size)})
        return found

    def has_match(self, text: str, language: str | None = None) -> bool:
        """Whether ``text`` holds anything ``highlight`` would mark (stops at the first word found)."""
        tokens = cached_tokens(text, _language(text, language))
        if any(self._term_of(token) for token in tokens):
            return True
        return bool(self.terms.phrases or self.terms.patterns) and bool(self.matches(text, tokens))

    def highlight(self, text: str, language: str | None = None) -> str:
        """The whole text, escaped, with every match wrapped in ``<mark>`` (``language`` as for ``snippet``)."""
        tokens = cached_tokens(text, _language(text, language))
        found = self.matches(text, tokens)
        return _render(text, [(tokens[i].start, tokens[i].end) for i in sorted(found)], 0, len(text))

    def snippet(self, text: str, words: int = SNIPPET_WORDS, language: str | None = None) -> str:
        """The passage of about ``words`` words that holds the most distinct query terms.

        ``language`` is the page's as the index stored it (``PageText.language``): deciding it
        again from the text was a quarter of a snippet's time. None decides it from the text."""
        scan = self._scan(text, language)
        if scan is not None:
            return scan.snippet(words)
        return self._snippet_from_tokens(text, words, language)

    def _scan(self, text: str, language: str | None = None) -> _Scan | None:
        """The page's matches without a Token for every word (see ``_Scan``); None once the
        query's chunk memo is full (a very long document), where ``matches`` takes over.

        A snippet used to tokenize its whole page: 86 % of a tantivy search's time went there
        (docs/performance.md). Here the page is cut into whitespace-separated chunks in C, each
        chunk's token count and stems come from a memo shared by all queries (legal text repeats
        its chunks), and only chunks that may hold a query term are tokenized."""
        if len(self._chunks) > _MEMO_WORDS:
            return None
        chunks, starts = split_chunks(text)
        distinct = set(chunks)
        language = language or detect_chunks(chunks)  # the chunks are at hand: no second split
        scan = _Scan(text, chunks, starts, chunk_firsts(chunks, distinct, language))
        if self.terms.fuzzy or self.terms.prefixes:  # which words match depends on more than the stem
            matching = {chunk for chunk in distinct if self._chunk_entry(chunk, language)}
        else:
            matching = chunks_with_stems(distinct, self.terms.stems | self._phrase_stems, language)
        candidates = list(compress(count(), map(matching.__contains__, chunks))) if matching else []
        for j in candidates:
            base, first = scan.starts[j], scan.firsts[j]
            for k, start, end, term, phrase_stem in self._chunk_entry(chunks[j], language):
                i = first + k
                scan.spans[i] = (base + start, base + end)
                if term:
                    scan.found[i] = term
                if phrase_stem:
                    scan.phrase_stems[i] = phrase_stem
        for pattern in self.terms.patterns:  # as ``matches``: tokens starting inside a citation's match
            for match in pattern.finditer(text):
                j = max(0, bisect_right(scan.starts, match.start()) - 1)
                while j < len(chunks) and scan.starts[j] < match.end():
                    for k, (_word, _stem, start, end) in enumerate(chunk_pieces(chunks[j])):
                        if match.start() <= scan.starts[j] + start < match.end():
                            i = scan.firsts[j] + k
                            scan.found[i] = pattern.pattern
                            scan.spans[i] = (scan.starts[j] + start, scan.starts[j] + end)
                    j += 1
        for phrase in self.terms.phrases:  # as ``matches``: every phrase occurrence, after single words
            at = scan.phrase_stems
            for i in [i for i, stem in at.items() if stem == phrase[0]]:
                if all(at.get(i + k) == phrase[k] for k in range(1, len(phrase))):
                    scan.found.update({i + k: " ".join(phrase) for k in range(len(phrase))})
        return scan

    def _chunk_entry(self, chunk: str, language: str = ENGLISH) -> _Entry:
        """(index, start, end, term, phrase stem) of the tokens of ``chunk`` that match, per query."""
        key = chunk if language == ENGLISH else (language, chunk)
        found = self._chunks.get(key)
        if found is not None:
            return found
        hits = []
        for k, (word, stem, start, end) in enumerate(chunk_pieces(chunk, language)):
            term = self._term_of(Token(word, stem, start, end))
            phrase_stem = stem if stem in self._phrase_stems else None
            if term or phrase_stem:
                hits.append((k, start, end, term, phrase_stem))
        found = self._chunks[key] = tuple(hits)
        return found

    def _snippet_from_tokens(self, text: str, words: int, language: str | None = None) -> str:
        """``snippet`` over every token of the page (the reference ``_Scan`` is tested against)."""
        tokens = cached_tokens(text, _language(text, language))
        found = self.matches(text, tokens) if tokens else {}
        return _snippet(text, len(tokens), found, lambda i: (tokens[i].start, tokens[i].end), words)


def _language(text: str, known: str | None = None) -> str:
    """The page's language: ``known`` (as the index stored it, ``PageText.language``), else
    decided from the text as the indexer decides it (see ``search.language``)."""
    return known or detect_chunks(text.split())


class _Scan:
    """One page's matched words by token index, and where each chunk's tokens begin.

    Holds what ``snippet`` needs and nothing else: the matched tokens' offsets (``spans``,
    ``found``), and per whitespace-separated chunk its offset in the text (``starts``) and its
    first token's index (``firsts``, with one more entry: the token count), from which any other
    token's offsets are looked up."""

    def __init__(self, text: str, chunks: list[str], starts: list[int], firsts: list[int]):
        self.text = text
        self.chunks = chunks
        self.starts = starts
        self.firsts = firsts
        self.count = firsts[-1]
        self.found: dict[int, str] = {}
        self.spans: dict[int, tuple[int, int]] = {}
        self.phrase_stems: dict[int, str] = {}

    def offsets(self, i: int) -> tuple[int, int]:
        """Start and end of token ``i`` in the text."""
        if i in self.spans:
            return self.spans[i]
        j = bisect_right(self.firsts, i) - 1
        _word, _stem, start, end = chunk_pieces(self.chunks[j])[i - self.firsts[j]]
        return self.starts[j] + start, self.starts[j] + end

    def snippet(self, words: int) -> str:
        return _snippet(self.text, self.count, self.found, self.offsets, words)


def plain_snippet(text: str, words: int = SNIPPET_WORDS) -> str:
    """The first ``words`` words of ``text``, escaped, unhighlighted: the snippet when time ran out."""
    head = text.split(maxsplit=words)
    shown = " ".join(head[:words])
    return escape(shown) + (" …" if len(head) > words else "")


def citation_pattern(key: str) -> re.Pattern[str]:
    """A pattern for the ways a citation key is written in text.

    "540 U.S. 56" also matches "540 U. S. 56" and "540 US 56"; "42 U.S.C. § 1983" matches
    "42 U. S. C. §1983"; "720 ILCS 5/11-9.3(b-10)" matches itself with any spacing."""
    runs = re.findall(r"[A-Za-z]+|\d+", key)
    parts = [r"[\s.]*".join(map(re.escape, run)) if run.isalpha() else re.escape(run) for run in runs]
    return re.compile(r"(?<!\w)" + r"[\s.,§/()\-]*".join(parts) + r"(?!\w)", re.IGNORECASE)


def _best_window(found: dict[int, str], size: int) -> int:
    """Index of the first token of the window with most distinct terms, then most hits."""
    if not found:
        return 0
    best, best_score = 0, (-1, -1)
    positions = sorted(found)
    for first in positions:
        begin = max(0, first - size // 4)
        window = positions[bisect_left(positions, begin) : bisect_left(positions, begin + size)]
        inside = [found[i] for i in window]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = begin, score
    return best


def _snippet(text: str, count: int, found: dict[int, str], offsets: Callable[[int], tuple[int, int]],
             words: int) -> str:
    """The window of ``words`` tokens (of ``count``) with the most distinct matches, escaped and marked;
    ``offsets`` gives a token's start and end in the text."""
    if not count:
        return escape(" ".join(text.split())[:200])
    first = _best_window(found, words)
    last = min(count, first + words) - 1
    start = 0 if first == 0 else offsets(first)[0]
    end = len(text) if last == count - 1 else offsets(last)[1]
    html = _squash(_render(text, [offsets(i) for i in sorted(found)], start, end))
    return ("… " if start > 0 else "") + html + (" …" if end < len(text) else "")


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """Escape text[start:end], wrapping each matched token's span (in text order) in <mark>."""
    parts: list[str] = []
    cursor = start
    for token_start, token_end in spans:
        if token_end <= start or token_start >= end:
            continue
        parts.append(escape(text[cursor:token_start]))
        parts.append(f"<mark>{escape(text[token_start:token_end])}</mark>")
        cursor = token_end
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def _squash(html: str) -> str:
    """Collapse runs of whitespace (page text keeps its line breaks; snippets should not)."""
    return " ".join(html.split())
