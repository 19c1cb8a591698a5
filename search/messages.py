"""Every sentence the search library says to a person, in English, for the web to translate.

The library is used from the command line too, so it speaks English and knows nothing of
Flask; the web app shows each sentence in the reader's language. Each sentence is a
template here, marked with ``N_`` so that ``pybabel extract`` (see scripts/translations.sh)
puts it in the catalogue, and filled in with ``say``. ``webapp.i18n.translate_message``
finds which template produced a sentence and translates it, values included, so results
remembered by the result cache (in English) are shown in any language.

Counter-examples: an f-string sentence built in place (it cannot be found again to be
translated), or a sentence put together from pieces ("document" + "s").
"""

from __future__ import annotations

import re
from functools import cache


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it (Babel's default keyword)."""
    return message


# Query notes and refusals (search/query.py).
NOT_READ = N_("The query could not be read as written (%(problem)s); searched for its words instead.")
TOO_LONG = N_("query is too long (%(count)s characters; the limit is %(limit)s)")
TOO_MANY_TERMS = N_("query has too many terms (the limit is %(limit)s)")
WILDCARD_END = N_("'%(text)s': a * wildcard may only end a word, as in resid*")
WILDCARD_LETTERS = N_("'%(text)s': a wildcard needs at least %(letters)s letters before it, as in %(example)s")
FUZZY_CAPPED = N_("Only the first %(limit)s words marked with ~ were searched with similar spellings; "
                  "the others were searched as typed.")
SLOP_CAPPED = N_("Words “near each other” were searched within %(limit)s words (the most allowed).")
NEAR_WORDS_CAPPED = N_("A phrase with ~ has more than %(limit)s words, so its words were searched "
                       "anywhere in the document, not near each other.")
# Why a query could not be read as written (the %(problem)s above).
PROBLEMS = (
    N_("a quotation mark is not closed"),
    N_("the query is nested too deeply"),
    N_("a parenthesis is not opened"),
    N_("stray text"),
    N_("OR needs something on each side"),
    N_("AND needs something on each side"),
    N_("NOT needs a word after it"),
    N_("a parenthesis is not closed"),
    N_("empty parentheses"),
    N_("a field name needs a value after it"),
    N_("~ after a phrase needs a number of words"),
    N_("a range's bracket is not closed"),
    N_("a range reads [2018 TO 2020] or [2019-01-01 TO 2020-06-30]"),
    N_("ranges work on year: and date:"),
)
NOT_A_DATE = N_("%(value)s is not a date")
UNEXPECTED = N_("unexpected %(value)s")

# Search notes (search/service.py).
SHOWING_RESULTS = N_("Showing results for %(shown)s. Search instead for %(typed)s.")
SOME_WORDS = N_("No document has all of these words; showing documents with some of them.")
READ_AS_STATUTE = N_("Read %(text)s as %(key)s, the statute section the library's documents cite.")
RELATED_TERMS = N_("Also searched for related terms: %(terms)s.")
ENGLISH_TERMS = N_("Also searched for the English legal terms: %(terms)s.")
INDEX_MISSING = N_("no index at %(root)s: run `python indexer.py` first")

# Filter parameters (search/fields.py, webapp/params.py).
PARAM_TOO_LONG = N_("parameter '%(param)s' is too long (the limit is %(limit)s characters)")
PARAM_DATE = N_("parameter '%(param)s' must be a real date written YYYY-MM-DD")
PARAM_YEAR = N_("parameter '%(param)s' must be a four-digit year")
PARAM_ONE_OF = N_("parameter '%(param)s' must be one of %(listed)s (not %(value)s)")
PARAM_NUMBER = N_("parameter '%(param)s' must be a whole number from %(low)s to %(high)s")

# The labels of search/fields.py, as facets and "Filtered by" show them.
LABELS = (N_("File"), N_("Title"), N_("Case"), N_("Summary"), N_("Type"), N_("Court"), N_("Year"), N_("Date"),
          N_("Case number"), N_("Source"), N_("Password"), N_("Language"), N_("Added"), N_("Visibility"), N_("From"),
          N_("To"))

# The document types of search/data/document_types.txt, as results and facets show them.
DOCUMENT_TYPES = (N_("opinion"), N_("order"), N_("judgment"), N_("brief"), N_("amicus brief"), N_("motion"),
                  N_("complaint"), N_("petition"), N_("notice"), N_("letter"), N_("form"), N_("transcript"),
                  N_("docket"), N_("memo"), N_("guidance"), N_("report"), N_("instructions"), N_("map"),
                  N_("other"))

#: Every template of this module, longest first (a longer one is the more specific match).
TEMPLATES: tuple[str, ...] = tuple(sorted(
    {value for name, value in list(globals().items()) if name.isupper() and isinstance(value, str)}
    | set(PROBLEMS), key=len, reverse=True))


def say(template: str, **values: object) -> str:
    """``template`` filled in: the English sentence the library returns or raises."""
    return template % values if values else template


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", template.replace("%%", "%"))
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.S)


def parse(sentence: str, templates: tuple[str, ...] = TEMPLATES) -> tuple[str, dict[str, str]] | None:
    """Which template ``sentence`` was made from, and its values; None if none."""
    for template in templates:
        if (match := _pattern(template).match(sentence)) is not None:
            return template, match.groupdict()
    return None
