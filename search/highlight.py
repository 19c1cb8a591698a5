"""Present: snippets and highlighted page text, escaped, with query terms in ``<mark>``.

Highlighting works on our own tokens rather than the engine's, so every engine gives the
same snippets, and only the results being shown are ever highlighted. A page is read in
its language (``search.language.detect_chunks``, from its words: the same answer the indexer
stored), so "restricciones" marks "restricción" on a Spanish page.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from html import escape
from itertools import compress, count

from search.analysis import ENGLISH, Token, stem_variants, stems
from search.fields import searched_fields
from search.language import detect_chunks
from search.query import Authority, CaseNumber, ParsedQuery, Phrase, Prefix, Wildcard, Word
from search.tokencache import chunk_pieces, chunks_with_stems, split_chunks
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
        """The passage of about ``words`` words (whitespace-separated, as a reader counts them)
        that holds the most distinct query terms.

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
        (docs/performance.md). Here the page is cut into whitespace-separated chunks in C, the
        chunks' stems come from a memo shared by all queries (legal text repeats its chunks), and
        only chunks that may hold a query term are tokenized. A token is known by its chunk and
        its place in it, so no chunk's tokens need counting."""
        if len(self._chunks) > _MEMO_WORDS:
            return None
        chunks, starts = split_chunks(text)
        distinct = set(chunks)
        language = language or detect_chunks(chunks)  # the chunks are at hand: no second split
        scan = _Scan(text, chunks, starts)
        if self.terms.fuzzy or self.terms.prefixes:  # which words match depends on more than the stem
            matching = {chunk for chunk in distinct if self._chunk_entry(chunk, language)}
        else:
            matching = chunks_with_stems(distinct, self.terms.stems | self._phrase_stems, language)
        candidates = list(compress(count(), map(matching.__contains__, chunks))) if matching else []
        phrase_stems: dict[tuple[int, int], str] = {}
        for j in candidates:
            base = starts[j]
            for k, start, end, term, phrase_stem in self._chunk_entry(chunks[j], language):
                scan.spans[j, k] = (base + start, base + end)
                if term:
                    scan.found[j, k] = term
                if phrase_stem:
                    phrase_stems[j, k] = phrase_stem
        for pattern in self.terms.patterns:  # as ``matches``: tokens starting inside a citation's match
            for match in pattern.finditer(text):
                j = max(0, bisect_right(starts, match.start()) - 1)
                while j < len(chunks) and starts[j] < match.end():
                    for k, (_word, _stem, start, end) in enumerate(chunk_pieces(chunks[j], language)):
                        if match.start() <= starts[j] + start < match.end():
                            scan.found[j, k] = pattern.pattern
                            scan.spans[j, k] = (starts[j] + start, starts[j] + end)
                    j += 1
        for phrase in self.terms.phrases:  # as ``matches``: every phrase occurrence, after single words
            for at in [at for at, stem in phrase_stems.items() if stem == phrase[0]]:
                place = [at]
                for wanted in phrase[1:]:
                    following = scan.next_token(place[-1], language)
                    if following is None or phrase_stems.get(following) != wanted:
                        break
                    place.append(following)
                else:
                    scan.found.update({key: " ".join(phrase) for key in place})
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
        chunks, starts = split_chunks(text)
        chunk_of = [bisect_right(starts, token.start) - 1 for token in tokens]
        keyed = {(chunk_of[i], i): term for i, term in found.items()}
        spans = {(chunk_of[i], i): (tokens[i].start, tokens[i].end) for i in found}
        return _snippet(text, chunks, starts, keyed, spans, words)


def _language(text: str, known: str | None = None) -> str:
    """The page's language: ``known`` (as the index stored it, ``PageText.language``), else
    decided from the text as the indexer decides it (see ``search.language``)."""
    return known or detect_chunks(text.split())


class _Scan:
    """One page's matched tokens, each known by (chunk index, index in its chunk).

    Holds what ``snippet`` needs and nothing else: the page's whitespace-separated chunks and
    where each starts, and the matched tokens' terms (``found``) and offsets (``spans``)."""

    def __init__(self, text: str, chunks: list[str], starts: list[int]):
        self.text = text
        self.chunks = chunks
        self.starts = starts
        self.found: dict[tuple[int, int], str] = {}
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}

    def next_token(self, at: tuple[int, int], language: str) -> tuple[int, int] | None:
        """The token after ``at`` (chunks without a token, like "§", are passed over), or None."""
        j, k = at
        if k + 1 < len(chunk_pieces(self.chunks[j], language)):
            return j, k + 1
        for following in range(j + 1, len(self.chunks)):
            if chunk_pieces(self.chunks[following], language):
                return following, 0
        return None

    def snippet(self, words: int) -> str:
        return _snippet(self.text, self.chunks, self.starts, self.found, self.spans, words)


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


def _best_window(found: dict[tuple[int, int], str], keys: list[tuple[int, int]], size: int) -> int:
    """Index of the first chunk of the window of ``size`` chunks with most distinct terms, then
    most hits (``found`` is keyed by (chunk, token in it), ``keys`` are its keys in order); each
    window begins a little before a match."""
    if not keys:
        return 0
    at = [key[0] for key in keys]
    best, best_score = 0, (-1, -1)
    for first in dict.fromkeys(at):
        begin = max(0, first - size // 4)
        inside = [found[key] for key in keys[bisect_left(at, begin) : bisect_left(at, begin + size)]]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = begin, score
    return best


def _whole_phrase_end(found: dict[tuple[int, int], str], keys: list[tuple[int, int]], last: int) -> int:
    """The window's last chunk, moved past the rest of a phrase it would cut.

    "… how many involve people who <mark>lack</mark> …" does not show what matched ("lack a
    fixed residence"). Every token of a phrase's occurrences has the phrase's term in ``found``
    (its stems joined by spaces), so the marks of that term up to the window's end tell how many
    of the last occurrence's tokens are missing; "fixed residence fixed residence" cut after the
    first "residence" is whole, and is not extended into the second."""
    after = bisect_right(keys, (last, float("inf")))
    if after == 0 or after == len(keys) or " " not in (term := found[keys[after - 1]]):
        return last
    missing = -sum(found[key] == term for key in keys[:after]) % len(term.split())
    end = keys[after - 1][0]
    for key in keys[after:after + missing]:
        if found[key] != term or key[0] > end + 1:
            return last
        end = key[0]
    return max(last, end)


def _snippet(text: str, chunks: list[str], starts: list[int], found: dict[tuple[int, int], str],
             spans: dict[tuple[int, int], tuple[int, int]], words: int) -> str:
    """The window of ``words`` chunks with the most distinct matches, escaped and marked;
    ``spans`` gives each matched token's start and end in the text."""
    if not chunks:
        return ""
    keys = sorted(found)
    first = _best_window(found, keys, words)
    last = _whole_phrase_end(found, keys, min(len(chunks), first + words) - 1)
    start = 0 if first == 0 else starts[first]
    end = len(text) if last == len(chunks) - 1 else starts[last] + len(chunks[last])
    html = _squash(_render(text, [spans[key] for key in keys], start, end))
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
