"""Command-line search: ``python -m search [--index DIR] [--json] [--limit N] [--page N] QUERY``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from html import unescape

from search.cli import run
from search.config import load_settings
from search.fields import canonical_filter_value, check_filter_value, filter_parameters
from search.models import SearchRequest, SearchResults
from search.query import QueryRejected
from search.service import IndexMissing, SearchService

_MARK = re.compile(r"</?mark>")


def _positive_int(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m search", description="Search the Chicago 400 library.")
    parser.add_argument("query", nargs="*", help='the query, e.g. "host site" OR parole (none: every document)')
    parser.add_argument("--index", help="index folder (default: $C400_INDEX_DIR or instance/index)")
    parser.add_argument("--json", action="store_true", help="print the API's JSON")
    parser.add_argument("--limit", type=_positive_int, default=10, help="documents per page (default 10)")
    parser.add_argument("--page", type=_positive_int, default=1, help="result page (default 1)")
    for param in filter_parameters():
        parser.add_argument(param.cli_option, dest=param.name, metavar=param.metavar,
                            help=param.description[0].lower() + param.description[1:].rstrip("."))
    parser.add_argument("--sort", choices=("relevance", "date"), default="relevance")
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
    filters = {param.name: value for param in filter_parameters() if (value := getattr(args, param.name))}
    for name, value in filters.items():
        if (problem := check_filter_value(name, value)) is not None:
            print(f"error: {problem.replace('parameter', 'option', 1)}", file=sys.stderr)
            return 2
    filters = {name: canonical_filter_value(name, value) for name, value in filters.items()}
    request = SearchRequest(" ".join(args.query), page=args.page, per_page=args.limit, filters=filters, sort=args.sort)
    try:
        results = SearchService(settings.index_dir).search(request)
    except (QueryRejected, IndexMissing) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(results.to_json(), indent=2, ensure_ascii=False) if args.json else render_text(results))
    return 0


if __name__ == "__main__":
    run(main)
