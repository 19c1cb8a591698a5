"""The characters of a PDF page read with pdfium, shaped as pdfplumber gives them, where that is exact.

pdfplumber builds each character through pdfminer's Python interpreter: about 90 ms for a
2,750-character page, most of our extraction time. pdfium (pypdfium2, already a pdfplumber
dependency) reads the same page in a few milliseconds, but its text page is made for selecting
text, not to be pdfminer's character list. It leaves out text objects that draw only spaces,
collapses runs of spaces, drops overprinted copies, splits ligatures, replaces line-end hyphens
with a marker, reorders the text objects of a line, and measures glyphs with its own metrics.

``PdfiumText.read`` puts back what can be put back exactly (one blank for each text object
pdfium skipped, since blanks split words; pdfminer's metrics for the standard fonts; stream
order) and otherwise returns a ``Fallback`` naming why the page must be read with pdfplumber.
Anything that could hide text is such a reason (a filled shape or thick stroke over characters,
an image, a shading: the redaction check needs pdfplumber's shapes and a rendering), as are
ruled tables, rotated or vertical text, text pdfium merged away, and fonts whose characters the
two libraries may map to Unicode differently. bench/extract_compare.py checks, page by page on
real filings, that every page read here gives the same text as pdfplumber.

What the public pdfium API cannot show, and is assumed: a text object pdfium skips as drawing
nothing holds only blanks (a glyph missing from its font would draw nothing too, yet pdfminer
reads its code); such an object's first blank starts at its position, within a point; and a glyph
overprinted on itself inside one text object (which pdfium drops within 7% of the font size)
is one pdfplumber's de-duplication drops too.
"""

from __future__ import annotations

import ctypes
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import pypdfium2_raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, list_value, num_value, resolve1
from pdfminer.psparser import PSLiteral, literal_name
from pdfplumber.utils.clustering import make_cluster_dict
from pypdfium2_raw.bindings import _libs

from search.extract.redaction import MIN_BOX_SIDE

PdfObject = dict[str, Any]

# Typed copies of the calls made once per character: plain integer handles make each call
# about twice as cheap as pypdfium2's pointer-typed bindings (the library is the same).
_LIB = _libs["pdfium"]
_VOID, _INT, _DOUBLE_P = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)


def _typed(name: str, restype: Any, *argtypes: Any) -> Any:
    function = _LIB[name]
    function.restype, function.argtypes = restype, argtypes
    return function


_text_object = _typed("FPDFText_GetTextObject", _VOID, _VOID, _INT)
_unicode = _typed("FPDFText_GetUnicode", ctypes.c_uint, _VOID, _INT)
_is_generated = _typed("FPDFText_IsGenerated", _INT, _VOID, _INT)
_origin = _typed("FPDFText_GetCharOrigin", _INT, _VOID, _INT, _DOUBLE_P, _DOUBLE_P)
_loose_box = _typed("FPDFText_GetLooseCharBox", _INT, _VOID, _INT, ctypes.POINTER(pdfium_c.FS_RECTF))
_char_box = _typed("FPDFText_GetCharBox", _INT, _VOID, _INT, _DOUBLE_P, _DOUBLE_P, _DOUBLE_P, _DOUBLE_P)
_count_chars = _typed("FPDFText_CountChars", _INT, _VOID)
_get_text = _typed("FPDFText_GetText", _INT, _VOID, _INT, _INT, _VOID)
_is_hyphen = _typed("FPDFText_IsHyphen", _INT, _VOID, _INT)
_unicode_error = _typed("FPDFText_HasUnicodeMapError", _INT, _VOID, _INT)
_char_matrix = _typed("FPDFText_GetMatrix", _INT, _VOID, _INT, ctypes.POINTER(pdfium_c.FS_MATRIX))

TEXT, PATH, IMAGE, SHADING, FORM = (
    pdfium_c.FPDF_PAGEOBJ_TEXT,
    pdfium_c.FPDF_PAGEOBJ_PATH,
    pdfium_c.FPDF_PAGEOBJ_IMAGE,
    pdfium_c.FPDF_PAGEOBJ_SHADING,
    pdfium_c.FPDF_PAGEOBJ_FORM,
)
MAX_FORM_DEPTH = 12
MAX_STREAM_BYTES = 64 << 20  # decoded: far beyond any real page's content, font or form
EPSILON = 1e-3  # points: below pdfium's float precision at page scale
LINE_TOLERANCE = 3.0  # pdfplumber's y_tolerance: chars whose tops chain this close share a line
WIDTH_TOLERANCE = 0.01  # points: pdfium keeps coordinates as 32-bit floats
DUPLICATE_REACH = 2.0  # points: twice pdfplumber's de-duplication tolerance
TIE_DISTANCE = 1.0  # points: a skipped blank this close to a character might sort on either side of it
THICK_STROKE = 3.0  # points: a stroke this wide can hide text like a box (pdfplumber ignores strokes)
MIN_RULES = 3  # ruled lines each way a table of two rows and two columns needs
MIN_RULE_LENGTH = 0.9  # points: pdfplumber's table finder drops edges shorter than 1
AXIS_TOLERANCE = 0.5  # points: pdfplumber takes only exactly level or plumb edges
HYPHEN_MARKER = 0x02  # what pdfium leaves in place of a hyphen that ends a line inside a word
# WinAnsi codes pdfium reads otherwise than pdfminer: bullets where pdfminer says "(cid:n)", and a
# hyphen (the soft hyphen's code) where pdfminer says " ". Producers draw a soft hyphen only where
# it breaks a word at a line end, which pdfium marks as such: that is where 0xAD is checked.
SOFT_HYPHEN_CODE = 0xAD
_WIN_ANSI_QUIRKS = dict.fromkeys((0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D), "\u2022")
_PLAIN_ENCODINGS = ("WinAnsiEncoding", "StandardEncoding", "MacRomanEncoding")
_ASCII = {code: chr(code) for code in range(33, 127)}
_ASCII_SET = frozenset(_ASCII.values())
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_RIGHT_TO_LEFT = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


@dataclass(frozen=True)
class Fallback:
    """Why a page must be read with pdfplumber rather than from pdfium's characters."""

    reason: str


@dataclass
class PdfiumPage:
    """One page's characters as pdfplumber would give them, with nothing else the pipeline reads.

    Only pages without images, filled shapes over text, shadings or ruled tables come here,
    so they have no shapes, images or tables for the pipeline to look at."""

    index: int
    width: float
    chars: list[PdfObject]
    shapes: list[PdfObject] = field(default_factory=list)
    images: list[PdfObject] = field(default_factory=list)

    def tables(self, chars: list[PdfObject]) -> tuple[list[Any], list[tuple[float, float, float, float]]]:
        return [], []


class _Reject(Exception):
    """Raised inside a page read to fall back to pdfplumber for that page."""


@dataclass(frozen=True, eq=False)
class _FontFacts:
    """What pdfminer makes of a font dictionary (or of all those pdfium may mean by one name),
    read without parsing font programs or CMaps."""

    descent: float  # below the baseline, per unit of font size (negative)
    metrics: dict[str, int] | None  # Adobe's widths, which pdfminer uses for standard-14 names
    unicode_maps: tuple[PDFStream, ...]  # ToUnicode CMaps
    encoded: frozenset[str] | None  # without ToUnicode: every character pdfminer's encoding can give
    problem: str = ""
    basefont: str = ""
    cid: bool = False
    ambiguous: frozenset[str] = frozenset()  # characters pdfium may give for a code pdfminer reads otherwise
    soft_hyphen: bool = False  # whether a line-end hyphen may have been drawn with the soft hyphen's code

    def names(self) -> set[str]:
        return {self.basefont, _unsubset(self.basefont)}


def _merged(candidates: list[_FontFacts]) -> _FontFacts:
    """Facts that hold whichever candidate a character's font is (its problems, the strictest checks)."""
    if len(candidates) == 1:
        return candidates[0]
    if len({facts.descent for facts in candidates}) > 1 or len({id(facts.metrics) for facts in candidates}) > 1:
        return _FontFacts(0.0, None, (), None, "fonts of one name measured differently")
    encoded = [facts.encoded for facts in candidates if facts.encoded is not None]
    return _FontFacts(
        candidates[0].descent,
        candidates[0].metrics,
        tuple(cmap for facts in candidates for cmap in facts.unicode_maps),
        frozenset.intersection(*encoded) if encoded else None,
        next((facts.problem for facts in candidates if facts.problem), ""),
        cid=any(facts.cid for facts in candidates),
        ambiguous=frozenset().union(*(facts.ambiguous for facts in candidates)),
        soft_hyphen=any(facts.soft_hyphen for facts in candidates),
    )


@dataclass
class _TextObject:
    """A pdfium text object and what its characters share."""

    index: int  # position in content-stream order
    handle: int
    font: Any = None
    size: float = 0.0  # pdfminer's char size: font size times vertical scale
    size_x: float = 0.0  # font size times horizontal scale: a width of 1000 units spans this
    scale_x: float = 0.0
    descent: float = 0.0
    fontname: str = ""
    metrics: dict[str, int] | None = None
    facts: _FontFacts | None = None
    baseline: float | None = None
    font_key: int = 0
    plain: bool = False  # ASCII from this font needs no check beyond pdfium's own Unicode flag
    shared: dict[str, Any] = field(default_factory=dict)  # what its characters' dictionaries share
    used: bool = False  # pdfium gave at least one of its characters


def _font_name(font: Any) -> str:
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(length, 1))
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("latin-1")


def _unsubset(name: str) -> str:
    return _SUBSET_TAG.sub("", name)


def _name(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return literal_name(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value) if value is not None else ""


def _font_facts(spec: dict[str, Any]) -> _FontFacts:
    """What pdfminer makes of one font dictionary (``PDFResourceManager.get_font`` and the font classes)."""
    from pdfminer.encodingdb import EncodingDB

    subtype = _name(spec.get("Subtype")) or "Type1"
    basefont = _name(spec.get("BaseFont")) or "unknown"
    unicode_map = resolve1(spec.get("ToUnicode"))
    maps = (unicode_map,) if isinstance(unicode_map, PDFStream) else ()
    if subtype == "Type3":  # glyphs are drawings; pdfminer scales them by the font matrix
        return _FontFacts(0.0, None, maps, None, "Type3 font", _name(spec.get("BaseFont")))
    if subtype in ("Type0", "CIDFontType0", "CIDFontType2"):
        cid_spec = spec
        if subtype == "Type0":
            descendants = list_value(spec.get("DescendantFonts", []))
            cid_spec = dict_value(descendants[0]) if descendants else {}
        encoding = resolve1(spec.get("Encoding"))
        vertical = (isinstance(encoding, PDFStream) and resolve1(encoding.get("WMode")) == 1) or _name(
            encoding
        ).endswith("-V")
        descriptor = dict_value(cid_spec.get("FontDescriptor", {}))
        problem = "vertical writing" if vertical else ("" if maps else "CID font without ToUnicode")
        return _FontFacts(_descent(descriptor), None, maps, None, problem, basefont, cid=True)
    metrics = None
    if basefont in FONT_METRICS:
        descriptor, metrics = FONT_METRICS[basefont]
    else:
        descriptor = dict_value(spec.get("FontDescriptor", {}))
    if maps:
        return _FontFacts(_descent(descriptor), metrics, maps, None, "", basefont)
    encoding = resolve1(spec.get("Encoding"))
    base, differences = ("WinAnsiEncoding" if subtype == "TrueType" else "StandardEncoding"), []
    if isinstance(encoding, dict):
        base = _name(encoding.get("BaseEncoding")) or base
        differences = list_value(encoding.get("Differences", []))
    elif encoding is not None:
        base = _name(encoding)
    flags = int(num_value(descriptor.get("Flags", 0)) or 0) if isinstance(descriptor, dict) else 0
    problem = ""
    if encoding is None and subtype == "TrueType":
        problem = "TrueType font without encoding or ToUnicode"  # pdfminer assumes WinAnsi, pdfium does not
    elif encoding is None and isinstance(descriptor, dict) and "FontFile" in descriptor:
        problem = "font with its own encoding and no ToUnicode"  # pdfminer reads it from the Type 1 program
    elif basefont in ("Symbol", "ZapfDingbats") or (flags & 4 and basefont not in FONT_METRICS):
        problem = "symbolic font without ToUnicode"
    elif base not in _PLAIN_ENCODINGS:
        problem = f"font in {base or 'an unknown encoding'} without ToUnicode"
    encoded = frozenset(EncodingDB.get_encoding(base, differences).values())
    ambiguous, soft_hyphen = frozenset(), "\xad" in encoded
    if base == "WinAnsiEncoding":
        overridden = _difference_codes(differences)
        widths, first = list_value(spec.get("Widths", [])), int(num_value(spec.get("FirstChar", 0)) or 0)

        def used(code: int) -> bool:  # a zero or missing width: the producer never draws that code
            if code in overridden:
                return False
            return not widths or (0 <= code - first < len(widths) and bool(num_value(widths[code - first])))

        ambiguous = frozenset(text for code, text in _WIN_ANSI_QUIRKS.items() if used(code))
        soft_hyphen = soft_hyphen or used(SOFT_HYPHEN_CODE)
    return _FontFacts(
        _descent(descriptor), metrics, (), encoded, problem, basefont, ambiguous=ambiguous, soft_hyphen=soft_hyphen
    )


def _difference_codes(differences: list[Any]) -> set[int]:
    """The codes a /Differences array names a glyph for."""
    codes, code = set(), 0
    for item in differences:
        if isinstance(item, int):
            code = item
        else:
            codes.add(code)
            code += 1
    return codes


def _descent(descriptor: Any) -> float:
    """pdfminer's ``PDFFont.get_descent``: the descriptor's Descent, made negative, per unit size."""
    descent = num_value(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0
    return (-descent if descent > 0 else descent) * 0.001


def _resource_fonts(resources: Any, seen: set[int], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    """Font dictionaries of a resource dictionary and of the forms it draws, with their object ids."""
    for objid, obj in _resources(resources, seen, depth):
        if isinstance(obj, dict):
            yield objid, obj


def _resources(resources: Any, seen: set[int], depth: int = 0) -> Iterator[tuple[int, Any]]:
    """Font dictionaries and form streams a resource dictionary can reach, each once."""
    resources = resolve1(resources)
    if not isinstance(resources, dict) or depth > MAX_FORM_DEPTH:
        return
    for ref in dict_value(resources.get("Font", {})).values():
        objid = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
        if objid not in seen:
            seen.add(objid)
            yield objid, dict_value(ref)
    for ref in dict_value(resources.get("XObject", {})).values():
        objid = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
        if objid in seen:
            continue
        seen.add(objid)
        xobject = resolve1(ref)
        if isinstance(xobject, PDFStream) and _name(xobject.get("Subtype")) == "Form":
            yield objid, xobject
            yield from _resources(xobject.get("Resources"), seen, depth + 1)


def _streams_to_vet(page: Any) -> Iterator[PDFStream]:
    """The streams pdfium decodes to load a page: contents, forms, embedded font programs."""
    for ref in page.page_obj.contents:
        stream = resolve1(ref)
        if isinstance(stream, PDFStream):
            yield stream
    for _, obj in _resources(page.page_obj.resources, set()):
        if isinstance(obj, PDFStream):
            yield obj
            continue
        descriptors = [resolve1(obj.get("FontDescriptor"))]
        for descendant in list_value(obj.get("DescendantFonts", [])):
            descriptors.append(resolve1(dict_value(descendant).get("FontDescriptor")))
        for descriptor in descriptors:
            if isinstance(descriptor, dict):
                for key in ("FontFile", "FontFile2", "FontFile3"):
                    program = resolve1(descriptor.get(key))
                    if isinstance(program, PDFStream):
                        yield program


def _decodes_within(stream: PDFStream, limit: int) -> bool:
    """True when the stream decodes to at most ``limit`` bytes (checked without decoding more).

    pdfium aborts the whole process when a stream expands past the memory limit, where
    pdfminer raises MemoryError; such pages must stay with pdfplumber."""
    if stream.data is not None:
        return len(stream.data) <= limit
    data = stream.rawdata or b""
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = [_name(name) for name, _ in stream.get_filters()]
    if not filters:
        return len(data) <= limit
    if filters not in (["FlateDecode"], ["Fl"]):
        return False  # other filters are rare: pdfplumber reads the page
    inflate = zlib.decompressobj()
    try:
        inflate.decompress(data, limit)
    except zlib.error:
        return True  # pdfium stops at the damage too
    return not inflate.unconsumed_tail


class PdfiumText:
    """pdfium's reading of one PDF, page by page, for the pages where it equals pdfplumber's."""

    def __init__(self, document: Any) -> None:
        """``document``: an open ``pypdfium2.PdfDocument``."""
        self.document = document
        self._facts: dict[int, _FontFacts] = {}
        self._unicode_maps: dict[int, frozenset[str]] = {}
        self._vetted_streams: dict[int, bool] = {}

    @classmethod
    def open(cls, path: Path, password: str | None) -> PdfiumText | None:
        """The reader for ``path``, or None if pdfium cannot open it (pdfplumber then reads every page)."""
        import pypdfium2  # initialises pdfium: in the extraction worker, not the process that forks it

        try:
            return cls(pypdfium2.PdfDocument(str(path), password=password))
        except Exception:  # noqa: BLE001 - pypdfium2 raises PdfiumError, OSError, ...
            return None

    def close(self) -> None:
        self.document.close()

    def read(self, page: Any) -> PdfiumPage | Fallback:
        """The characters of a pdfplumber ``page`` (not parsed: only its boxes and fonts are read)."""
        if page.rotation:
            return Fallback("rotated page")
        raw_box = page.page_obj.mediabox
        if raw_box[0] > raw_box[2] or raw_box[1] > raw_box[3]:
            return Fallback("page box")
        if not all(self._vetted(stream) for stream in _streams_to_vet(page)):
            return Fallback("stream too large or not vetted")
        try:
            pdfium_page = self.document[page.page_number - 1]
        except Exception:  # noqa: BLE001 - a page pdfium cannot load
            return Fallback("pdfium cannot load the page")
        try:
            chars = _PageReader(self, page, pdfium_page).chars()
        except _Reject as reject:
            return Fallback(str(reject))
        finally:
            pdfium_page.close()
        return PdfiumPage(page.page_number - 1, page.width, chars)

    def _vetted(self, stream: PDFStream) -> bool:
        key = stream.objid if stream.objid is not None else id(stream)
        if key not in self._vetted_streams:
            self._vetted_streams[key] = _decodes_within(stream, MAX_STREAM_BYTES)
        return self._vetted_streams[key]

    def fonts(self, page: Any) -> list[_FontFacts]:
        """Facts on every font the page's content can use, cached across pages by object id."""
        found = []
        for objid, spec in _resource_fonts(page.page_obj.resources, set()):
            if objid not in self._facts:
                try:
                    self._facts[objid] = _font_facts(spec)
                except Exception:  # noqa: BLE001 - broken font dictionaries
                    self._facts[objid] = _FontFacts(0.0, None, (), None, "unreadable font")
            found.append(self._facts[objid])
        return found

    def mapped_text(self, cmap: PDFStream) -> frozenset[str]:
        """Every text a ToUnicode CMap gives (parsed only for fonts with a line-end hyphen)."""
        key = id(cmap)
        if key not in self._unicode_maps:
            from io import BytesIO

            from pdfminer.cmapdb import CMapParser, FileUnicodeMap

            unicode_map = FileUnicodeMap()
            try:
                CMapParser(unicode_map, BytesIO(cmap.get_data())).run()
                self._unicode_maps[key] = frozenset(unicode_map.cid2unichr.values())
            except Exception:  # noqa: BLE001 - a broken CMap: assume the worst
                self._unicode_maps[key] = frozenset({"\xad"})
        return self._unicode_maps[key]


class _PageReader:
    """One page: walk its objects, read its text page, then check everything that could differ."""

    def __init__(self, reader: PdfiumText, page: Any, pdfium_page: Any) -> None:
        self.reader = reader
        self.page = page
        self.pdfium_page = pdfium_page
        self.objects: dict[int, _TextObject] = {}
        self.paths: list[Any] = []
        # pdfplumber's "top" is (height - y1) + mediabox top, y1 counted from the raw MediaBox's origin.
        self.origin_y = page.page_obj.mediabox[1]
        self.mediabox_top = page.mediabox[1]
        self.height = page.height
        self.doctop = page.initial_doctop
        self._fonts: list[_FontFacts] | None = None
        self.widths: dict[tuple[int, int], float] = {}  # advance per unit of size, by font and character
        self.found: list[PdfObject] = []
        self.orders: list[int] = []  # stream position of each character's text object

    def chars(self) -> list[PdfObject]:
        self._walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, self.pdfium_page.raw, _IDENTITY, 0)
        textpage = self.pdfium_page.get_textpage()
        try:
            self._read_textpage(ctypes.cast(textpage.raw, _VOID).value)
        finally:
            textpage.close()
        self._add_skipped_blanks()
        visible = [char for char in self.found if char["text"].strip()]
        self._check_paths(visible)
        self._check_duplicates(visible)
        if self.orders != sorted(self.orders):  # pdfminer's order: content stream, then within each object
            return [char for _, char in sorted(zip(self.orders, self.found, strict=True), key=itemgetter(0))]
        return self.found

    def _add(self, char: PdfObject, order: int) -> None:
        self.found.append(char)
        self.orders.append(order)

    # -- page objects ---------------------------------------------------------------------------

    def _walk(self, count: Any, get: Any, holder: Any, to_page: _Matrix, depth: int) -> None:
        """Every object in content order, forms entered in place; ``to_page`` maps the holder's space."""
        if depth > MAX_FORM_DEPTH:
            raise _Reject("forms nested too deep")
        for position in range(count(holder)):
            obj = get(holder, position)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == TEXT:
                handle = ctypes.cast(obj, _VOID).value
                self.objects[handle] = _TextObject(len(self.objects), handle)
                self._check_marks(obj)
            elif kind == PATH:
                self.paths.append((obj, to_page))  # a form's objects report form space
            elif kind == IMAGE:
                raise _Reject("image")
            elif kind == SHADING:
                raise _Reject("shading")
            elif kind == FORM:
                matrix = pdfium_c.FS_MATRIX()
                pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
                form = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                inner = _compose(form, to_page)
                self._walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, inner, depth + 1)

    @staticmethod
    def _check_marks(obj: Any) -> None:
        """Marked content with ActualText: pdfium shows that text instead of the glyphs, pdfminer does not."""
        for number in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, number)
            if pdfium_c.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != pdfium_c.FPDF_OBJECT_UNKNOWN:
                raise _Reject("ActualText")

    # -- characters -----------------------------------------------------------------------------

    def _read_textpage(self, textpage: int) -> None:
        x, y = ctypes.c_double(), ctypes.c_double()
        px, py = ctypes.byref(x), ctypes.byref(y)
        loose = pdfium_c.FS_RECTF()
        ploose = ctypes.byref(loose)
        objects, widths, found, orders = self.objects, self.widths, self.found, self.orders
        previous: PdfObject | None = None
        previous_index = 0
        current = obj = None  # the text object of the last character, and what its characters share
        count = _count_chars(textpage)
        codes = _all_codes(textpage, count)
        for index in range(count):
            code = codes[index] if codes is not None else _unicode(textpage, index)
            handle = _text_object(textpage, index)
            if code in (32, 13, 10) and _is_generated(textpage, index):
                if code == 32 and handle and index + 1 < count:
                    self._deleted_space(textpage, index, handle, px, py, x, y)
                previous = None
                continue
            _origin(textpage, index, px, py)
            x0 = x.value
            if handle != current:
                obj = objects.get(handle) if handle else None
                if obj is None:
                    raise _Reject("character outside the page's text objects")
                if obj.font is None:
                    self._describe(obj, textpage, index)
                if obj.baseline is None:
                    self._place(obj, y.value)
                current, previous = handle, None
                font_key, size_x, plain, shared = obj.font_key, obj.size_x, obj.plain, obj.shared
                checked = obj.metrics is not None
                obj.used = True
            if y.value != obj.baseline and abs(y.value - obj.baseline) > EPSILON:
                raise _Reject("vertical or shifted text")
            if (
                previous is not None
                and abs(previous["x0"] - x0) < EPSILON
                and _same_boxes(textpage, previous_index, index)
            ):
                _loose_box(textpage, index, ploose)
                if abs(previous["x1"] - loose.right) > EPSILON:
                    raise _Reject("ligature width")  # measured for its first piece, not for the whole glyph
                previous["text"] += chr(_unicode(textpage, index))  # a glyph pdfium gave in pieces (ligature)
                continue
            if 32 < code < 127 and plain:
                text = _ASCII[code]
            else:
                text = self._text(_unicode(textpage, index), obj, textpage, index)
            width = widths.get((font_key, code))
            if width is not None and checked:
                x1 = x0 + width * size_x  # Adobe's width, checked against pdfium's once per font and character
            else:
                _loose_box(textpage, index, ploose)
                if width is not None and abs(x0 + width * size_x - loose.right) <= EPSILON:
                    x1 = loose.right
                else:
                    x1 = self._x1(textpage, index, obj, code, text, x0, loose.right)
            previous = {"text": text, "x0": x0, "x1": x1, "width": x1 - x0, **shared}
            found.append(previous)
            orders.append(obj.index)
            previous_index = index

    def _place(self, obj: _TextObject, baseline: float) -> None:
        """What the characters of a text object share: baseline, so top and bottom, and font."""
        obj.baseline = baseline
        y0 = baseline - self.origin_y + obj.descent * obj.size
        top = (self.height - (y0 + obj.size)) + self.mediabox_top
        bottom = (self.height - y0) + self.mediabox_top
        obj.shared = {
            "top": top,
            "bottom": bottom,
            "doctop": self.doctop + top,
            "upright": True,
            "fontname": obj.fontname,
            "size": obj.size,
            "height": bottom - top,
            "object_type": "char",
        }

    def _describe(self, obj: _TextObject, textpage: int, index: int) -> None:
        handle = ctypes.cast(obj.handle, pdfium_c.FPDF_PAGEOBJECT)
        matrix = pdfium_c.FS_MATRIX()
        _char_matrix(textpage, index, ctypes.byref(matrix))
        self._set_font(obj, handle, matrix)

    def _set_font(self, obj: _TextObject, handle: Any, matrix: Any) -> None:
        """What a text object's characters share: font, size and scale (upright, unskewed text only)."""
        size = ctypes.c_float()
        pdfium_c.FPDFTextObj_GetFontSize(handle, size)
        if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0 or size.value <= 0:
            raise _Reject("rotated, skewed or mirrored text")
        obj.font = pdfium_c.FPDFTextObj_GetFont(handle)
        obj.font_key = ctypes.cast(obj.font, _VOID).value
        obj.size, obj.size_x, obj.scale_x = size.value * matrix.d, size.value * matrix.a, matrix.a
        name = _font_name(obj.font)
        obj.fontname = f"{name}#{obj.font_key}"  # one name per font dictionary
        obj.facts = self._facts_for(name)
        obj.descent, obj.metrics = obj.facts.descent, obj.facts.metrics
        # A simple font maps every printable ASCII code through its encoding when its ToUnicode does
        # not (pdfium and pdfminer alike), so pdfium's "no Unicode" flag needs checking only for CIDs.
        obj.plain = (
            not obj.facts.cid
            and (obj.facts.encoded is None or obj.facts.encoded >= _ASCII_SET)
            and not obj.facts.ambiguous
        )

    def _facts_for(self, name: str) -> _FontFacts:
        """pdfminer's view of the font pdfium calls ``name``.

        pdfium reports a simple font's BaseFont without its subset tag and a composite font's
        with it; all dictionaries the name may stand for must agree on what matters."""
        if self._fonts is None:
            self._fonts = self.reader.fonts(self.page)
        if _SUBSET_TAG.match(name):
            found = [facts for facts in self._fonts if facts.cid and facts.basefont == name]
            found = found or [facts for facts in self._fonts if facts.basefont == name]
        else:
            found = [
                facts for facts in self._fonts if name == facts.basefont or (not facts.cid and name in facts.names())
            ]
        if not found:
            raise _Reject("font not found in the page's resources")
        facts = _merged(found)
        if facts.problem:
            raise _Reject(facts.problem)
        return facts

    def _text(self, code: int, obj: _TextObject, textpage: int, index: int) -> str:
        facts = obj.facts
        if code == HYPHEN_MARKER and _is_hyphen(textpage, index):
            # pdfium replaced "-" or a soft hyphen; only a font that cannot give a soft hyphen settles which.
            if facts.soft_hyphen or any("\xad" in self.reader.mapped_text(cmap) for cmap in facts.unicode_maps):
                raise _Reject("line-end hyphen of unknown kind")
            return "-"
        if code in (0, 0xFFFD, 0xFFFE) or code < 32 or 0x7F <= code <= 0x9F or 0xE000 <= code <= 0xF8FF:
            raise _Reject("character without Unicode")
        if _unicode_error(textpage, index):
            raise _Reject("character without Unicode")  # pdfminer would give "(cid:n)"
        if any(low <= code <= high for low, high in _RIGHT_TO_LEFT):
            raise _Reject("right-to-left text")
        text = chr(code)
        if facts.encoded is not None and text not in facts.encoded:
            raise _Reject("character the font's encoding does not give")  # pdfminer would give "(cid:n)"
        if text in facts.ambiguous:
            raise _Reject("character pdfminer may read otherwise")
        return text

    def _x1(self, textpage: int, index: int, obj: _TextObject, code: int, text: str, x0: float, loose: float) -> float:
        """pdfminer's right edge: the end of the glyph's advance (Adobe's width for standard-14 names).

        For those pdfminer also places the next glyph by Adobe's width, so pdfium's advance
        must agree or every later character on the line would sit elsewhere."""
        end = self._advance_end(textpage, index, obj, code, x0, loose)
        if obj.metrics is None:
            self.widths[(obj.font_key, code)] = (end - x0) / obj.size_x
            return end
        if text not in obj.metrics:
            raise _Reject("character outside the standard font's metrics")
        x1 = x0 + obj.metrics[text] * 0.001 * obj.size_x
        if abs(x1 - end) > WIDTH_TOLERANCE:
            raise _Reject("font widths differ from the standard font's")
        self.widths[(obj.font_key, code)] = obj.metrics[text] * 0.001  # checked once per font and character
        return x1

    def _advance_end(self, textpage: int, index: int, obj: _TextObject, code: int, x0: float, loose: float) -> float:
        """Where the glyph's advance ends. pdfium's loose box is the advance box joined with the ink:
        when it agrees with the font's width for the character, or reaches past the ink, it says
        where the advance ends; when the ink reaches further, the font's width does."""
        key = (obj.font_key, -code)  # pdfium's own widths, apart from the checked ones
        unit_width = self.widths.get(key)
        if unit_width is not None and abs(x0 + unit_width * obj.size_x - loose) <= EPSILON:
            return loose
        sides = [ctypes.c_double() for _ in range(4)]
        _char_box(textpage, index, *(ctypes.byref(side) for side in sides))
        if loose > sides[1].value + EPSILON:
            self.widths.setdefault(key, (loose - x0) / obj.size_x)
            return loose
        if unit_width is None:
            glyph = ctypes.c_float()
            pdfium_c.FPDFFont_GetGlyphWidth(obj.font, code, 1000.0, glyph)
            unit_width = self.widths[key] = glyph.value / 1000.0
        end = x0 + unit_width * obj.size_x
        if end > loose + EPSILON:
            raise _Reject("glyph width pdfium cannot place")
        return end

    def _deleted_space(self, textpage: int, index: int, handle: int, px: Any, py: Any, x: Any, y: Any) -> None:
        """A real space pdfium deleted after a space it generated itself (it keeps one of two spaces).

        pdfium puts its generated space at the origin of the character that follows it; when the
        next real character starts further right, a space stood there and was collapsed."""
        if _is_generated(textpage, index + 1) or _text_object(textpage, index + 1) != handle:
            return
        obj = self.objects.get(handle)
        if obj is None:
            raise _Reject("character outside the page's text objects")
        if obj.font is None:
            self._describe(obj, textpage, index + 1)
        _origin(textpage, index, px, py)
        gap_x, baseline = x.value, y.value
        _origin(textpage, index + 1, px, py)
        if x.value <= gap_x + EPSILON:
            return
        self._add(self._blank(obj, gap_x, baseline), obj.index)

    def _blank(self, obj: _TextObject, x0: float, baseline: float) -> PdfObject:
        if obj.baseline is None:
            self._place(obj, baseline)
        return {"text": " ", "x0": x0, "x1": x0, "width": 0.0, **obj.shared}

    def _add_skipped_blanks(self) -> None:
        """One blank for each text object pdfium skipped because it draws nothing (spaces only).

        Those blanks split words for pdfplumber ("St." and "Pierre" drawn apart, a space
        between). Their first character starts at the object's position, give or take a
        leading kerning; the page falls back if a character sits close enough to sort either
        side of it."""
        blanks = []
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        matrix = pdfium_c.FS_MATRIX()
        for obj in self.objects.values():
            if obj.used:
                continue
            handle = ctypes.cast(obj.handle, pdfium_c.FPDF_PAGEOBJECT)
            pdfium_c.FPDFPageObj_GetBounds(handle, left, bottom, right, top)
            if right.value - left.value > EPSILON:
                raise _Reject("text pdfium merged away")  # duplicate or marked-content object
            pdfium_c.FPDFPageObj_GetMatrix(handle, matrix)
            self._set_font(obj, handle, matrix)
            blanks.append(self._blank(obj, matrix.e, matrix.f))
            self._add(blanks[-1], obj.index)
        self._check_blank_ties(self.found, blanks)

    @staticmethod
    def _check_blank_ties(chars: list[PdfObject], blanks: list[PdfObject]) -> None:
        """A skipped blank's place is known to about a point: fall back if a character of the same
        line (pdfplumber's clustering of tops) starts that close to it, as either could sort first."""
        if not blanks:
            return
        line_of = make_cluster_dict([char["top"] for char in chars], LINE_TOLERANCE)
        starts: dict[int, list[float]] = {}
        for char in chars:
            if char["text"].strip():
                starts.setdefault(line_of[char["top"]], []).append(char["x0"])
        for blank in blanks:
            if any(abs(x0 - blank["x0"]) <= TIE_DISTANCE for x0 in starts.get(line_of[blank["top"]], ())):
                raise _Reject("skipped blank too close to a character")

    # -- checks on the whole page -------------------------------------------------------------------

    def _check_paths(self, visible: list[PdfObject]) -> None:
        """Shapes that could hide text (the redaction check needs pdfplumber) and ruled tables."""
        horizontal = vertical = 0
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        width = ctypes.c_float()
        matrix = pdfium_c.FS_MATRIX()
        for path, to_page in self.paths:
            pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke)
            pdfium_c.FPDFPageObj_GetMatrix(path, matrix)
            own = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), to_page)
            more_h, more_v, points = _rules(path, own)
            covers = bool(fill.value)
            if stroke.value and not covers:
                pdfium_c.FPDFPageObj_GetStrokeWidth(path, width)
                covers = width.value * math.sqrt(abs(own[0] * own[3] - own[1] * own[2])) >= THICK_STROKE
            if covers:
                pdfium_c.FPDFPageObj_GetBounds(path, left, bottom, right, top)
                corners = [(x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
                points = points + [_apply(to_page, corner) for corner in corners]
                xs, ys = [point[0] for point in points], [point[1] for point in points]
                box = (min(xs), self._top(max(ys)), max(xs), self._top(min(ys)))
                if _touches(box, visible):
                    raise _Reject("filled shape over text")
            horizontal += more_h
            vertical += more_v
            if horizontal >= MIN_RULES and vertical >= MIN_RULES:
                raise _Reject("ruled lines")

    def _top(self, y: float) -> float:
        """pdfplumber's "top" of a point at height ``y`` in PDF user space."""
        return (self.height - (y - self.origin_y)) + self.mediabox_top

    @staticmethod
    def _check_duplicates(visible: list[PdfObject]) -> None:
        """Same character at the same place in two fonts: pdfplumber's de-duplication compares font
        names, which pdfium does not report as pdfminer does, so only pdfplumber can decide."""
        if len({char["fontname"] for char in visible}) < 2:
            return
        ordered = sorted(visible, key=itemgetter("text", "size", "doctop"))
        for number, char in enumerate(ordered):
            for other in ordered[number + 1 :]:
                if other["text"] != char["text"] or other["size"] != char["size"]:
                    break
                if other["doctop"] - char["doctop"] > DUPLICATE_REACH:
                    break
                if abs(other["x0"] - char["x0"]) <= DUPLICATE_REACH and other["fontname"] != char["fontname"]:
                    raise _Reject("overprinted text in two fonts")


def _same_boxes(textpage: int, first: int, second: int) -> bool:
    """True when two characters have the same loose and ink boxes: pieces of one glyph pdfium split.

    Two glyphs drawn at one point (an accent backspaced over its letter) have different ink."""
    boxes = []
    for index in (first, second):
        loose = pdfium_c.FS_RECTF()
        _loose_box(textpage, index, ctypes.byref(loose))
        sides = [ctypes.c_double() for _ in range(4)]
        _char_box(textpage, index, *(ctypes.byref(side) for side in sides))
        boxes.append((loose.left, loose.bottom, loose.right, loose.top, *(side.value for side in sides)))
    return boxes[0] == boxes[1]


def _all_codes(textpage: int, count: int) -> Any:
    """Every character's code point in one call, or None when pdfium's text buffer is not one
    entry per character (characters it leaves out of its text, or beyond the 16-bit plane)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    if _get_text(textpage, 0, count, ctypes.addressof(buffer)) != count + 1:
        return None
    codes = list(buffer)
    if 0xFFFE in codes or any(0xD800 <= code <= 0xDFFF for code in codes):
        return None  # line-end hyphens and surrogates are told apart character by character
    return codes


def _touches(box: tuple[float, float, float, float], chars: list[PdfObject]) -> bool:
    """True when a box big enough to hide text overlaps any character (pdfplumber then decides)."""
    x0, top, x1, bottom = box
    if x1 - x0 < MIN_BOX_SIDE - 1 or bottom - top < MIN_BOX_SIDE - 1:
        return False
    return any(
        char["x0"] < x1 + 1 and char["x1"] > x0 - 1 and char["top"] < bottom + 1 and char["bottom"] > top - 1
        for char in chars
    )


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(first: _Matrix, then: _Matrix) -> _Matrix:
    """The matrix applying ``first`` and then ``then`` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(matrix: _Matrix, point: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    x, y = point
    return (a * x + c * y + e, b * x + d * y + f)


def _rules(path: Any, matrix: _Matrix) -> tuple[int, int, list[tuple[float, float]]]:
    """Horizontal and vertical segments of a path long enough to be table rules, and its points.

    Like pdfplumber, a curve counts through its control polygon."""
    horizontal = vertical = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    start = previous = None
    for number in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, number)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, (x.value, y.value))
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        ends = [point]
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            ends.append(start)
        for end in ends:
            if previous is not None:
                dx, dy = abs(end[0] - previous[0]), abs(end[1] - previous[1])
                if dy <= AXIS_TOLERANCE and dx >= MIN_RULE_LENGTH:
                    horizontal += 1
                elif dx <= AXIS_TOLERANCE and dy >= MIN_RULE_LENGTH:
                    vertical += 1
            previous = end
    return horizontal, vertical, points
