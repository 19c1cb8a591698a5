"""Documents from the browser: upload, describe, publish, make staff-only, remove, re-extract."""

from __future__ import annotations

import time
from io import BytesIO
from pathlib import Path

import pytest

from search.catalog import load_catalog
from tests.conftest import write_pdf
from tests.robustness import pdfs
from tests.staff.conftest import add_user, build_app, login, make_library, token_from

UNIQUE = "quetzalcoatlus"


@pytest.fixture
def library(tmp_path, engine):
    """A library of its own (the tests change it), not yet indexed."""
    from search.config import load_settings

    corpus = make_library(tmp_path / "corpus")
    return load_settings(corpus, tmp_path / "index")


@pytest.fixture
def app(library, tmp_path):
    app = build_app(library, tmp_path / "instance")
    add_user(app, "editor1", "editor")
    return app


@pytest.fixture
def staff(app):
    client = app.test_client()
    assert login(client).status_code == 303
    return client


def upload(client, *files: tuple[str, bytes]):
    data = {"csrf_token": token_from(client, "/admin/upload"),
            "file": [(BytesIO(content), name) for name, content in files]}
    return client.post("/admin/upload", data=data, content_type="multipart/form-data")


def pdf_bytes(tmp_path: Path, pages: list[str], name: str = "doc.pdf") -> bytes:
    return write_pdf(tmp_path / "made" / name, pages).read_bytes()


def wait_for_publish(client, seconds: float = 240) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get("/admin/publish/status").get_json()
        if state["state"] != "running":
            return state
        time.sleep(0.2)
    raise AssertionError("the publish did not finish in time")


def publish(client) -> dict:
    response = client.post("/admin/publish", data={"csrf_token": token_from(client)})
    assert response.status_code == 303
    return wait_for_publish(client)


def save(client, file: str, **values: str):
    page = client.get(f"/admin/edit?file={file}")
    fields = {"title": "", "doc_type": "", "date": "", "court": "", "case_name": "", "case_number": "",
              "summary": "", "source_url": "", "visibility": "public"}
    fields.update(values)
    token = token_from(client, f"/admin/edit?file={file}")
    return client.post(f"/admin/edit?file={file}", data={**fields, "file": file, "csrf_token": token}), page


def test_an_upload_is_stored_at_once_as_staff_only_and_the_form_shows_what_was_found(staff, app, library, tmp_path):
    data = pdf_bytes(tmp_path, ["ORDER granting the motion. Vasquez v. Foxx. " + UNIQUE, "Second page."])
    response = upload(staff, ("Order (FINAL).PDF", data))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/edit?file=uploads/order-final.pdf&new=1")
    stored = library.corpus_dir / "uploads" / "order-final.pdf"
    assert stored.read_bytes() == data
    catalog = load_catalog(library.corpus_dir)
    assert catalog["uploads/order-final.pdf"].extra["visibility"] == "staff"
    assert "a comment the staff pages must keep" in (library.corpus_dir / "catalog.toml").read_text()
    form = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Source:" in form and "found in the file" in form
    assert 'value="order"' in form and 'selected' in form


def test_the_same_content_twice_is_refused(staff, library, tmp_path):
    data = pdf_bytes(tmp_path, ["A letter about " + UNIQUE])
    assert upload(staff, ("letter.pdf", data)).status_code == 303
    again = upload(staff, ("letter copy.pdf", data))
    assert again.status_code == 400
    assert "already in the library as uploads/letter.pdf" in again.get_data(as_text=True)
    same_as_corpus = upload(staff, ("order.pdf", (library.corpus_dir / "public" / "order.pdf").read_bytes()))
    assert "already in the library as public/order.pdf" in same_as_corpus.get_data(as_text=True)
    assert sorted(p.name for p in (library.corpus_dir / "uploads").iterdir()) == ["letter.pdf"]


def test_the_type_comes_from_the_content_not_the_name(staff, library, tmp_path):
    response = upload(staff, ("notes.pdf", b"Plain notes about the shelter, not a PDF at all.\n"),
                      ("page.txt", b"<!doctype html><html><title>T</title><p>Housing</p></html>"),
                      ("program.pdf", pdfs.elf_executable(tmp_path / "program.pdf").read_bytes()),
                      ("empty.pdf", b""),
                      ("image.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100))
    text = response.get_data(as_text=True)
    uploads = sorted(p.name for p in (library.corpus_dir / "uploads").iterdir())
    assert uploads == ["notes.txt", "page.html"]
    assert text.count("not a PDF, DOCX, DOC, WPD, HTML or text file") == 2
    assert "the file is empty" in text


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd.pdf", "..\\..\\windows\\evil.pdf",
                                  "a\x00b.pdf", "\u2215etc\u2215passwd.pdf", "\uff0e\uff0e/\uff0e\uff0e/x.pdf",
                                  "....//....//x.pdf", "CON.pdf", ".hidden.pdf", "\u202etxt.pdf"])
def test_path_traversal_names_never_leave_the_uploads_folder(staff, library, tmp_path, name):
    def outside() -> set[Path]:
        """Files outside the corpus, the index and the instance folder (made before the request)."""
        kept = ("corpus", "instance", "index")
        return {p for p in tmp_path.rglob("*") if p.relative_to(tmp_path).parts[0] not in kept}

    before = outside()
    response = upload(staff, (name, f"Text of {name!r}".encode()))
    assert response.status_code in (303, 200)
    stored = list((library.corpus_dir / "uploads").iterdir())
    assert len(stored) == 1
    assert stored[0].resolve().parent == (library.corpus_dir / "uploads").resolve()
    assert stored[0].name.isascii() and not stored[0].name.startswith(".")
    assert outside() == before
    assert not Path("/etc/passwd.pdf").exists()


def test_a_file_over_the_size_limit_is_refused(library, tmp_path):
    app = build_app(library, tmp_path / "instance-small", MAX_UPLOAD_MB=1)
    add_user(app, "editor1", "editor")
    client = app.test_client()
    login(client)
    response = upload(client, ("big.txt", b"word " * 300_000))
    assert response.status_code == 400
    assert "larger than the limit of 1 MB" in response.get_data(as_text=True)
    assert not (library.corpus_dir / "uploads").exists() or not any((library.corpus_dir / "uploads").iterdir())


def test_hostile_files_give_a_one_line_reason_and_lose_nothing(library, tmp_path):
    app = build_app(library, tmp_path / "instance-hostile", UPLOAD_EXTRACTION_S=20)
    add_user(app, "editor1", "editor")
    client = app.test_client()
    login(client)
    made = tmp_path / "hostile"
    made.mkdir()
    files = {
        "truncated.pdf": pdfs.truncated(made / "truncated.pdf"),
        "bomb.pdf": pdfs.bomb(made / "bomb.pdf"),
        "nested.pdf": pdfs.deeply_nested(made / "nested.pdf"),
        "giant-page.pdf": pdfs.giant_page(made / "giant-page.pdf"),
        "javascript.pdf": pdfs.javascript_and_attachment(made / "javascript.pdf", "Visible text", "attachedword"),
    }
    for name, path in files.items():
        response = upload(client, (name, path.read_bytes()))
        assert response.status_code == 303, name
        form = client.get(response.headers["Location"])
        assert form.status_code == 200, name
        text = form.get_data(as_text=True)
        if "Extraction failed:" in text:
            line = text.split("Extraction failed:", 1)[1].split("</p>", 1)[0]
            assert "\n" not in line.strip() and 0 < len(line.strip()) < 300, (name, line)
        assert "attachedword" not in text
    stored = {p.name for p in (library.corpus_dir / "uploads").iterdir()}
    assert stored == set(files)
    assert (library.corpus_dir / "public" / "order.pdf").exists()
    assert set(files) <= {Path(key).name for key in load_catalog(library.corpus_dir)}


def test_the_metadata_form_refuses_unreal_dates_unknown_types_and_bad_urls(staff, library, tmp_path):
    upload(staff, ("memo.pdf", pdf_bytes(tmp_path, ["Memo about " + UNIQUE])))
    before = (library.corpus_dir / "catalog.toml").read_text()
    for values, message in (({"date": "2020-02-30"}, "A real date"),
                            ({"doc_type": "memorandum"}, "Not a valid choice"),
                            ({"source_url": "javascript:alert(1)"}, "Invalid URL"),
                            ({"visibility": "everyone"}, "Not a valid choice")):
        response, _page = save(staff, "uploads/memo.pdf", **values)
        assert response.status_code == 400, values
        assert message in response.get_data(as_text=True), values
    assert (library.corpus_dir / "catalog.toml").read_text() == before
    ok, _page = save(staff, "uploads/memo.pdf", title="Memo on housing", doc_type="memo", date="2020-02-29",
                     source_url="https://example.org/memo")
    assert ok.status_code == 303
    entry = load_catalog(library.corpus_dir)["uploads/memo.pdf"]
    assert (entry.title, entry.doc_type, entry.date, entry.extra["visibility"]) == (
        "Memo on housing", "memo", "2020-02-29", "public")
    assert "a comment the staff pages must keep" in (library.corpus_dir / "catalog.toml").read_text()


def test_an_unknown_file_is_not_editable(staff):
    for name in ("../catalog.toml", "/etc/passwd", "nope.pdf", ""):
        assert staff.get(f"/admin/edit?file={name}").status_code == 404


def test_publish_then_staff_only_then_remove(staff, app, library, tmp_path):
    visitor = app.test_client()
    upload(staff, ("finding.pdf", pdf_bytes(tmp_path, ["Finding about the " + UNIQUE + " shelter."])))
    state = publish(staff)
    assert state["state"] == "done", state
    assert visitor.get(f"/api/search?q={UNIQUE}").get_json()["total"] == 0  # uploaded = staff only
    assert staff.get(f"/api/search?q={UNIQUE}").get_json()["total"] == 1

    assert save(staff, "uploads/finding.pdf", title="Finding on shelters", doc_type="order")[0].status_code == 303
    state = publish(staff)
    assert state["state"] == "done" and "Indexed" in state["summary"]
    found = visitor.get(f"/api/search?q={UNIQUE}").get_json()
    assert [hit["title"] for hit in found["results"]] == ["Finding on shelters"]

    assert save(staff, "uploads/finding.pdf", title="Finding on shelters", visibility="staff")[0].status_code == 303
    assert "still served as public until the next publish" in staff.get("/admin/").get_data(as_text=True)
    publish(staff)
    assert visitor.get(f"/api/search?q={UNIQUE}").get_json()["total"] == 0
    assert staff.get(f"/api/search?q={UNIQUE}").get_json()["total"] == 1

    removed = staff.post("/admin/remove", data={"file": "uploads/finding.pdf", "csrf_token": token_from(staff)})
    assert removed.status_code == 303
    assert (library.corpus_dir / ".trash" / "uploads" / "finding.pdf").exists()
    assert "uploads/finding.pdf" not in load_catalog(library.corpus_dir)
    publish(staff)
    assert staff.get(f"/api/search?q={UNIQUE}").get_json()["total"] == 0
    index_page = staff.get("/admin/").get_data(as_text=True)
    assert "Last publish finished." in index_page

    from webapp import accounts

    connection = accounts.connect(app.config["DATABASE"])
    actions = [entry["action"] for entry in accounts.audit_entries(connection)]
    edits = [entry for entry in accounts.audit_entries(connection) if entry["action"] == "edit"]
    connection.close()
    assert {"upload", "edit", "publish", "publish started", "remove"} <= set(actions)
    assert edits[0]["detail"]["before"]["visibility"] == "public"
    assert edits[0]["detail"]["after"]["visibility"] == "staff"


def test_a_failure_is_shown_with_its_reason_and_reextract_runs_it_again(staff, library):
    (library.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    state = publish(staff)
    assert state["state"] == "done"
    assert "broken.pdf" in state["failed"] and "\n" not in state["failed"]["broken.pdf"]
    page = staff.get("/admin/").get_data(as_text=True)
    assert "broken.pdf" in page and "failed:" in page
    response = staff.post("/admin/reextract", data={"file": "broken.pdf", "csrf_token": token_from(staff)})
    assert response.status_code == 303
    again = wait_for_publish(staff)
    assert again["state"] == "done" and "broken.pdf" in again["failed"]
    assert not again["summary"].startswith("Index is up to date")  # read again, not kept as it failed


def test_the_library_page_lists_near_misses_and_files_without_entries(staff, library):
    write_pdf(library.corpus_dir / "desk" / "Memo Final.PDF", ["A memo."])
    write_pdf(library.corpus_dir / "loose.pdf", ["No entry for this one."])
    with (library.corpus_dir / "catalog.toml").open("a") as handle:
        handle.write('\n[[document]]\nfile = "desk/memo-final.pdf"\ntitle = "Final memo"\n')
    page = staff.get("/admin/").get_data(as_text=True)
    assert "Near miss:" in page and "desk/Memo Final.PDF" in page and "desk/memo-final.pdf" in page
    assert "loose.pdf" in page


def test_a_save_while_an_indexer_holds_the_lock_is_refused_and_writes_nothing(staff, library, tmp_path):
    from search.store import IndexStore

    upload(staff, ("memo.pdf", pdf_bytes(tmp_path, ["Memo about " + UNIQUE])))
    before = (library.corpus_dir / "catalog.toml").read_text()
    with IndexStore(library.index_dir).writer_lock(wait=False):
        response, _page = save(staff, "uploads/memo.pdf", title="Changed during a publish")
        refused = upload(staff, ("other.txt", b"Another file about the shelter."))
    assert response.status_code == 409
    assert "A publish is running" in response.get_data(as_text=True)
    assert "Changed during a publish" in response.get_data(as_text=True)  # what was typed is kept
    assert "A publish is running" in refused.get_data(as_text=True)
    assert (library.corpus_dir / "catalog.toml").read_text() == before
    assert not (library.corpus_dir / "uploads" / "other.txt").exists()


def test_the_library_page_says_where_each_field_came_from(staff, library):
    """The legal desk checks what was read from the file, not what the catalog says (issue 13)."""
    assert publish(staff)["state"] == "done"
    page = " ".join(staff.get("/admin/").get_data(as_text=True).split())
    row = page[page.index("public/order.pdf"):][:1500]
    assert "Where each field came from:" in row
    assert "Title: catalog" in row and "Date: catalog" in row and "Court: catalog" in row
