"""Pages as printed: PNGs of a text PDF (the search boxed where the words are, rotated pages
too), a scan, a Word original's PDF rendition, and a page with a possible failed redaction
(rendered as printed, never boxed); the image view of the document page."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from search.render import BOX_COLOUR
from tests.conftest import ORDER_PAGES, write_pdf
from tests.web.conftest import write_redacted_pdf

Image = pytest.importorskip("PIL.Image")


def write_scan(path: Path, lines: list[str]) -> Path:
    """A page of text rendered to an image and saved as a PDF with no text layer."""
    import pypdfium2
    from fpdf import FPDF

    source = write_pdf(path.with_name("to-scan.pdf"), ["\n".join(lines)])
    document = pypdfium2.PdfDocument(str(source))
    image = document[0].render(scale=150 / 72, grayscale=True).to_pil()
    document.close()
    source.unlink()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=595, h=842)
    pdf.output(str(path))
    return path


def write_rotated(path: Path) -> Path:
    """The order's pages with /Rotate 90 on page 2: shown sideways, its text in unrotated page space."""
    import pypdfium2

    write_pdf(path, ORDER_PAGES)
    document = pypdfium2.PdfDocument(str(path))
    document[1].set_rotation(90)
    document.save(str(path) + ".tmp")
    document.close()
    Path(str(path) + ".tmp").replace(path)
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Letter to the parole board", level=1)
    document.add_paragraph("The host site rule keeps people in prison past their release dates.")
    document.add_page_break()
    document.add_paragraph("Second page of the letter about the host site.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def images_app(tmp_path_factory, engine):
    from search.config import load_settings
    from search.ingest import ingest
    from webapp import create_app

    root = tmp_path_factory.mktemp("images") / "corpus"
    write_pdf(root / "order.pdf", ORDER_PAGES)
    write_rotated(root / "rotated.pdf")
    write_scan(root / "scan.pdf", ["Residency restrictions leave", "registrants homeless"])
    write_redacted_pdf(root / "memo.pdf")
    write_docx(root / "letter.docx")
    settings = load_settings(root, root.parent / "index")
    ingest(settings)
    app = create_app({"TESTING": True, "INDEX_DIR": settings.index_dir, "CORPUS_DIR": settings.corpus_dir,
                      "RATE_LIMIT": "off"})
    ids = {meta.path: meta.id for meta in app.extensions["search"].documents()}
    return app, ids


def png(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.get_data())).convert("RGB")


def box_pixels(image) -> list[tuple[int, int]]:
    width, height = image.size
    data = image.load()
    return [(x, y) for y in range(0, height, 2) for x in range(0, width, 2) if data[x, y] == BOX_COLOUR]


def dark_inside(image, pixels: list[tuple[int, int]]) -> int:
    """Dark (ink) pixels inside the bounding box of ``pixels``."""
    xs, ys = [x for x, _ in pixels], [y for _, y in pixels]
    region = image.crop((min(xs), min(ys), max(xs) + 1, max(ys) + 1)).convert("L")
    return sum(1 for value in region.tobytes() if value < 100)


def test_a_text_pdf_page_is_a_png_with_the_search_boxed_where_the_words_are(images_app):
    app, ids = images_app
    client = app.test_client()
    plain = png(client, f"/documents/{ids['order.pdf']}/pages/2.png")
    assert 800 < plain.size[0] < 1000 and not box_pixels(plain)
    boxed = png(client, f"/documents/{ids['order.pdf']}/pages/2.png?q=%22host+site%22")
    found = box_pixels(boxed)
    assert found and dark_inside(boxed, found) > 50  # the box surrounds printed words
    large = png(client, f"/documents/{ids['order.pdf']}/pages/2.png?size=large")
    assert large.size[0] == pytest.approx(plain.size[0] * 2, abs=2)
    assert client.get(f"/documents/{ids['order.pdf']}/pages/4.png").status_code == 404
    assert client.get(f"/documents/{ids['order.pdf']}/pages/0.png").status_code == 404
    assert client.get("/documents/nope/pages/1.png").status_code == 404
    assert client.get(f"/documents/{ids['order.pdf']}/pages/1.png?size=huge").status_code == 400


def test_a_rotated_page_is_shown_as_displayed_with_its_boxes_on_the_words(images_app):
    app, ids = images_app
    client = app.test_client()
    image = png(client, f"/documents/{ids['rotated.pdf']}/pages/2.png?q=%22host+site%22")
    assert image.size[0] > image.size[1]  # landscape: /Rotate 90 applied
    found = box_pixels(image)
    assert found and dark_inside(image, found) > 50
    xs, ys = [x for x, _ in found], [y for _, y in found]
    assert max(ys) - min(ys) > max(xs) - min(xs)  # the phrase runs down the sideways page


def test_a_scan_is_shown_as_scanned_and_never_gets_text_drawn_on_it(images_app):
    app, ids = images_app
    client = app.test_client()
    plain = png(client, f"/documents/{ids['scan.pdf']}/pages/1.png")
    searched = png(client, f"/documents/{ids['scan.pdf']}/pages/1.png?q=registrants")
    assert plain.tobytes() == searched.tobytes()  # no text layer: nothing to box, nothing drawn


def test_a_failed_redaction_page_is_rendered_as_printed_and_never_boxed(images_app):
    app, ids = images_app
    client = app.test_client()
    plain = png(client, f"/documents/{ids['memo.pdf']}/pages/2.png")
    searched = png(client, f"/documents/{ids['memo.pdf']}/pages/2.png?q=placement+OR+witness+OR+secretname")
    assert plain.tobytes() == searched.tobytes() and not box_pixels(searched)
    # the black box is on the image: the hidden line is not readable there
    band = plain.crop((int(plain.size[0] * 0.06), int(plain.size[1] * 0.07),
                       int(plain.size[0] * 0.55), int(plain.size[1] * 0.095))).convert("L")
    assert max(band.tobytes()) < 60  # the box drawn over the name (18-30 mm down, 8-128 mm across)
    assert client.get(f"/documents/{ids['memo.pdf']}/file").status_code == 403  # the original stays withheld


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) is not installed: no PDF rendition of Word files")
def test_a_word_original_gets_a_pdf_rendition_for_its_page_images(images_app):
    app, ids = images_app
    client = app.test_client()
    image = png(client, f"/documents/{ids['letter.docx']}/pages/1.png?q=%22host+site%22")
    assert box_pixels(image)
    assert client.get(f"/documents/{ids['letter.docx']}/file").status_code == 200  # the original still downloads
    html = client.get(f"/documents/{ids['letter.docx']}").get_data(as_text=True)
    assert "Show the pages as printed" in html
    printed = f"/documents/{ids['letter.docx']}/file.pdf"
    assert f'href="{printed}#page=1"' in html  # "at page N" opens the PDF rendition, which a phone can show
    response = client.get(printed)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    assert 'filename="letter.pdf"' in response.headers["Content-Disposition"]
    assert client.get(f"/documents/{ids['order.pdf']}/file.pdf").status_code == 404  # a PDF is its own


def test_the_image_view_is_one_click_lazy_and_kept_by_go_to_page(images_app):
    app, ids = images_app
    client = app.test_client()
    text_view = client.get(f"/documents/{ids['order.pdf']}?q=host").get_data(as_text=True)
    assert "<img" not in text_view and "Show the pages as printed" in text_view
    image_view = client.get(f"/documents/{ids['order.pdf']}?q=host&view=image").get_data(as_text=True)
    assert image_view.count('loading="lazy"') == 3
    assert f'src="/documents/{ids["order.pdf"]}/pages/2.png?q=host"' in image_view
    assert '<input type="hidden" name="view" value="image">' in image_view
    gone = client.get(f"/documents/{ids['order.pdf']}/goto?page=3&q=host&view=image")
    assert gone.status_code == 303 and "view=image" in gone.headers["Location"]
    assert gone.headers["Location"].endswith("#page-3")
    assert "Show the text only" in image_view
    assert not client.get(f"/documents/{ids['order.pdf']}?view=image").headers.getlist("Set-Cookie")
