"""Command-line search: ``python -m search [--index DIR] [--json] [--limit N] [--page N] [--staff] QUERY``.

The request is ``search.request.build_request``'s, as on the web: ``--year 20x`` is refused
with the sentence ``?year=20x`` gets, naming ``--year``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from html import unescape

from search.cli import run
from search.config import load_settings
from search.fields import filter_parameters
from search.models import SearchResults
from search.query import QueryRejected
from search.request import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_RESULT_PAGE, SORTS, BadParameter, build_request
from search.service import IndexMissing, SearchService

_MARK = re.compile(r"</?mark>")


#: How the command line spells the parameters its messages name (``build_request``'s ``names``).
OPTION_NAMES = {"q": "QUERY", "per_page": "--limit", "page": "--page", "sort": "--sort", "spelling": "--spelling",
                **{param.name: param.cli_option for param in filter_parameters()}}


def build_parser() -> argparse.ArgumentParser:
    """The options; their values stay text, checked by ``search.request`` as the web's are."""
    parser = argparse.ArgumentParser(prog="python -m search", description="Search the Chicago 400 library.")
    parser.add_argument("query", nargs="*", help='the query, e.g. "host site" OR parole (none: every document)')
    parser.add_argument("--index", help="index folder (default: $C400_INDEX_DIR or instance/index)")
    parser.add_argument("--json", action="store_true", help="print the API's JSON")
    parser.add_argument("--limit", dest="per_page", metavar="N",
                        help=f"documents per page, 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE})")
    parser.add_argument("--page", metavar="N", help=f"result page, 1 to {MAX_RESULT_PAGE} (default 1)")
    for param in filter_parameters():
        parser.add_argument(param.cli_option, dest=param.name, metavar=param.metavar,
                            help=param.description[0].lower() + param.description[1:].rstrip("."))
    parser.add_argument("--sort", metavar="|".join(SORTS), help="order of the results (default relevance)")
    parser.add_argument("--spelling", metavar="on|off",
                        help="off: search the words as typed, never a spelling correction")
    parser.add_argument("--staff", action="store_true",
                        help="include staff-only documents (whoever can read the index folder can read them)")
    return parser


def render_text(results: SearchResults) -> str:
    """Results for a terminal: title, metadata, then page numbers with plain snippets."""
    lines = [f"{results.total} document(s) for {results.query!r}"]
    lines += [f"note: {note}" for note in results.notes]
    if results.suggestion and not results.corrected:  # else the note says "Showing results for"
        lines.append(f"did you mean: {results.suggestion}")
    first = (results.page - 1) * results.per_page
    for number, hit in enumerate(results.results, first + 1):
        details = ", ".join(part for part in (hit.doc_type, hit.case_name, hit.court, hit.date, hit.case_number)
                            if part)
        lines.append(f"\n{number}. {hit.title}  [{details}]")
        lines.append(f"   {hit.path}")
        for page in hit.pages:
            lines.append(f"   p. {page.page}: {unescape(_MARK.sub('*', page.snippet))}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(index_dir=args.index)
    values = {name: value for name, value in vars(args).items() if isinstance(value, str)}
    values["q"] = " ".join(args.query)
    try:
        request = build_request(values, audience="staff" if args.staff else "public", names=OPTION_NAMES)
        results = SearchService(settings.index_dir).search(request)
    except (BadParameter, QueryRejected, IndexMissing) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(results.to_json(), indent=2, ensure_ascii=False) if args.json else render_text(results))
    return 0


if __name__ == "__main__":
    run(main)
