"""The search library's front door, shared by ``python -m search`` and the web app.

``SearchService`` parses the query, asks the engine, builds snippets for the results being
shown, offers a spelling suggestion, and notices when the indexer publishes a new
generation so a running site picks it up without a restart.

Answers are remembered per generation (``ResultCache``): the results page, its JSON twin,
the CSV export and the next page of a popular question repeat the same search, and a search
costs tens to hundreds of milliseconds in pure-Python Whoosh. A new generation starts afresh.
"""

from __future__ import annotations

import copy
import re
import threading
from collections import OrderedDict

from search import budget, ranking
from search.engines import EngineReader, get_engine
from search.fields import Filter, audience_filters, field_named, result_fields
from search.highlight import Highlighter, plain_snippet
from search.manifest import Manifest
from search.messages import (
    ENGLISH_TERMS,
    INDEX_MISSING,
    READ_AS_STATUTE,
    RELATED_TERMS,
    SHOWING_RESULTS,
    SOME_WORDS,
    say,
)
from search.models import DocumentHit, DocumentMeta, DocumentRecord, PageHit, PageText, SearchRequest, SearchResults
from search.query import (
    All,
    Authority,
    Everything,
    Expanded,
    Node,
    Not,
    ParsedQuery,
    QueryRejected,
    Range,
    Word,
    parse_query,
)
from search.query import Any as AnyOf
from search.store import IndexStore
from search.synonyms import expand, in_glossary, related_terms, spanish_terms

MAX_PER_PAGE = 100
MAX_RESULT_PAGE = 1000
#: Searches remembered per process (a few kilobytes each); 0 turns the cache off.
DEFAULT_RESULT_CACHE = 512
#: Unknown words looked up in the spelling index per query. Each lookup builds an edit
#: automaton (seconds for a long word at two edits); someone who mistyped six words of one
#: question is better served by retyping than by a suggestion that replaces all of them.
MAX_SPELLING_WORDS = 6
#: Longer words are not corrected at all: 22 random letters have no near neighbour worth
#: offering, and their automaton is the costliest ("unconstitutionality" has 19 letters).
MAX_SPELLING_LETTERS = 20
#: Words up to this long are corrected within one edit only (see ``correct_word``).
MAX_ONE_EDIT_LETTERS = 5
#: Corrections remembered per process (word -> suggestion, for the current generation).
SPELLING_MEMO = 4096
NO_SUGGESTION = "No spelling suggestion was looked for: the search had to answer in time."
NO_FALLBACK = "Searches for similar spellings or some of the words were skipped: the search had to answer in time."
PLAIN_SNIPPETS = "Some snippets are shown without highlighting: the search had to answer in time."


_UNSEEN = object()


class IndexMissing(RuntimeError):
    """No index has been built yet at the configured folder."""


class ResultCache:
    """The latest answers, least recently used dropped first; safe across threads.

    Callers get their own copy, so nothing they do to a result changes the remembered one."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[tuple, SearchResults] = OrderedDict()
        self._generation: str | None = None
        self._lock = threading.Lock()

    def get(self, key: tuple) -> SearchResults | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
        return copy.deepcopy(found)

    def put(self, generation: str, key: tuple, results: SearchResults) -> None:
        if self.size <= 0:
            return
        kept = copy.deepcopy(results)
        with self._lock:
            if generation != self._generation:  # the old generation's answers are stale
                self._entries.clear()
                self._generation = generation
            self._entries[key] = kept
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


class SearchService:
    def __init__(self, index_dir, result_cache: int = DEFAULT_RESULT_CACHE):
        self.store = IndexStore(index_dir)
        self._reader: EngineReader | None = None
        self._retired: list[EngineReader] = []
        self._generation: str | None = None
        self._lock = threading.Lock()
        self.results = ResultCache(result_cache)
        self._corrections: OrderedDict[tuple, str | None] = OrderedDict()
        self._hidden: tuple[str | None, frozenset[str]] = (None, frozenset())
        self._sees_all: dict[tuple[str, tuple[Filter, ...]], bool] = {}

    # --- the current generation ---------------------------------------------------------

    def reader(self) -> EngineReader:
        """The reader of the current generation, reopened when the indexer switched."""
        return self._current()[0]

    def _current(self) -> tuple[EngineReader, str]:
        """The reader and its generation's name.

        ``CURRENT`` is read under the lock: read outside it, a thread holding the name from
        before a switch could switch back to the old generation after another had moved on,
        and the next switch would close readers that searches were still using."""
        with self._lock:
            name = self.store.current_name()
            if name is None:
                raise IndexMissing(say(INDEX_MISSING, root=self.store.root))
            if name != self._generation or self._reader is None:
                reader = self._open(self.store.generations / name)
                if self._reader is not None:  # searches begun before the switch may still use it
                    self._retired.append(self._reader)
                self._reader = reader
                self._generation = name
                while len(self._retired) > 1:
                    self._retired.pop(0).close()
            return self._reader, name

    def _open(self, generation) -> EngineReader:
        """A reader of ``generation`` by the engine that wrote it (its manifest says which), so a
        site started with one engine keeps answering when the indexer is re-run with another
        (``C400_ENGINE=tantivy indexer.py`` while the Whoosh site runs). An older manifest without
        the engine's name is read with the configured engine."""
        written = self.store.manifest(generation)
        return get_engine((written.engine if written else "") or None).reader(generation)

    def manifest(self) -> Manifest:
        self.reader()
        return self.store.manifest() or Manifest()

    # --- searching ------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        """Raises ``QueryRejected`` for a query too costly to run; anything else is answered."""
        request.per_page = max(1, min(request.per_page, MAX_PER_PAGE))
        request.page = max(1, min(request.page, MAX_RESULT_PAGE))
        reader, generation = self._current()
        key = (generation, request.audience, request.query, tuple(sorted(request.filters.items())), request.sort,
               request.page, request.per_page, request.pages_per_result, request.spelling)
        remembered = self.results.get(key)
        if remembered is not None:
            return remembered
        skipped_before = len(budget.skipped())
        results = self._search(reader, request, generation)
        cut_short = budget.skipped()[skipped_before:]
        if cut_short:  # a partial answer is not remembered: the next asker may have more time
            results.notes.extend(note for note in cut_short if note not in results.notes)
        else:
            self.results.put(generation, key, results)
        return results

    def _search(self, reader: EngineReader, request: SearchRequest, generation: str = "") -> SearchResults:
        """Raises ``budget.BudgetExceeded`` when the request's time ran out before the search began;
        once it has results, running out only leaves out what comes after (with a note)."""
        audience = audience_filters(request.audience)
        parsed = _widened(_with_statutes(reader, parse_query(request.query), audience))
        if isinstance(parsed.root, Everything) and request.sort == "relevance":
            # Nothing to rank by: every document, newest first (a copy: the cache key keeps the sort asked for).
            request = copy.copy(request)
            request.sort = "date"
        budget.checkpoint("starting the search")  # nothing to show yet: past here, every answer has results
        found = ranking.search(reader, parsed, request)
        suggestion = self._suggest(reader, parsed, generation, audience)
        notes = list(parsed.notes)
        corrected = None
        if found.total == 0:
            for note, candidate, respelt in _fallbacks(request.query, parsed, suggestion, request.spelling):
                if budget.over("fallbacks", NO_FALLBACK):
                    break
                retry = ranking.search(reader, candidate, request)
                if retry.total:
                    found, parsed = retry, candidate
                    notes.append(note)
                    if respelt:  # pages show this one message, not also "Did you mean"
                        corrected = suggestion
                    break
        highlighter = Highlighter(parsed)

        def snippet(page: PageText) -> str:
            if budget.over("snippets", PLAIN_SNIPPETS):
                return plain_snippet(page.text)
            return highlighter.snippet(page.text, language=page.language)

        hits = [
            document_hit(hit.meta, hit.score, [PageHit(page.number, snippet(page)) for page in hit.pages])
            for hit in found.hits
        ]
        return SearchResults(
            query=request.query,
            total=found.total,
            page=request.page,
            per_page=request.per_page,
            results=hits,
            facets={name: [item.to_json() for item in values] for name, values in found.facets.items()},
            suggestion=suggestion,
            notes=notes,
            corrected=corrected,
        )

    def _suggest(self, reader: EngineReader, parsed: ParsedQuery, generation: str = "",
                 audience: list[Filter] | None = None) -> str | None:
        """The query with unknown words replaced by the closest indexed words, if any.

        For a visitor (``audience`` filters) "known" and every candidate are counted in the
        documents the visitor may see, so a word found only in staff documents is never
        offered, and is not even confirmed to exist by going uncorrected.

        Bounded: at most ``MAX_SPELLING_WORDS`` lookups of words up to ``MAX_SPELLING_LETTERS``
        letters, each remembered for the generation, and none once the request's time is up."""
        audience = self._spelling_filters(reader, generation, audience or [])
        replacements: dict[str, str] = {}
        looked_up = 0
        for word in dict.fromkeys(_plain_words(parsed.root)):
            if not (word.isalpha() and 3 < len(word) <= MAX_SPELLING_LETTERS) or in_glossary(word):
                continue
            key = (generation, bool(audience), word.lower())
            corrected = self._corrections.get(key, _UNSEEN)
            if corrected is _UNSEEN:
                if known_word(reader, word, audience):
                    continue
                if looked_up >= MAX_SPELLING_WORDS or budget.over("spelling", NO_SUGGESTION):
                    break
                looked_up += 1
                corrected = correct_word(reader, word, audience)
                self._remember_correction(key, corrected)
            if corrected and corrected != word.lower():
                replacements[word] = corrected
        if not replacements:
            return None
        suggestion = parsed.text
        for word, corrected in replacements.items():  # "banishmnet?" -> "banishment?"
            suggestion = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", corrected, suggestion)
        return suggestion

    def _spelling_filters(self, reader: EngineReader, generation: str, audience: list[Filter]) -> list[Filter]:
        """``audience``, or none when it sees every document of the generation: the counts are
        then the same, and an unfiltered word count is a look-up where a filtered one is a
        search (4 ms a word with Whoosh at 10,000 pages). A library with a staff-only document
        keeps the filters, so no word of it is offered or confirmed to a visitor."""
        if not audience:
            return audience
        key = (generation, tuple(audience))
        sees_all = self._sees_all.get(key)
        if sees_all is None:
            everything = Everything()
            sees_all = reader.match(everything, filters=audience, limit=1).total == reader.match(everything,
                                                                                              limit=1).total
            with self._lock:
                if len(self._sees_all) > 16:
                    self._sees_all.clear()
                self._sees_all[key] = sees_all
        return [] if sees_all else audience

    def _remember_correction(self, key: tuple, corrected: str | None) -> None:
        with self._lock:
            self._corrections[key] = corrected
            while len(self._corrections) > SPELLING_MEMO:
                self._corrections.popitem(last=False)

    # --- documents ------------------------------------------------------------------------

    def document(self, doc_id: str, audience: str = "public") -> DocumentRecord | None:
        """The document, or None when there is none or ``audience`` may not see it (the same
        answer, so a visitor cannot tell a staff document from a missing one)."""
        record = self.reader().document(doc_id)
        if record is None or not visible_to(audience, record.value):
            return None
        return record

    def highlighter(self, query: str, audience: str = "public") -> Highlighter | None:
        """What a document page marks for ``query``: the same widened query as the results page
        (glossary terms, bare section numbers read as the statute), so a result that showed
        "counsel" for ``lawyer`` shows it on the page too. None when there is nothing to mark
        or the query is refused (the page is shown unmarked, never an error). Statutes are read
        from what ``audience`` may see, as in ``search``."""
        if not query.strip():
            return None
        try:
            parsed = _with_statutes(self.reader(), parse_query(query), audience_filters(audience))
            highlighter = Highlighter(_widened(parsed))
        except QueryRejected:
            return None
        return None if highlighter.empty else highlighter

    def more_like_this(self, doc_id: str, limit: int = 5, audience: str = "public") -> list[DocumentMeta]:
        """Metadata of the documents most like ``doc_id`` (by their distinctive words) that
        ``audience`` may see."""
        return self.reader().more_like_this(doc_id, max(1, min(limit, MAX_PER_PAGE)), audience_filters(audience))

    def hidden_ids(self) -> frozenset[str]:
        """Ids of the documents a visitor may not see (for staff pages to mark "staff only"),
        remembered for the generation."""
        reader, generation = self._current()
        with self._lock:
            if self._hidden[0] == generation:
                return self._hidden[1]
        public = {meta.id for meta in reader.documents(audience_filters("public"))}
        hidden = frozenset(meta.id for meta in reader.documents() if meta.id not in public)
        with self._lock:
            self._hidden = (generation, hidden)
        return hidden

    def documents(self, audience: str = "public") -> list[DocumentMeta]:
        found = self.reader().documents(audience_filters(audience))
        return sorted(found, key=lambda meta: meta.title.lower())


def visible_to(audience: str, value_of) -> bool:
    """Whether a document (``value_of(field_name)`` gives its values) passes ``audience``'s filters."""
    return all(str(value_of(item.field) or field_named(item.field).default) == item.value
               for item in audience_filters(audience))


def known_word(reader: EngineReader, word: str, audience: list[Filter]) -> bool:
    """Whether ``word`` is in the text of a document the audience may see."""
    return bool(reader.doc_frequency(word, audience) if audience else reader.doc_frequency(word))


#: Spelling candidates checked against a visitor's documents per word (most frequent first).
MAX_PUBLIC_CANDIDATES = 30


def document_hit(meta: DocumentMeta, score: float, pages: list[PageHit]) -> DocumentHit:
    """One result: the result fields of the fields table, the score and the pages to show."""
    attributes = set(DocumentHit.__dataclass_fields__)
    extra = {item.name: str(meta.value(item.name) or "") for item in result_fields() if item.name not in attributes}
    return DocumentHit(
        id=meta.id, path=meta.path, title=meta.title, doc_type=meta.doc_type, date=meta.date, court=meta.court,
        case_number=meta.case_number, case_name=meta.case_name, score=score, pages=pages, extra=extra,
        page_count=meta.page_count, notices=meta.notice_kinds(),
    )


def correct_word(reader: EngineReader, word: str, audience: list[Filter] | None = None) -> str | None:
    """The most frequent indexed word one edit away, else (for words of more than five letters)
    two edits away.

    All candidates of one distance are ranked alike by frequency, whatever their distance
    ("lawer" would become the frequent "law" if two edits were asked at once), so nearer
    candidates are asked for first. Ties go to the first in alphabetical order. Two edits are
    too many for a short word (Lucene's "AUTO" fuzziness draws the line at the same length):
    they turned the Spanish "¿dónde puedo vivir?" into "dense sued civil"."""
    for distance in (1, 2) if len(word) > MAX_ONE_EDIT_LETTERS else (1,):
        candidates = reader.terms_within(word, distance)
        if audience:  # only words of documents the audience may see (ranked as for everyone: "lawer" is
            # still "lawyer", not the "later" of more documents; no staff-only word is ever offered)
            candidates = sorted(candidates, key=lambda item: (-item[1], item[0]))[:MAX_PUBLIC_CANDIDATES]
            candidates = [(term, count) for term, count in candidates if reader.doc_frequency(term, audience)]
        if candidates:
            return min(candidates, key=lambda item: (-item[1], item[0]))[0]
    return None


def _fallbacks(typed: str, parsed: ParsedQuery, suggestion: str | None, respell: bool = True):
    """What to try, in order, when the query as typed finds nothing: (note, query, respelt).

    The spelling is corrected only when ``respell``: the "Search instead for" link turns it
    off, so the query is then searched as typed (its words loosened, if need be)."""
    corrected = _widened(parse_query(suggestion)) if suggestion and respell else None
    if corrected:
        # no "banishment?." and no "¿dense": the question's marks are not part of the words
        shown, as_typed = (text.strip().strip("¿¡").rstrip(".?!") for text in (suggestion, typed))
        yield say(SHOWING_RESULTS, shown=shown, typed=as_typed), corrected, True
    some_words = SOME_WORDS
    for candidate in (parsed, corrected):
        relaxed = _relaxed(candidate.root) if candidate else None
        if relaxed is not None:
            yield some_words, ParsedQuery(candidate.text, relaxed, candidate.notes), False


_SECTION_NUMBER = re.compile(r"^\d+[a-z]?-\d+[a-z]?(?:\.\d+[a-z]?)*(?:\([a-z0-9]{1,5}(?:[-.][a-z0-9]{1,5})?\))*$", re.I)


def _with_statutes(reader: EngineReader, parsed: ParsedQuery, audience: list[Filter] | None = None) -> ParsedQuery:
    """Bare section numbers ("11-9.3", "§ 11-9.3") read as the Illinois statute the index
    cites with that section ("720 ILCS 5/11-9.3"), with a note; left alone when no
    document cites one (or the word is not a section number, like "pages 28-40").
    For a visitor, only statutes cited by documents the visitor may see."""
    notes = list(parsed.notes)

    def resolve(node: Node) -> Node:
        if isinstance(node, Word) and node.field is None and not node.fuzzy and _SECTION_NUMBER.match(node.text):
            cited = reader.cited_statutes(node.text)
            keys = [item[0].replace("_", " ").replace("ilcs", "ILCS") for item in cited]
            if audience:
                keys = [key for key in keys if reader.match(Authority(key, key), filters=audience, limit=1).total]
            if keys:
                key = keys[0]
                notes.append(say(READ_AS_STATUTE, text=node.text, key=key))
                return Authority(key, key)
            return node
        if isinstance(node, (All, AnyOf)):
            return type(node)(tuple(resolve(item) for item in node.items))
        if isinstance(node, Not):
            return Not(resolve(node.item))
        return node

    root = resolve(parsed.root) if parsed.root is not None else None
    return ParsedQuery(parsed.text, root, notes)


def _relaxed(node: Node | None) -> Node | None:
    """An all-words query turned into any-of-the-words (exclusions kept); None if not one."""
    if not isinstance(node, All):
        return None
    wanted = tuple(item for item in node.items if not isinstance(item, (Not, Range)))
    excluded = tuple(item for item in node.items if isinstance(item, (Not, Range)))  # ranges stay required
    if len(wanted) < 2:
        return None
    return All((AnyOf(wanted), *excluded)) if excluded else AnyOf(wanted)


def _widened(parsed: ParsedQuery) -> ParsedQuery:
    """The query with glossary terms added, and a note saying which."""
    root = expand(parsed.root)
    related = related_terms(root)
    notes = list(parsed.notes)
    spanish = [term for term in dict.fromkeys(related) if term in spanish_terms()]
    english = [term for term in dict.fromkeys(related) if term not in spanish_terms()]
    if spanish and english:  # a Spanish question: say which English legal terms it was widened to
        notes.append(say(ENGLISH_TERMS, terms=", ".join(english)))
        notes.append(say(RELATED_TERMS, terms=", ".join(spanish)))
    elif related:
        notes.append(say(RELATED_TERMS, terms=", ".join(spanish or english)))
    return ParsedQuery(parsed.text, root, notes)


def _plain_words(node: Node | None) -> list[str]:
    if isinstance(node, Word) and node.field is None and not node.fuzzy:
        return [node.text]
    if isinstance(node, (All, AnyOf)):
        return [word for item in node.items for word in _plain_words(item)]
    if isinstance(node, Expanded):
        return _plain_words(node.original)
    return []
