"""Page images: one page of a PDF (or of an office file's PDF rendition) as a PNG, as printed.

    parent (a web worker)                         child (``python -m search.render``)
    render_page(RenderJob) ──JSON on stdin──▶     read the file, check its hash, render with
       cache hit? return the PNG path             pypdfium2 (annotations drawn, the CropBox,
       time cap: the child is killed              the page's own rotation), box the hits,
       memory cap: RLIMIT_AS in the child         write the PNG into the cache atomically

A hostile PDF that hangs or balloons pdfium takes down its own process only, as extraction
does (search/workers.py); the web worker answers with an error page instead.

Images are cached per file hash, page, scale and hit boxes (``index_dir/cache/pages/``), so a
file replaced in the corpus never shows the old file's image, and each image is rendered once.
The child renders the bytes it hashed: a file swapped between the check and the render
(see search/workers.py) is refused, never rendered under the other file's name.

Hit boxes: the words the highlighter marked in the page's indexed text are looked up in
pdfium's text layer of the page and outlined (never filled, never written: no extracted text
is ever drawn on an image). Their rectangles are in page space; ``FPDF_PageToDevice`` maps
them into the bitmap, so a page with ``/Rotate 90`` gets its boxes where the words are shown.
A page reported for a possible failed redaction gets no boxes: its text layer still holds the
hidden words, and a box would show where they are.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import resource
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Scales offered: 1.5 (about 900 px wide for a letter page, a phone's screen) and 3 (print detail).
SCALES = {"screen": 1.5, "large": 3.0}
RENDER_TIMEOUT_S = 20.0
RENDER_MEMORY_MB = 1024
#: Largest bitmap side in pixels (a 200-inch "page" must not become a 60,000-pixel image).
MAX_SIDE_PX = 6000
#: Most hit phrases looked for on one page (the terms of a long query).
MAX_TERMS = 20
BOX_COLOUR = (214, 0, 110)
BOX_WIDTH = 3


class RenderError(RuntimeError):
    """The page could not be rendered; one line saying why."""


@dataclass(frozen=True)
class RenderJob:
    source: str  # path of the PDF (the original, or its rendition)
    sha256: str  # hash the bytes must have
    page: int  # 1-based
    scale: float
    #: Phrases to box (from the highlighter's marks); empty for no boxes.
    terms: tuple[str, ...] = field(default_factory=tuple)
    password: str | None = None

    def key(self) -> str:
        boxes = hashlib.sha256("\x00".join(self.terms).encode("utf-8")).hexdigest()[:16] if self.terms else "plain"
        return f"{self.page}-{self.scale:g}-{boxes}"


#: Originals that get a PDF rendition at ingest (so their pages can be seen and opened at page N).
RENDITION_SUFFIXES = frozenset({".docx", ".doc", ".wpd", ".html", ".htm"})


def rendition_path(cache_dir: Path, sha256: str) -> Path:
    """Where the PDF rendition of the file with this hash is kept (``index_dir/cache/renditions``)."""
    return Path(cache_dir) / "renditions" / sha256[:2] / f"{sha256}.pdf"


def make_rendition(source: Path, sha256: str, cache_dir: Path) -> Path | None:
    """The PDF rendition of an office or HTML original, made once per file hash by LibreOffice.

    None when the file needs none (a PDF), or LibreOffice is missing or fails: the document is
    indexed all the same, only without page images. Called by the extraction worker, so the
    conversion runs under the worker's time and memory caps."""
    import tempfile

    from search.extract.office import convert_to_pdf, soffice_path
    from search.models import ExtractionError

    if source.suffix.lower() not in RENDITION_SUFFIXES or soffice_path() is None:
        return None
    target = rendition_path(cache_dir, sha256)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="c400-rendition-") as workdir:
        try:
            converted = convert_to_pdf(source, Path(workdir))
        except ExtractionError:
            return None
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temp.write_bytes(converted.read_bytes())
        os.replace(temp, target)
    return target


def cache_path(cache_dir: Path, job: RenderJob) -> Path:
    return Path(cache_dir) / "pages" / job.sha256[:2] / job.sha256 / f"{job.key()}.png"


def render_page(job: RenderJob, cache_dir: Path, timeout_s: float = RENDER_TIMEOUT_S,
                memory_mb: int = RENDER_MEMORY_MB) -> Path:
    """The cached PNG of ``job``, rendered first in a capped child process if need be."""
    target = cache_path(cache_dir, job)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"job": asdict(job), "target": str(target)})
    limit = memory_mb * 1024 * 1024

    def cap_memory() -> None:  # runs in the child before pdfium is loaded
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        done = subprocess.run([sys.executable, "-m", "search.render"], input=payload.encode("utf-8"),
                              capture_output=True, timeout=timeout_s, preexec_fn=cap_memory, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"rendering page {job.page} took longer than {timeout_s:g} seconds") from None
    if done.returncode != 0 or not target.is_file():
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(reason[-1][:240] if reason else f"rendering page {job.page} failed")
    return target


# --- in the child ---------------------------------------------------------------------------


def _render(job: RenderJob, target: Path) -> None:
    import pypdfium2
    import pypdfium2.raw as pdfium_c
    from PIL import ImageDraw

    data = Path(job.source).read_bytes()
    if hashlib.sha256(data).hexdigest() != job.sha256:
        raise RenderError("the file changed since it was indexed; index it again to see its pages")
    document = pypdfium2.PdfDocument(data, password=job.password)
    try:
        if not 1 <= job.page <= len(document):
            raise RenderError(f"the file has no page {job.page}")
        page = document[job.page - 1]
        width, height = page.get_size()
        scale = min(job.scale, MAX_SIDE_PX / max(width, height, 1))
        bitmap = page.render(scale=scale, may_draw_forms=True, draw_annots=True)
        image = bitmap.to_pil().convert("RGB")
        if job.terms:
            draw = ImageDraw.Draw(image)
            for left, top, right, bottom in merged_lines(_hit_rects(page, job.terms, image.size, pdfium_c)):
                pad = BOX_WIDTH + round(0.2 * (bottom - top))  # clear of the glyphs: the words stay readable
                draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), outline=BOX_COLOUR, width=BOX_WIDTH)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        image.save(temp, format="PNG", optimize=True)
        os.replace(temp, target)
    finally:
        document.close()


def _hit_rects(page, terms: tuple[str, ...], size: tuple[int, int], pdfium_c) -> list[tuple[int, int, int, int]]:
    """Bitmap rectangles of every occurrence of ``terms`` in the page's text layer."""
    textpage = page.get_textpage()
    found: list[tuple[int, int, int, int]] = []
    try:
        for term in terms[:MAX_TERMS]:
            searcher = textpage.search(term, match_case=False, match_whole_word=True)  # "host", not "hostile"
            while (hit := searcher.get_next()) is not None:
                index, count = hit
                for number in range(textpage.count_rects(index, count)):
                    left, bottom, right, top = textpage.get_rect(number)
                    found.append(_to_device(page, size, (left, bottom, right, top), pdfium_c))
            searcher.close()
    finally:
        textpage.close()
    return found


def merged_lines(rects: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Rectangles of words next to each other on one line as one (a phrase gets one box, not a
    box per word with a double line between)."""
    merged: list[list[int]] = []
    for left, top, right, bottom in sorted(rects, key=lambda rect: (rect[1], rect[0])):
        if merged:
            last = merged[-1]
            height = max(bottom - top, last[3] - last[1], 1)
            same_line = min(bottom, last[3]) - max(top, last[1]) > height / 2
            if same_line and 0 <= left - last[2] <= height:
                last[2], last[1], last[3] = max(last[2], right), min(last[1], top), max(last[3], bottom)
                continue
        merged.append([left, top, right, bottom])
    return [tuple(rect) for rect in merged]


def _to_device(page, size: tuple[int, int], rect: tuple[float, float, float, float],
               pdfium_c) -> tuple[int, int, int, int]:
    """A page-space rectangle in bitmap pixels, through pdfium's own transform (rotation included)."""
    xs, ys = [], []
    for x, y in ((rect[0], rect[1]), (rect[2], rect[3])):
        device_x, device_y = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size[0], size[1], 0, ctypes.c_double(x), ctypes.c_double(y),
                                   ctypes.byref(device_x), ctypes.byref(device_y))
        xs.append(device_x.value)
        ys.append(device_y.value)
    return min(xs), min(ys), max(xs), max(ys)


def main() -> int:
    request = json.loads(sys.stdin.read())
    job = RenderJob(**{**request["job"], "terms": tuple(request["job"].get("terms") or ())})
    try:
        _render(job, Path(request["target"]))
    except RenderError as error:
        print(str(error), file=sys.stderr)
        return 2
    except MemoryError:
        print(f"rendering page {job.page} ran out of memory", file=sys.stderr)
        return 3
    except Exception as error:  # noqa: BLE001 - one line for the parent, whatever pdfium raised
        print(f"the page could not be rendered: {type(error).__name__}", file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
