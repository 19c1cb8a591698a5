"""Acceptance: the metadata of the real filings in ../shared/realdocs, against labels written by reading them.

Floors are the per-field accuracy measured when the extractor was last improved
(``python -m search.evaluate --metadata`` prints the figures and every miss).
"""

import pytest

from search.evaluate import METADATA_LABELS, indexed_records, load_metadata_labels, render_metadata, score_metadata
from search.models import SearchRequest
from search.service import SearchService

FLOORS = {"title": 1.0, "case_name": 1.0, "court": 1.0, "case_numbers": 1.0, "date": 1.0, "type": 1.0}


@pytest.fixture(scope="module")
def scored(realdocs_index):
    settings, _ = realdocs_index
    records = indexed_records(SearchService(settings.index_dir))
    return score_metadata(load_metadata_labels(METADATA_LABELS), records), records


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_metadata_accuracy_holds_its_floor(scored, field):
    (table, misses), _ = scored
    right, total = table[field]
    assert total >= 35
    report = render_metadata({field: table[field]}, [miss for miss in misses if miss.field == field])
    assert right / total >= FLOORS[field], report


def test_every_labelled_document_is_indexed(scored):
    _, records = scored
    missing = [label.document for label in load_metadata_labels(METADATA_LABELS) if label.document not in records]
    assert not missing


def test_records_say_where_their_metadata_came_from(scored):
    _, records = scored
    record = records["courtdocs/image-pdf-2.pdf"]
    assert record.date == "2019-07-31" and record.provenance["date"] == "stamp"  # not the 2020 scan date
    assert records["more/x-ray/gov.uscourts.cacd.657892.202.4.pdf"].provenance["court"] == "file-name"
    assert all(record.provenance.get("title") for record in records.values())


def test_appearance_forms_are_forms_not_amicus_briefs(scored):
    _, records = scored
    for path in ("courtdocs/recap_documents/ca4_17.pdf", "courtdocs/recap_documents/cafc_3.pdf"):
        assert records[path].doc_type == "form"


def test_case_search_finds_a_document_by_its_case_name(realdocs_index):
    settings, _ = realdocs_index
    hits = SearchService(settings.index_dir).search(SearchRequest("case:reliable")).results
    assert "courtdocs/recap_documents/cafc_3.pdf" in [hit.path for hit in hits]
