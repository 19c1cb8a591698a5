"""Query: read what a researcher typed into a small, engine-neutral query tree.

The syntax follows the operators legal researchers know from CourtListener:

- ``banishment housing``            every word required (the pages of a document together)
- ``"host site"``                    a phrase; stopwords inside it still count
- ``parole OR "supervised release"`` either side
- ``NOT federal`` / ``-federal``     exclude
- ``"border fence"~50``             the words within 50 words of each other, any order
- ``discipline~1``                   fuzzy: one edit away
- ``title:injunction``, ``type:order``, ``court:illinois``, ``case:murphy``, ``year:2020``
- ``year:[2018 TO 2020]``, ``date:[2019-01-01 TO 2020-06-30]``, bare ``[2018 TO 2020]``
- ``year:>2020``, ``year:>=2020``, ``year:<2020``, ``year:<=2020``, ``year:2020..2021``
- ``resid*``                         trailing wildcard (three letters at least)
- ``Tarr?nt``                        one unknown letter inside a word (``school?`` is the word
                                     school: a ``?`` ending a word is a question's punctuation)
- ``AND NOT``, ``NOT (a OR b)``, ``a AND (b OR c)``, ``-"a phrase"``, ``title:(a b)``
- an empty query (or one with nothing searchable, like ``?``) matches every document

The text is first normalised (``search.normalize``): curly quotes and apostrophes, dashes,
full-width forms, invisible characters and line breaks, question marks, ``vs.``.

A malformed query (unbalanced quotes or parentheses, a lone operator) is not an error
for the user: it falls back to its plain words with a note. A query that would be too
costly (leading wildcards, very short prefixes, too long) raises ``QueryRejected``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import stopwords, tokenize
from search.citations import citations_in_query
from search.dockets import docket_key, dockets_in_query
from search.fields import query_aliases
from search.messages import (
    FUZZY_CAPPED,
    NEAR_WORDS_CAPPED,
    NOT_A_DATE,
    NOT_READ,
    SLOP_CAPPED,
    TOO_LONG,
    TOO_MANY_TERMS,
    UNEXPECTED,
    WILDCARD_END,
    WILDCARD_LETTERS,
    say,
)
from search.normalize import caps_lock, normalize_query, trim_edges

MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 40
MIN_PREFIX_LETTERS = 3
MAX_NESTING = 32
#: Fuzzy words (``word~``) per query: each expands to up to 50 indexed words in every field
#: and is matched against every word of every highlighted page; the rest are searched as typed.
MAX_FUZZY_TERMS = 6
#: ``"..."~N``: the largest N. Span matching grows with the window; 1000 cost 89 s on a long document.
MAX_SLOP = 100
#: Words in one ``"..."~N`` phrase; a longer one is searched as all of its words, nearness unchecked.
MAX_NEAR_WORDS = 10

_RANGE_VALUE = re.compile(r"^(\d{4}|\d{4}-\d{2}-\d{2}|\*)$")
_SPECIAL = set('"()[]{}~')


class QueryRejected(ValueError):
    """The query asks for too much; the message tells the user what to change."""


class QuerySyntaxError(ValueError):
    """Internal: the query is malformed; the parser falls back to plain words."""


# --- the query tree ------------------------------------------------------------------------


#: A leaf's ``field`` is None (the default fields) or the name of a field of ``search/fields.py``
#: that the user named through one of its query aliases (``case:murphy`` -> ``case_name``).


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    fuzzy: int = 0


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None
    slop: int = 0  # > 0: the words within ``slop`` words of each other, in any order


@dataclass(frozen=True)
class Prefix:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Wildcard:
    """A word with ``?`` for one unknown letter inside it ("Tarr?nt"), maybe ending in ``*``."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Everything:
    """Every document: what an empty query asks for (shown newest first)."""


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None
    high: str | None


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Any:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class Authority:
    """A case or statute citation typed in the query ("895 F.3d 515", "720 ILCS 5/11-9.3")."""

    key: str
    text: str
    field: str | None = None


@dataclass(frozen=True)
class CaseNumber:
    """A case or docket number typed in the query ("16 C 11471", "8:16-cv-01261")."""

    key: str
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Expanded:
    """What the user typed, plus related terms from the glossary (ranked below it)."""

    original: Node
    alternatives: tuple[Node, ...]


Node = Word | Phrase | Prefix | Wildcard | Range | All | Any | Not | Expanded | Authority | CaseNumber | Everything
Leaf = Word | Phrase | Prefix | Wildcard | Authority | CaseNumber


@dataclass
class ParsedQuery:
    """The tree (None when nothing searchable is left) and notes to show the user."""

    text: str
    root: Node | None
    notes: list[str] = field(default_factory=list)

    def positive_leaves(self) -> list[Leaf]:
        """Leaves the user wants to see (not under NOT): what snippets highlight."""
        return list(_positive_leaves(self.root)) if self.root else []


def _positive_leaves(node: Node):
    if isinstance(node, (Word, Phrase, Prefix, Wildcard, Authority, CaseNumber)):
        yield node
    elif isinstance(node, (All, Any)):
        for item in node.items:
            yield from _positive_leaves(item)
    elif isinstance(node, Expanded):
        for item in (node.original, *node.alternatives):
            yield from _positive_leaves(item)


# --- lexing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexeme:
    kind: str  # word, phrase, op, open, close, ropen, rclose, field, tilde, minus
    value: str


def _caps_lock_words(lexemes: list[_Lexeme]) -> list[_Lexeme]:
    """In a query typed with caps lock, ``NOT`` is an operator only where nothing else fits:
    before ``(`` or a quoted phrase, after ``AND``, or first. Elsewhere it is the word not
    ("SEX OFFENDER NOT ALLOWED NEAR SCHOOL" keeps "allowed")."""
    kept = []
    for i, lexeme in enumerate(lexemes):
        if lexeme.kind == "op" and lexeme.value == "NOT" and i > 0:
            before, after = lexemes[i - 1], lexemes[i + 1] if i + 1 < len(lexemes) else None
            operator = (before.kind == "op" or before.kind == "open"
                        or (after is not None and after.kind in ("open", "phrase")))
            if not operator:
                lexeme = _Lexeme("word", "not")
        kept.append(lexeme)
    return kept


def _lex(text: str) -> list[_Lexeme]:
    lexemes = _lex_all(text)
    return _caps_lock_words(lexemes) if caps_lock(text) else lexemes


def _lex_all(text: str) -> list[_Lexeme]:
    lexemes: list[_Lexeme] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError("a quotation mark is not closed")
            lexemes.append(_Lexeme("phrase", text[i + 1 : end]))
            i = end + 1
        elif ch in "()":
            lexemes.append(_Lexeme("open" if ch == "(" else "close", ch))
            i += 1
        elif ch in "[]{}":
            lexemes.append(_Lexeme("ropen" if ch in "[{" else "rclose", ch))
            i += 1
        elif ch == "~":
            match = re.match(r"~(\d*)", text[i:])
            lexemes.append(_Lexeme("tilde", match.group(1)))
            i += len(match.group(0))
        elif ch in "-+!" and i + 1 < len(text) and not text[i + 1].isspace():
            if ch in "-!":  # "!covid": Lucene's exclusion
                lexemes.append(_Lexeme("minus", ch))
            i += 1
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            i = _lex_word(text[i:j], lexemes, i, j)
    return lexemes


def _lex_word(word: str, lexemes: list[_Lexeme], start: int, end: int) -> int:
    name, colon, rest = word.partition(":")
    aliases = query_aliases() if colon else {}
    if name.lower() in aliases:
        lexemes.append(_Lexeme("field", aliases[name.lower()]))
        if rest:
            lexemes.append(_Lexeme("word", rest))
        return end
    if word in ("AND", "OR", "NOT", "&&", "||", "!"):
        lexemes.append(_Lexeme("op", {"&&": "AND", "||": "OR", "!": "NOT"}.get(word, word)))
    else:
        lexemes.append(_Lexeme("word", word))
    return end


# --- parsing -------------------------------------------------------------------------------


class _Parser:
    def __init__(self, lexemes: list[_Lexeme], references: list[Authority | CaseNumber]):
        self.lexemes = lexemes
        self.references = references
        self.i = 0
        self.depth = 0

    def nested(self) -> None:
        """Refuse pathological nesting ("((((..." or "- - - -...") before Python's stack does."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QuerySyntaxError("the query is nested too deeply")

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.i] if self.i < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.i]
        self.i += 1
        return lexeme

    def parse(self) -> Node | None:
        node = self.or_expr()
        if self.peek() is not None:
            raise QuerySyntaxError("a parenthesis is not opened" if self.peek().kind == "close" else "stray text")
        return node

    def or_expr(self) -> Node | None:
        items = [self.and_expr()]
        while (lexeme := self.peek()) and lexeme.kind == "op" and lexeme.value == "OR":
            self.take()
            items.append(self.and_expr())
        if any(item is None for item in items):
            raise QuerySyntaxError("OR needs something on each side")
        return items[0] if len(items) == 1 else Any(tuple(items))

    def and_expr(self) -> Node | None:
        items: list[Node] = []
        while (lexeme := self.peek()) and lexeme.kind != "close" and lexeme.value != "OR":
            if lexeme.kind == "op" and lexeme.value == "AND":
                self.take()
                following = self.peek()
                if not items or following is None or following.kind == "close" \
                        or (following.kind == "op" and following.value != "NOT"):
                    raise QuerySyntaxError("AND needs something on each side")
                continue
            items.append(self.unary())
        if not items:
            return None
        return items[0] if len(items) == 1 else All(tuple(items))

    def unary(self) -> Node:
        lexeme = self.peek()
        if lexeme.kind == "minus" or (lexeme.kind == "op" and lexeme.value == "NOT"):
            self.take()
            self.nested()
            if self.peek() is None or self.peek().kind in ("close", "op"):
                raise QuerySyntaxError("NOT needs a word after it")
            return Not(self.unary())
        return self.primary(None)

    def primary(self, field_name: str | None) -> Node:
        lexeme = self.take()
        if lexeme.kind == "open":
            self.nested()
            node = self.or_expr()
            if self.peek() is None or self.take().kind != "close":
                raise QuerySyntaxError("a parenthesis is not closed")
            if node is None:
                raise QuerySyntaxError("empty parentheses")
            return _with_field(node, field_name) if field_name else node
        if lexeme.kind == "field":
            if field_name or self.peek() is None or self.peek().kind in ("close", "op", "rclose"):
                raise QuerySyntaxError("a field name needs a value after it")
            return self.primary(lexeme.value)
        if lexeme.kind == "ropen":
            return self.range(field_name)
        if lexeme.kind == "phrase":
            return self.phrase(lexeme.value, field_name)
        if lexeme.kind == "word":
            return self.word(lexeme.value, field_name)
        raise QuerySyntaxError(say(UNEXPECTED, value=repr(lexeme.value)))

    def phrase(self, text: str, field_name: str | None) -> Node:
        slop = 0
        if (lexeme := self.peek()) and lexeme.kind == "tilde":
            self.take()
            if not lexeme.value:
                raise QuerySyntaxError("~ after a phrase needs a number of words")
            slop = min(int(lexeme.value), 10 * MAX_SLOP)  # bounded() caps it, with a note
        if not slop and (reference := _reference(text.strip(), whole=True)):
            return reference
        return Phrase(text.strip(), field_name, slop)

    def word(self, text: str, field_name: str | None) -> Node:
        if text.startswith(_PLACEHOLDER) and text[1:].isdigit() and int(text[1:]) < len(self.references):
            return self.references[int(text[1:])]
        if (lexeme := self.peek()) and lexeme.kind == "tilde":
            self.take()
            distance = int(lexeme.value) if lexeme.value else 1
            return Word(text, field_name, fuzzy=max(1, min(distance, 2)))
        if field_name in ("year", "date") and (bounds := _comparison(text, field_name)):
            return Range(field_name, *bounds)
        if "?" in text:
            return _wildcard(text, field_name)
        if "*" in text:
            return _prefix(text, field_name)
        return Word(text, field_name)

    def range(self, field_name: str | None) -> Node:
        parts = []
        while (lexeme := self.peek()) and lexeme.kind != "rclose":
            parts.append(self.take().value)
        if self.peek() is None:
            raise QuerySyntaxError("a range's bracket is not closed")
        self.take()
        if len(parts) != 3 or parts[1] != "TO" or not all(_RANGE_VALUE.match(p) for p in (parts[0], parts[2])):
            raise QuerySyntaxError("a range reads [2018 TO 2020] or [2019-01-01 TO 2020-06-30]")
        low, high = (None if p == "*" else p for p in (parts[0], parts[2]))
        sample = low or high or ""
        field_name = field_name or ("year" if len(sample) == 4 else "date")
        if field_name not in ("year", "date"):
            raise QuerySyntaxError("ranges work on year: and date:")
        return Range(field_name, low, high)


_PLACEHOLDER = "\ue000"


def _reference(text: str, whole: bool = False) -> Authority | CaseNumber | None:
    """``text`` read as one citation or case number (all of it, when ``whole``)."""
    for citation in citations_in_query(text):
        if not whole or (citation.start == 0 and not text[citation.end :].strip(" .,;")):
            return Authority(citation.key, citation.text)
    key = docket_key(text) if whole else None
    return CaseNumber(key, text) if key else None


_LEAD_IN = re.compile(r"(?:\b(?:case|appeal|docket)\s*)?(?:\bno\.?|\bnumber|#|\bcase)\s*:?\s*$", re.I)


def _lead_in_start(text: str, start: int) -> int:
    """Where "No. " or "Case: " before a case number begins, so it goes with the number."""
    match = _LEAD_IN.search(text[:start])
    return match.start() if match else start


def _cut_references(text: str) -> tuple[str, list[Authority | CaseNumber]]:
    """Replace citations and case numbers outside quotes by placeholders the lexer keeps whole."""
    quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    spans: list[tuple[int, int, Authority | CaseNumber]] = []
    found = [(c.start, c.end, Authority(c.key, c.text)) for c in citations_in_query(text)]
    found += [(_lead_in_start(text, d.start), d.end, CaseNumber(d.key, d.text)) for d in dockets_in_query(text)]
    for start, end, reference in sorted(found, key=lambda item: (item[0], -item[1])):
        inside_quotes = any(q_start <= start < q_end for q_start, q_end in quoted)
        overlaps = any(start < taken_end and taken_start < end for taken_start, taken_end, _ in spans)
        if not inside_quotes and not overlaps:
            spans.append((start, end, reference))
    references: list[Authority | CaseNumber] = []
    for start, end, reference in sorted(spans, key=lambda item: -item[0]):
        text = f"{text[:start]} {_PLACEHOLDER}{len(spans) - 1 - len(references)} {text[end:]}"
        references.append(reference)
    return text, references[::-1]


_COMPARISON = re.compile(r"^(?P<op>>=|<=|>|<)(?P<value>\d{4}(?:-\d{2}-\d{2})?)$")
_SPAN = re.compile(r"^(?P<low>\d{4}(?:-\d{2}-\d{2})?)(?:\.\.|-|/)(?P<high>\d{4}(?:-\d{2}-\d{2})?)$")


def _comparison(text: str, field_name: str) -> tuple[str | None, str | None] | None:
    """``>2020``, ``>=2020``, ``<2020``, ``<=2020`` and ``2020..2021`` as inclusive bounds.

    ``2020-2021`` (or with an en dash, normalised to ``-``) is a span of years too; on
    ``date:`` it would be read as one date, so there only ``..`` makes a span."""
    if match := _COMPARISON.match(text):
        value, op = match["value"], match["op"]
        if (len(value) == 4) != (field_name == "year"):
            return None
        if op in (">=", "<="):
            return (value, None) if op == ">=" else (None, value)
        step = 1 if op == ">" else -1
        moved = str(int(value) + step) if field_name == "year" else _next_day(value, step)
        return (moved, None) if op == ">" else (None, moved)
    if (match := _SPAN.match(text)) and (field_name == "year" or ".." in text):
        low, high = match["low"], match["high"]
        if all((len(v) == 4) == (field_name == "year") for v in (low, high)):
            return (low, high) if low <= high else (high, low)
    return None


def _next_day(value: str, step: int) -> str:
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(value) + timedelta(days=step)).isoformat()
    except ValueError:
        raise QuerySyntaxError(say(NOT_A_DATE, value=repr(value))) from None


def _wildcard(text: str, field_name: str | None) -> Wildcard | Prefix:
    """``Tarr?nt`` (and ``Tarr?nt*``): a ``?`` inside a word stands for one letter.

    A ``?`` ending a word was removed by the normaliser as punctuation; here one can still
    end a field value ("title:school?") and is then punctuation too."""
    core = text.rstrip("?")
    if "?" not in core:
        return _prefix(core, field_name) if "*" in core else Word(core, field_name)  # type: ignore[return-value]
    if "*" in core.rstrip("*"):
        raise QueryRejected(say(WILDCARD_END, text=text))
    letters = len(re.match(r"[^?*]*", core).group(0))
    if letters < MIN_PREFIX_LETTERS:
        raise QueryRejected(say(WILDCARD_LETTERS, text=text, letters=MIN_PREFIX_LETTERS, example="Tarr?nt"))
    return Wildcard(core, field_name)


def _prefix(text: str, field_name: str | None) -> Prefix:
    stem_part = text.rstrip("*")
    if "*" in stem_part:
        raise QueryRejected(say(WILDCARD_END, text=text))
    letters = sum(ch.isalnum() for ch in stem_part)
    if letters < MIN_PREFIX_LETTERS:
        raise QueryRejected(say(WILDCARD_LETTERS, text=text, letters=MIN_PREFIX_LETTERS, example="resid*"))
    return Prefix(stem_part, field_name)


def _with_field(node: Node, field_name: str) -> Node:
    """Apply ``title:(a OR b)`` to every leaf inside the parentheses."""
    if isinstance(node, (Word, Phrase, Prefix, Wildcard)):
        return type(node)(**{**node.__dict__, "field": node.field or field_name})
    if isinstance(node, Range):
        return node
    if isinstance(node, (All, Any)):
        return type(node)(tuple(_with_field(item, field_name) for item in node.items))
    if isinstance(node, Not):
        return Not(_with_field(node.item, field_name))
    return node


# --- post-processing -----------------------------------------------------------------------


def _prune(node: Node | None) -> Node | None:
    """Drop leaves with nothing searchable ("/", "--") and bare stopwords.

    Stopwords go only from AND groups that keep something else; inside phrases they stay.
    """
    if isinstance(node, (Word, Phrase, Prefix, Wildcard)):
        return node if any(tokenize(node.text)) else None
    if isinstance(node, Not):
        item = _prune(node.item)
        return Not(item) if item else None
    if isinstance(node, (All, Any)):
        # A word pasted twice counts once ("housing housing ..." is not 45 terms).
        items = list(dict.fromkeys(item for item in map(_prune, node.items) if item is not None))
        if isinstance(node, All) and any(not _is_stopword(i) and not isinstance(i, Not) for i in items):
            items = [item for item in items if not _is_stopword(item)]
        if not items:
            return None
        return items[0] if len(items) == 1 else type(node)(tuple(items))
    return node


def _is_stopword(node: Node) -> bool:
    return isinstance(node, Word) and node.field is None and not node.fuzzy and node.text.lower() in stopwords()


def _count_leaves(node: Node | None) -> int:
    if node is None:
        return 0
    if isinstance(node, (All, Any)):
        return sum(_count_leaves(item) for item in node.items)
    if isinstance(node, Not):
        return _count_leaves(node.item)
    if isinstance(node, Phrase):
        return max(1, len(node.text.split()))
    return 1


def _plain_words(text: str) -> Node | None:
    words = [t.word for t in tokenize(text) if t.word.upper() not in ("AND", "OR", "NOT")]
    nodes = tuple(Word(word) for word in dict.fromkeys(words))
    if not nodes:
        return None
    return _prune(nodes[0] if len(nodes) == 1 else All(nodes))


def parse_query(text: str) -> ParsedQuery:
    """Parse ``text``; malformed input falls back to plain words with a note.

    Raises ``QueryRejected`` for queries too long or too costly to run.
    """
    text = text.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRejected(say(TOO_LONG, count=len(text), limit=MAX_QUERY_CHARS))
    cleaned = trim_edges(normalize_query(text))
    if not any(tokenize(cleaned)):
        return ParsedQuery(text, Everything())
    notes: list[str] = []
    try:
        marked, references = _cut_references(cleaned)
        root = _prune(_Parser(_lex(marked), references).parse())
    except QuerySyntaxError as error:
        root = _plain_words(cleaned)
        notes.append(say(NOT_READ, problem=str(error)))
    if _count_leaves(root) > MAX_QUERY_TERMS:
        raise QueryRejected(say(TOO_MANY_TERMS, limit=MAX_QUERY_TERMS))
    return ParsedQuery(text, *bounded(root, notes))


def bounded(root: Node | None, notes: list[str]) -> tuple[Node | None, list[str]]:
    """The tree with its costly parts reduced (each reduction said in a note), never refused.

    A query is refused (``QueryRejected``) only when no reduction keeps its meaning (a
    leading wildcard); 40 fuzzy words or a phrase ``~1000`` still mean something, so they
    are searched in a cheaper form: the first ``MAX_FUZZY_TERMS`` fuzzy words stay fuzzy,
    nearness is capped at ``MAX_SLOP`` words, and a near-phrase of more than
    ``MAX_NEAR_WORDS`` words becomes all of its words."""
    seen = {"fuzzy": 0}
    reduced: set[str] = set()

    def walk(node: Node) -> Node:
        if isinstance(node, Word) and node.fuzzy:
            seen["fuzzy"] += 1
            if seen["fuzzy"] > MAX_FUZZY_TERMS:
                reduced.add("fuzzy")
                return Word(node.text, node.field)
            return node
        if isinstance(node, Phrase) and node.slop:
            words = node.text.split()
            if len(words) > MAX_NEAR_WORDS:
                reduced.add("near-words")
                return All(tuple(Word(word, node.field) for word in words))
            if node.slop > MAX_SLOP:
                reduced.add("slop")
                return Phrase(node.text, node.field, MAX_SLOP)
            return node
        if isinstance(node, (All, Any)):
            return type(node)(tuple(walk(item) for item in node.items))
        if isinstance(node, Not):
            return Not(walk(node.item))
        return node

    if root is None:
        return None, notes
    root = walk(root)
    messages = {
        "fuzzy": say(FUZZY_CAPPED, limit=MAX_FUZZY_TERMS),
        "slop": say(SLOP_CAPPED, limit=MAX_SLOP),
        "near-words": say(NEAR_WORDS_CAPPED, limit=MAX_NEAR_WORDS),
    }
    notes = notes + [message for key, message in messages.items() if key in reduced]
    return (_prune(root) if "near-words" in reduced else root), notes
