"""Characters into words: where one word ends and the next begins, whatever the typesetting.

pdfplumber's ``extract_words`` starts a word at a blank character or at a gap wider than
3 points. Four kinds of real filings defeat that, and each rule below answers one:

* **Tight setting, no blank characters.** "Microsoft: Print To PDF" (USCIS Form I-821) and
  some e-filing converters (E.D. Cal. order 2:20-SW-908) draw words with no space glyph and a
  gap of a quarter of an em: 2.3 points at 10 pt, 1.3 points at 4.8 pt, under the 3-point
  tolerance, so "IfyouwereEVERarrested", "CLERK,U.S.DISTRICTCOURT". Letters inside a word sit
  within 0.05 em of each other on every real filing measured (kerning and rounding), word gaps
  at 0.2 em or more, so a gap over ``WORD_GAP_EM`` of the font size is a word break (never more
  than the old 3 points: a 30-point heading keeps its old breaks). Counter-example: a gap
  inside a word is never that wide except in letter-spaced text, which the third rule joins.
* **Small capitals.** "UNITED STATES COURT OF APPEALS" in the Third Circuit clerk's letterhead
  is a 16-point "U" then 9-point "NITED": their tops differ by 5.5 points, so the line
  clustering puts "U S C A" on one line and "NITED TATES OURT PPEALS" on another. Characters
  that follow one another in the content stream, touch, and share a baseline (bottoms within
  ``BASELINE_EM`` of the larger size) are given one top for clustering. Counter-example: a
  footnote mark is raised off the baseline, so it stays apart from its word.
* **Letter-spacing drawn with blanks.** A Copperplate letterhead sets "J o s e p h  A.  B o n d y"
  with a blank between letters and two between words; a notice sets "O R D E R". A run of at
  least ``MIN_SPACED_LETTERS`` one-letter words at a steady pitch becomes one word, split where
  the gap is clearly wider than the run's letter gap; a run shorter than ``MIN_SPACED_NAME``
  only when it spells an English word. Counter-examples: "A, B and C" (not one-letter words
  in a row), "rows J T T" and "grades a b c" (three letters that spell nothing), "Schedule A B"
  (two letters).
* **Vertical text.** Pleading paper of the N.D. Cal. prints "United States District Court / For
  the Northern District of California" up the left margin; read top to bottom it came out as
  "truoC / ainrofilaC / tcirtsiD", one word a line, in the middle of the caption. Rotated
  characters are read in their own direction (bottom to top when the text runs upwards) and
  returned as separate lines, so they follow the page body as a block of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pdfplumber.utils.text import WordExtractor

from search.extract.words import is_english_word

PdfObject = dict[str, Any]

X_TOLERANCE = 3.0  # points: pdfplumber's default, the widest gap still inside a word
WORD_GAP_EM = 0.12  # a gap wider than this share of the font size ends a word
BASELINE_EM = 0.15  # bottoms this close (share of the larger size) are on one baseline
SMALL_CAPS_REACH_EM = 0.4  # the next character starts within this share of the size
MIN_SPACED_LETTERS = 3
MIN_SPACED_NAME = 4  # a shorter run is joined only when it spells an English word
SPACED_GAP_EM = 0.8  # letter-spaced text: letters at most this far apart (share of size)
SPACED_STEADY = 1.5  # a gap this many times the run's narrowest gap is a word break


class _GapWords(WordExtractor):
    """pdfplumber's word extractor with the gap tolerance measured against the font size."""

    def char_begins_new_word(
        self, prev_char: PdfObject, curr_char: PdfObject, direction: Any, x_tolerance: float, y_tolerance: float
    ) -> bool:
        size = max(prev_char["size"], curr_char["size"])
        tolerance = min(x_tolerance, WORD_GAP_EM * size)
        return super().char_begins_new_word(prev_char, curr_char, direction, tolerance, y_tolerance)


_UPRIGHT = _GapWords(x_tolerance=X_TOLERANCE)


def _same_baseline(first: PdfObject, second: PdfObject) -> bool:
    size = max(first["size"], second["size"])
    return abs(first["bottom"] - second["bottom"]) <= BASELINE_EM * size


def _continues(before: PdfObject, char: PdfObject) -> bool:
    """``char`` is drawn right after ``before`` on the same baseline, touching it."""
    if not (before["upright"] and char["upright"]) or not _same_baseline(before, char):
        return False
    size = max(before["size"], char["size"])
    return -0.1 * size <= char["x0"] - before["x1"] <= SMALL_CAPS_REACH_EM * size


def align_small_caps(chars: Sequence[PdfObject]) -> list[PdfObject]:
    """``chars`` with one top for each run of touching characters of mixed sizes on one baseline.

    Only the copies given for word building change; the originals (used by the redaction and
    quality checks) keep their real boxes."""
    out = list(chars)
    done = -1  # runs are found from the size changes, each once
    for index in range(1, len(out)):
        if index <= done or out[index]["size"] == out[index - 1]["size"]:
            continue
        if not _continues(out[index - 1], out[index]):
            continue
        start, end = index - 1, index
        while start > 0 and _continues(out[start - 1], out[start]):
            start -= 1
        while end + 1 < len(out) and _continues(out[end], out[end + 1]):
            end += 1
        top = min(char["top"] for char in out[start : end + 1])
        out[start : end + 1] = [char if char["top"] == top else _with_top(char, top) for char in out[start : end + 1]]
        done = end
    return out


def _with_top(char: PdfObject, top: float) -> PdfObject:
    return {**char, "top": top, "doctop": char["doctop"] - char["top"] + top}


def _is_letter_word(word: PdfObject) -> bool:
    return len(word["text"]) == 1 and word["text"].isalpha()


def _merge(words: Sequence[PdfObject]) -> PdfObject:
    merged = dict(words[0])
    merged["text"] = "".join(word["text"] for word in words)
    merged["x1"] = max(word["x1"] for word in words)
    merged["top"] = min(word["top"] for word in words)
    merged["bottom"] = max(word["bottom"] for word in words)
    merged["doctop"] = min(word["doctop"] for word in words)
    merged["width"] = merged["x1"] - merged["x0"]
    merged["height"] = merged["bottom"] - merged["top"]
    return merged


def _join_run(run: list[PdfObject]) -> list[PdfObject]:
    gaps = [after["x0"] - before["x1"] for before, after in zip(run, run[1:], strict=False)]
    size = max(word["bottom"] - word["top"] for word in run)
    narrowest = min(gaps)
    if narrowest < 0 or max(gaps) > SPACED_GAP_EM * size:
        return run
    if max(gaps) > SPACED_STEADY * max(narrowest, 0.5):
        return run  # uneven: a list of letters, not one spaced word
    word = "".join(letter["text"] for letter in run)
    if len(run) < MIN_SPACED_NAME and not is_english_word(word):
        return run  # "J T T", "a b c": three letters that spell nothing
    return [_merge(run)]


def join_letter_spaced(line: Sequence[PdfObject]) -> list[PdfObject]:
    """One line's words (left to right) with letter-spaced runs ("O R D E R") made words."""
    out: list[PdfObject] = []
    run: list[PdfObject] = []

    def flush() -> None:
        if len(run) >= MIN_SPACED_LETTERS:
            out.extend(_join_run(run))
        else:
            out.extend(run)
        run.clear()

    for word in line:
        if _is_letter_word(word) and run and word["x0"] - run[-1]["x1"] > SPACED_STEADY * _pitch(run):
            flush()
        if _is_letter_word(word):
            run.append(word)
        else:
            flush()
            out.append(word)
    flush()
    return out


def _pitch(run: list[PdfObject]) -> float:
    """The narrowest letter gap of a run so far (a large value while it has one letter)."""
    gaps = [after["x0"] - before["x1"] for before, after in zip(run, run[1:], strict=False)]
    return max(min(gaps), 0.5) if gaps else float("inf")


def _rotation(char: PdfObject) -> str:
    """"btt" for text running up the page, "ttb" for text running down."""
    matrix = char.get("matrix") or (1, 0, 0, 1, 0, 0)
    return "btt" if matrix[1] > 0 else "ttb"


def upright_words(chars: Sequence[PdfObject]) -> list[PdfObject]:
    """Words of the upright characters, left to right within lines."""
    upright = [char for char in chars if char["upright"]]
    return _UPRIGHT.extract_words(align_small_caps(upright))


def vertical_lines(chars: Sequence[PdfObject]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Lines of rotated text, each as (text, box), in reading order.

    Text running up the page reads its lines left to right, text running down right to left."""
    rotated = [char for char in chars if not char["upright"]]
    lines: list[tuple[str, tuple[float, float, float, float]]] = []
    for direction in ("btt", "ttb"):
        group = [char for char in rotated if _rotation(char) == direction]
        if not group:
            continue
        extractor = _GapWords(
            x_tolerance=X_TOLERANCE,
            line_dir_rotated="ltr" if direction == "btt" else "rtl",
            char_dir_rotated=direction,
        )
        columns: list[list[PdfObject]] = []
        for word in extractor.extract_words(group):
            for column in columns:
                if abs(column[0]["x0"] - word["x0"]) <= X_TOLERANCE:
                    column.append(word)
                    break
            else:
                columns.append([word])
        columns.sort(key=lambda column: column[0]["x0"], reverse=direction == "ttb")
        for column in columns:
            column.sort(key=lambda word: word["bottom"], reverse=direction == "btt")
            box = (
                min(word["x0"] for word in column),
                min(word["top"] for word in column),
                max(word["x1"] for word in column),
                max(word["bottom"] for word in column),
            )
            lines.append((" ".join(word["text"] for word in column), box))
    return lines
