"""Synonyms: widen a query with the alliance's plain-language glossary.

``search/data/glossary.toml`` groups terms that mean the same thing to the people who
search here ("banishment", "residency restriction", "500 feet"). A query term that is one
of them becomes the term itself *or* the others, with the others ranked lower, so exact
matches come first. Words the user excluded (NOT, -) and field searches are left alone.

``search/data/glossary_es.toml`` maps plain Spanish terms to the English legal terms
("zona de exclusión" -> buffer zone, residency restriction, 500 feet), so a Spanish question
finds the English documents. A term is recognised by its English stems and by its Spanish
stems, accents and stopwords aside: "zonas de exclusion" is "zona de exclusión".
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from search.analysis import SPANISH, fold_accents, stems, stopwords
from search.query import All, Any, Expanded, Node, Not, Phrase, Word

Key = tuple[str, ...]


GLOSSARIES = ("glossary.toml", "glossary_es.toml")


def keys(text: str) -> list[Key]:
    """How a term is recognised: its English stems and its Spanish stems (accents folded),
    its stopwords left out as a query's are ("Department of Corrections", "zona de exclusión")."""
    words = " ".join(word for word in text.split() if fold_accents(word.lower()) not in stopwords()) or text
    found = [tuple(stems(fold_accents(words))), tuple(stems(words, SPANISH))]
    return [key for key in dict.fromkeys(found) if key]


@lru_cache(maxsize=1)
def _groups() -> list[tuple[list[str], list[str], bool]]:
    """(terms that are widened, terms they are widened with, whether the widened are Spanish)
    for every group of both files.

    A group of glossary.toml widens each of its terms with the others; one of glossary_es.toml
    widens its Spanish terms with its Spanish and English ones, and leaves its English terms alone."""
    found: list[tuple[list[str], list[str], bool]] = []
    for name in GLOSSARIES:
        text = resources.files("search.data").joinpath(name).read_text(encoding="utf-8")
        for group in tomllib.loads(text).get("group", []):
            clean = {key: [term.strip() for term in group.get(key, []) if term.strip()]
                     for key in ("terms", "es", "en")}
            if clean["terms"]:
                found.append((clean["terms"], clean["terms"], False))
            if clean["es"]:
                found.append((clean["es"], clean["es"] + clean["en"], True))
    return found


@lru_cache(maxsize=1)
def glossary() -> dict[Key, tuple[str, ...]]:
    """Each term's keys -> the other terms of its groups."""
    related: dict[Key, list[str]] = {}
    for widened, terms, _spanish in _groups():
        for term in widened:
            for key in keys(term):
                others = related.setdefault(key, [])
                others.extend(t for t in terms if key not in keys(t) and t not in others)
    return {key: tuple(others) for key, others in related.items() if key}


@lru_cache(maxsize=1)
def spanish_terms() -> frozenset[str]:
    """The Spanish terms of glossary_es.toml: a note tells them from the English terms a query gained."""
    return frozenset(term for widened, _terms, spanish in _groups() if spanish for term in widened)


def _lookup(text: str) -> Key | None:
    """The glossary key ``text`` is, if it is a term."""
    table = glossary()
    return next((key for key in keys(text) if key in table), None)


def in_glossary(word: str) -> bool:
    """Whether ``word`` alone is a glossary term (so it is not a misspelling to correct)."""
    return _lookup(word) is not None


def _alternative(term: str) -> Node:
    return Word(term) if len(stems(term)) == 1 else Phrase(term)


def _expanded(original: Node, text: str) -> Node:
    key = _lookup(text)
    others = glossary().get(key) if key else None
    return Expanded(original, tuple(_alternative(t) for t in others)) if others else original


def _is_plain_word(node: Node) -> bool:
    return isinstance(node, Word) and node.field is None and not node.fuzzy


def expand(node: Node | None) -> Node | None:
    """The query tree with glossary terms widened (longest run of words first)."""
    if node is None:
        return None
    if _is_plain_word(node):
        return _expanded(node, node.text)
    if isinstance(node, Phrase) and node.field is None and not node.slop:
        return _expanded(node, node.text)
    if isinstance(node, Any):
        items: list[Node] = []
        for item in node.items:  # "no fixed address" OR "without a fixed residence": one idea
            _append(items, expand(item))
        return items[0] if len(items) == 1 else Any(tuple(items))
    if isinstance(node, All):
        return _expand_all(node)
    return node


@lru_cache(maxsize=1)
def _longest_term() -> int:
    """The most words a glossary term has (after its stopwords are left out)."""
    return max((len(key) for key in glossary()), default=1)


def _expand_all(node: All) -> Node:
    """In an AND group, consecutive plain words may form a glossary term ("day care")."""
    items = list(node.items)
    longest = _longest_term()
    out: list[Node] = []
    i = 0
    while i < len(items):
        for size in range(min(longest, len(items) - i), 1, -1):
            run = items[i : i + size]
            if all(_is_plain_word(item) for item in run):
                text = " ".join(item.text for item in run)
                if _lookup(text) is not None:
                    _append(out, _expanded(All(tuple(run)), text))
                    i += size
                    break
        else:
            item = items[i]
            _append(out, item if isinstance(item, Not) else expand(item))
            i += 1
    return out[0] if len(out) == 1 else All(tuple(out))


def _append(out: list[Node], node: Node) -> None:
    """Add ``node`` to an AND (or OR) group, merged with the item before it when both are names
    of one glossary idea typed side by side: "zona de exclusión de 500 pies" asks for one thing,
    not for two that must both be found. Kept apart, the two groups shared six of their eight
    alternatives, each matched twice (phrase matching is most of a Whoosh search: 440 to 790 ms
    for that query at 10,000 pages), and a document naming the idea once counted twice.

    Merged, each typed name counts as typed (any of them), the other names of the idea as
    glossary alternatives. Counter-example: "buffer zone near schools" keeps "near schools"
    apart, and "banishment registry" (two ideas) stays two groups that must both be found."""
    previous = out[-1] if out else None
    if isinstance(previous, Expanded) and isinstance(node, Expanded) and _same_idea(previous, node):
        typed = (*_typed(previous.original), *_typed(node.original))
        named = {key for item in typed for key in keys(_text(item))}
        alternatives = tuple(alt for alt in dict.fromkeys((*previous.alternatives, *node.alternatives))
                             if not named.intersection(keys(alt.text)))
        out[-1] = Expanded(Any(typed), alternatives)
    else:
        out.append(node)


def _same_idea(first: Expanded, second: Expanded) -> bool:
    """Whether something typed in ``second`` is one of ``first``'s alternatives (a glossary group)."""
    named = {key for alt in first.alternatives for key in keys(alt.text)}
    return any(named.intersection(keys(_text(item))) for item in _typed(second.original))


def _typed(original: Node) -> tuple[Node, ...]:
    """The names the user typed in an ``Expanded`` (several once merged)."""
    return original.items if isinstance(original, Any) else (original,)


def _text(node: Node) -> str:
    """The words of a typed glossary term (a word, a phrase, or a run of words)."""
    return " ".join(item.text for item in node.items) if isinstance(node, All) else node.text


def related_terms(node: Node | None) -> list[str]:
    """The glossary terms a query was widened with, for a note to the user."""
    found: list[str] = []
    if isinstance(node, Expanded):
        found += [alt.text for alt in node.alternatives if isinstance(alt, (Word, Phrase))]
    elif isinstance(node, (All, Any)):
        for item in node.items:
            found += related_terms(item)
    return found
