"""Hostile and tricky PDFs, written byte by byte at test time (nothing binary is committed).

``RawPdf`` numbers objects in the order they are added and writes a correct cross-reference
table, so every file here is "valid" at the syntax level unless a test breaks it on purpose.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tests.conftest import write_pdf


class RawPdf:
    """A PDF assembled from object bodies; object 1 is the catalog, object 2 the page tree."""

    def __init__(self) -> None:
        self.objects: list[bytes] = [b"", b""]  # catalog and pages, filled in by ``write``

    def add(self, body: bytes | str) -> int:
        self.objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(self.objects)

    def stream(self, data: bytes, extra: str = "") -> int:
        head = f"<< /Length {len(data)} {extra} >>\nstream\n".encode()
        return self.add(head + data + b"\nendstream")

    def write(self, path: Path, kids: list[int], catalog_extra: str = "", pages_extra: str = "") -> Path:
        refs = " ".join(f"{kid} 0 R" for kid in kids)
        self.objects[0] = f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>".encode()
        self.objects[1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} {pages_extra} >>".encode()
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
        out += f"trailer\n<< /Size {len(self.objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        path.write_bytes(bytes(out))
        return path

    def font(self) -> int:
        return self.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

    def text_page(self, text: str, font: int, box: str = "0 0 612 792", extra: str = "") -> int:
        content = self.stream(f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET".encode("latin-1"))
        return self.add(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [{box}] /Contents {content} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> {extra} >>"
        )


def many_pages(path: Path, count: int = 5000) -> Path:
    """``count`` tiny pages sharing one content stream."""
    pdf = RawPdf()
    font = pdf.font()
    content = pdf.stream(b"BT /F1 8 Tf 10 10 Td (p) Tj ET")
    page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Contents {content} 0 R " \
           f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
    kids = [pdf.add(page) for _ in range(count)]
    return pdf.write(path, kids)


def giant_page(path: Path) -> Path:
    """A page 200,000 points square (the spec's limit is 14,400) with text under a black box."""
    pdf = RawPdf()
    font = pdf.font()
    content = pdf.stream(b"BT /F1 12 Tf 72 700 Td (Giant poster page text) Tj ET 0 g 70 690 200 30 re f")
    kid = pdf.add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200000 200000] /Contents {content} 0 R "
                  f"/Resources << /Font << /F1 {font} 0 R >> >> >>")
    return pdf.write(path, [kid])


def deeply_nested(path: Path, depth: int = 20000) -> Path:
    """A readable page whose resources hold an array nested ``depth`` deep, below a deep page tree."""
    pdf = RawPdf()
    font = pdf.font()
    nested = "[" * depth + "1" + "]" * depth
    page = pdf.text_page("Nested objects page", font, extra=f"/Junk {nested}")
    parent = 2
    chain = []
    for _ in range(200):  # a page tree 200 levels deep
        chain.append(pdf.add(""))
    for index, number in enumerate(chain):
        kid = chain[index + 1] if index + 1 < len(chain) else page
        pdf.objects[number - 1] = f"<< /Type /Pages /Parent {parent} 0 R /Kids [{kid} 0 R] /Count 1 >>".encode()
        parent = number
    pdf.objects[page - 1] = pdf.objects[page - 1].replace(b"/Parent 2 0 R", f"/Parent {parent} 0 R".encode())
    return pdf.write(path, [chain[0]])


def javascript_and_attachment(path: Path, visible: str, attached: str) -> Path:
    """A text page, JavaScript run on open, and an attached file holding ``attached``."""
    pdf = RawPdf()
    font = pdf.font()
    page = pdf.text_page(visible, font)
    script = pdf.add("<< /S /JavaScript /JS (app.alert\\('pwned'\\); this.exportDataObject\\({cName: 'a'}\\);) >>")
    embedded = pdf.stream(attached.encode(), "/Type /EmbeddedFile /Subtype /text#2Fplain")
    spec = pdf.add(f"<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /F {embedded} 0 R >> >>")
    extra = f"/OpenAction {script} 0 R /Names << /EmbeddedFiles << /Names [(notes.txt) {spec} 0 R] >> >>"
    return pdf.write(path, [page], catalog_extra=extra)


def deflate_bomb(size: int = 2 << 30) -> bytes:
    """A zlib stream of ``size`` zero bytes (a multiple of 16 MiB) in about a thousandth of that."""
    chunk = b"\0" * (16 << 20)
    assert size % len(chunk) == 0
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = ((size % 65521) << 16) | 1  # Adler-32 of zeros: a stays 1, b counts the bytes
    return first + again * (size // len(chunk) - 1) + b"\x03\x00" + struct.pack(">I", adler)


def bomb(path: Path, size: int = 2 << 30) -> Path:
    """A one-page PDF whose FlateDecode content stream expands to ``size`` bytes (2 GiB)."""
    pdf = RawPdf()
    font = pdf.font()
    content = pdf.stream(deflate_bomb(size), "/Filter /FlateDecode")
    kid = pdf.add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                  f"/Resources << /Font << /F1 {font} 0 R >> >> >>")
    return pdf.write(path, [kid])


def truncated(path: Path) -> Path:
    """A real three-page PDF cut off halfway, as an interrupted download leaves it."""
    data = write_pdf(path, ["First page of a truncated file.", "Second page.", "Third page."]).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def elf_executable(path: Path) -> Path:
    """The header of a 64-bit Linux executable, then filler: a program named .pdf."""
    header = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8) + struct.pack("<HHI", 2, 62, 1)
    path.write_bytes(header + b"\x90" * 4096)
    return path
