"""Synonyms: widen a query with the alliance's plain-language glossary.

``search/data/glossary.toml`` groups terms that mean the same thing to the people who
search here ("banishment", "residency restriction", "500 feet"). A query term that is one
of them becomes the term itself *or* the others, with the others ranked lower, so exact
matches come first. Words the user excluded (NOT, -) and field searches are left alone.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from search.analysis import stems
from search.query import All, Any, Expanded, Node, Not, Phrase, Word

Key = tuple[str, ...]


@lru_cache(maxsize=1)
def glossary() -> dict[Key, tuple[str, ...]]:
    """Each term's stems -> the other terms of its groups."""
    text = resources.files("search.data").joinpath("glossary.toml").read_text(encoding="utf-8")
    related: dict[Key, list[str]] = {}
    for group in tomllib.loads(text).get("group", []):
        terms = [term.strip() for term in group["terms"] if term.strip()]
        for term in terms:
            others = related.setdefault(tuple(stems(term)), [])
            others.extend(t for t in terms if t != term and t not in others)
    return {key: tuple(others) for key, others in related.items() if key}


def in_glossary(word: str) -> bool:
    """Whether ``word`` alone is a glossary term (so it is not a misspelling to correct)."""
    return tuple(stems(word)) in glossary()


def _alternative(term: str) -> Node:
    return Word(term) if len(stems(term)) == 1 else Phrase(term)


def _expanded(original: Node, key: Key) -> Node:
    others = glossary().get(key)
    return Expanded(original, tuple(_alternative(t) for t in others)) if others else original


def _is_plain_word(node: Node) -> bool:
    return isinstance(node, Word) and node.field is None and not node.fuzzy


def expand(node: Node | None) -> Node | None:
    """The query tree with glossary terms widened (longest run of words first)."""
    if node is None:
        return None
    if _is_plain_word(node):
        return _expanded(node, tuple(stems(node.text)))
    if isinstance(node, Phrase) and node.field is None and not node.slop:
        return _expanded(node, tuple(stems(node.text)))
    if isinstance(node, Any):
        return Any(tuple(expand(item) for item in node.items))
    if isinstance(node, All):
        return _expand_all(node)
    return node


def _expand_all(node: All) -> Node:
    """In an AND group, consecutive plain words may form a glossary term ("day care")."""
    items = list(node.items)
    longest = max((len(key) for key in glossary()), default=1)
    out: list[Node] = []
    i = 0
    while i < len(items):
        for size in range(min(longest, len(items) - i), 1, -1):
            run = items[i : i + size]
            if all(_is_plain_word(item) for item in run):
                key = tuple(stem for item in run for stem in stems(item.text))
                if key in glossary():
                    out.append(_expanded(All(tuple(run)), key))
                    i += size
                    break
        else:
            item = items[i]
            out.append(item if isinstance(item, Not) else expand(item))
            i += 1
    return out[0] if len(out) == 1 else All(tuple(out))


def related_terms(node: Node | None) -> list[str]:
    """The glossary terms a query was widened with, for a note to the user."""
    found: list[str] = []
    if isinstance(node, Expanded):
        found += [alt.text for alt in node.alternatives if isinstance(alt, (Word, Phrase))]
    elif isinstance(node, (All, Any)):
        for item in node.items:
            found += related_terms(item)
    return found
