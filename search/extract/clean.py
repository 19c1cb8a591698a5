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
_SPACES = re.compile(r"[ \u2000-\u200a\u202f\u205f\u3000]+")
# "Okla-" at a line end followed by "homa's": a word broken by the typesetter.
_LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)-[ ]*\n[ ]*([a-z][A-Za-z]*)('[a-z]+)?[ ]?")
_UNDERSCORED = re.compile(r"\S*_\S*")


def normalize_unicode(text: str) -> str:
    """NFKC (ligatures, full-width forms), straight quotes, plain hyphens and spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_TRANSLATE))
    text = text.translate(_TRANSLATE)  # NFKC can produce new curly quotes from compatibility forms
    return _CONTROL.sub("", text)


def _join_broken_word(match: re.Match[str]) -> str:
    head, tail, ending = match.group(1), match.group(2), match.group(3) or ""
    joined = head + tail
    # "self-\ndefense": both halves are words and the join is not, so the hyphen is real.
    if is_english_word(head) and is_english_word(tail) and not is_english_word(joined):
        return f"{head}-{tail}{ending}\n"
    return f"{joined}{ending}\n"


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
    text = remove_form_underscores(text)
    text = tidy_lines(text)
    return join_line_end_hyphens(text)
