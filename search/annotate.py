"""Annotate: find the authorities and case numbers a document cites, page by page.

Runs in the extraction worker right after ``extract_file`` (eyecite is the slowest step
after OCR), and its output is cached with the extraction, so it never runs twice for a file.
"""

from __future__ import annotations

import logging

from search.citations import find_citations_in_pages
from search.dockets import find_docket_numbers
from search.models import Extraction

#: Bump when the output changes for the same text: cached extractions are then redone.
#: 2: pages joined by one line break, so a cite over a page break is read; 3: California case numbers
ANNOTATOR_VERSION = "3"


def annotate(extraction: Extraction) -> Extraction:
    """Fill ``extraction.citations`` and ``extraction.dockets`` (one entry per mention)."""
    logging.getLogger("eyecite").setLevel(logging.ERROR)
    texts = [page.text for page in extraction.pages]
    extraction.citations = [
        {"page": page, "key": cite.key, "keys": cite.keys, "kind": cite.kind, "name": cite.name}
        for page, cite in find_citations_in_pages(texts)
    ]
    extraction.dockets = [
        {"page": page.number, "key": docket.key}
        for page in extraction.pages
        for docket in find_docket_numbers(page.text)
    ]
    return extraction
