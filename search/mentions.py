"""Mentions: what the annotate stage finds on each page, and what a document record keeps of it.

annotate -> ``CitationMention`` / ``DocketMention`` (one per mention, with its page; cached
            with the extraction)
records  -> ``CitedAuthority`` / ``MentionedDocket`` (one per key, with every page it is on)
engines  -> index the keys per page and per document; the document view lists the authorities

The JSON forms are the dicts the cache and the index have always held (``{"page", "key",
"keys", "kind", "name"}``, ``{"key", "pages", ...}``), so existing caches read without
re-extraction. ``from_json`` accepts a missing optional key; a key it does not know is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CitationMention:
    """A citation of a case or statute on one page. ``keys`` adds the enclosing sections of a
    statute subsection ("720 ILCS 5/11-9.3(b-10)" -> also "720 ILCS 5/11-9.3")."""

    page: int
    key: str
    kind: str = ""  # "case" or "statute"
    name: str = ""
    keys: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "key": self.key, "keys": list(self.keys), "kind": self.kind, "name": self.name}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CitationMention:
        return cls(int(data["page"]), str(data["key"]), str(data.get("kind") or ""), str(data.get("name") or ""),
                   tuple(data.get("keys") or ()))


@dataclass(frozen=True)
class DocketMention:
    """A case or docket number on one page (``key``: ``search.dockets.docket_key`` form)."""

    page: int
    key: str

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "key": self.key}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocketMention:
        return cls(int(data["page"]), str(data["key"]))


@dataclass
class CitedAuthority:
    """An authority a document cites, with the pages citing it (in order of first mention)."""

    key: str
    pages: list[int] = field(default_factory=list)
    kind: str = ""
    name: str = ""
    keys: list[str] = field(default_factory=list)

    @property
    def index_keys(self) -> list[str]:
        """The keys a search finds it by: the key and its enclosing sections."""
        return self.keys or [self.key]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "pages": list(self.pages)}
        for name in ("kind", "name", "keys"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CitedAuthority:
        pages = [int(page) for page in data.get("pages") or [] if str(page).isdigit()]
        return cls(str(data.get("key") or ""), pages, str(data.get("kind") or ""), str(data.get("name") or ""),
                   list(data.get("keys") or []))


@dataclass
class MentionedDocket:
    """A case number a document mentions, with its pages (its own number is ``case_keys``)."""

    key: str
    pages: list[int] = field(default_factory=list)

    @property
    def index_keys(self) -> list[str]:
        return [self.key]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "pages": list(self.pages)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MentionedDocket:
        return cls(str(data.get("key") or ""), [int(page) for page in data.get("pages") or []])


def cited_authorities(mentions: list[CitationMention]) -> list[CitedAuthority]:
    """One entry per key with the pages it is cited on, in order of first mention; the first
    kind, name and keys found for it."""
    merged: dict[str, CitedAuthority] = {}
    for mention in mentions:
        entry = merged.setdefault(mention.key, CitedAuthority(mention.key))
        entry.kind = entry.kind or mention.kind
        entry.name = entry.name or mention.name
        entry.keys = entry.keys or list(mention.keys)
        if mention.page not in entry.pages:
            entry.pages.append(mention.page)
    return list(merged.values())


def mentioned_dockets(mentions: list[DocketMention]) -> list[MentionedDocket]:
    merged: dict[str, MentionedDocket] = {}
    for mention in mentions:
        entry = merged.setdefault(mention.key, MentionedDocket(mention.key))
        if mention.page not in entry.pages:
            entry.pages.append(mention.page)
    return list(merged.values())
