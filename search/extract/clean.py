"""Text clean-up shared by every format: Unicode, line-end hyphens, form underscores, blank lines.

Search matches words, so the text must spell them as a reader would type them: ligatures
and curly quotes become ASCII, words split across lines are joined, and the underscores of
filled-in forms ("R__e_lia_b_l_e_") disappear.
"""

from __future__ import annotations

import re
import unicodedata

from search.extract.words import is_english_word

# Characters NFKC leaves alone but a searcher would type differently.
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u00a0": " ",
        "\t": " ",
    }
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Symbol and Wingdings glyphs that fonts put in the private use area: bullets and check boxes
# ("\uf0b7" in the Winnebago County supplement), nothing anyone searches for or can display.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \u2000-\u200a\u202f\u205f\u3000]+")
# "Okla-" at a line end followed by "homa's": a word broken by the typesetter.
_LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)-[ ]*\n[ ]*([a-z][A-Za-z]*)('[a-z]+)?[ ]?")
_UNDERSCORED = re.compile(r"\S*_\S*")
# pdfminer's stand-in for a glyph its font gives no Unicode for (Wingdings check boxes, CFF fonts).
_CID = re.compile(r"\(cid:\d+\)")
_PAGE_END_HYPHEN = re.compile(r"([A-Za-z]+)-$")
_PAGE_START_TAIL = re.compile(r"^([a-z][A-Za-z]*)('[a-z]+)?([.,;:!?)\]]*)(?: |$)")


def normalize_unicode(text: str) -> str:
    """NFKC (ligatures, full-width forms), straight quotes, plain hyphens and spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_TRANSLATE))
    text = text.translate(_TRANSLATE)  # NFKC can produce new curly quotes from compatibility forms
    return _PRIVATE_USE.sub("", _CONTROL.sub("", text))


def _joined(head: str, tail: str) -> str:
    joined = head + tail
    # "self-\ndefense": both halves are words and the join is not, so the hyphen is real.
    if is_english_word(head) and is_english_word(tail) and not is_english_word(joined):
        return f"{head}-{tail}"
    return joined


def _join_broken_word(match: re.Match[str]) -> str:
    return f"{_joined(match.group(1), match.group(2))}{match.group(3) or ''}\n"


def join_page_break_hyphens(pages: list[str]) -> list[str]:
    """Join a word broken across a page break onto the page where it starts.

    "... Webster's Third New International Dic-" at the foot of page 11 of the Tarrant slip
    opinion and "tionary 19 (1966)." where its footnote runs on, under page 12's body, become
    "Dictionary" on page 11, so a search for the word finds it. Pages are cleaned (running heads off) before this runs.
    Counter-examples: "self-" / "defense" keeps its hyphen (both halves are words, the join is
    not); a next page starting with a capital ("Court-" / "Appointed") is not joined."""
    out = list(pages)
    for index in range(len(out) - 1):
        head = _PAGE_END_HYPHEN.search(out[index])
        if not head:
            continue
        lines = out[index + 1].split("\n")
        found = _tail_line(head.group(1), lines)
        if found is None:
            continue
        number, tail = found
        word = _joined(head.group(1), tail.group(1)) + (tail.group(2) or "") + tail.group(3)
        out[index] = out[index][: head.start()] + word
        lines[number] = lines[number][tail.end() :].lstrip(" ")
        out[index + 1] = "\n".join(lines) if lines[number] else "\n".join(lines[:number] + lines[number + 1 :])
    return out


def _tail_line(head: str, lines: list[str]) -> tuple[int, re.Match[str]] | None:
    """Where the rest of a word broken at a page's end goes on: the next page's first line, or
    (a footnote running over) the first line that starts with a piece which is no word alone
    but completes this one ("Dic-" ... "tionary 19 (1966)." under the next page's body)."""
    first = _PAGE_START_TAIL.match(lines[0]) if lines else None
    if first:
        return 0, first
    for number, line in enumerate(lines[1:], start=1):
        tail = _PAGE_START_TAIL.match(line)
        if tail and not is_english_word(tail.group(1)) and is_english_word(head + tail.group(1)):
            return number, tail
    return None


def drop_cid_codes(text: str) -> str:
    """Take out "(cid:NNN)", pdfminer's stand-in for a glyph without Unicode: it is nothing a
    reader could search for (the 855 check boxes of a bankruptcy petition's Wingdings font). A
    page mostly made of them is OCR'd before it gets here (``quality.is_garbage``)."""
    return _CID.sub("", text)


def join_line_end_hyphens(text: str) -> str:
    """Join "Okla-\\nhoma's" into "Oklahoma's"; hyphens inside a line ("cut-off") stay."""
    return _LINE_END_HYPHEN.sub(_join_broken_word, text)


def _strip_form_underscores(token: re.Match[str]) -> str:
    word = token.group(0)
    if set(word) == {"_"}:
        return ""
    # A single inner underscore is an identifier or e-mail ("john_doe"); form blanks interleave many.
    if word.count("_") >= 2 or word.startswith("_") or word.endswith("_"):
        return word.replace("_", "")
    return word


def remove_form_underscores(text: str) -> str:
    """Drop the underscores of filled forms: "_____Pro Se" -> "Pro Se", "1_4_-_1_3_2_6_" -> "14-1326"."""
    return _UNDERSCORED.sub(_strip_form_underscores, text)


def tidy_lines(text: str) -> str:
    """Collapse runs of spaces, trim lines, and squeeze blank lines to at most one."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def clean_text(text: str) -> str:
    """The full clean-up applied to every page's text before it is indexed."""
    text = normalize_unicode(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = drop_cid_codes(text)
    text = remove_form_underscores(text)
    text = tidy_lines(text)
    return join_line_end_hyphens(text)
