"""Registration fields read from the text of an incoming document (OCR or text layer).

An ND30 document states its own metadata in fixed places: the issuing body top left (under its
parent body), "Số: 123/QĐ-UBND" under it, the place and date top right ("…, ngày 05 tháng 3 năm
2026"), then the type name in capitals ("QUYẾT ĐỊNH") with the trích yếu under it, or, for a
công văn, "V/v …" under the number. `suggest_fields` finds these in text that may be one line
per page (a text layer) or OCR output with its mistakes (lost spaces, lost accents on
capitals); every field is optional and the clerk confirms each suggestion. Pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.documents.doc_types import DOC_TYPES, DocType
from app.textfold import fold

MAX_INPUT = 20_000  # the fields are on the first page
_HEADER_WINDOW = 600  # characters before "Số:" that may hold the issuing body
_VV_NEAR = 120  # "V/v" this close after the number makes a công văn
SUMMARY_MAX = 500
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "–": "-", "—": "-", "\u00a0": " "})


@dataclass(frozen=True)
class ScanSuggestions:
    """What the document says about itself; "" or None where nothing was found."""

    code_number: str = ""
    code_notation: str = ""
    document_date: dt.date | None = None
    issuing_agency: str = ""
    doc_type: str = ""  # a code of app.documents.doc_types ("quyet_dinh")
    summary: str = ""

    @property
    def doc_type_name(self) -> str:
        """The type's Vietnamese name ("Quyết định"), as the form lists it."""
        return next((t.name for t in DOC_TYPES if t.code == self.doc_type), "")

    @property
    def code(self) -> str:
        """ "123/QĐ-UBND" (or what part of it was found)."""
        if self.code_number and self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number or self.code_notation

    @property
    def empty(self) -> bool:
        """True when nothing at all was found."""
        return not (
            self.code or self.document_date or self.issuing_agency or self.doc_type or self.summary
        )


def _bare(text: str) -> str:
    """The same text without diacritics, case kept, one character for one (positions match)."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text).translate(
        str.maketrans("Đđ", "Dd")
    )


_WORD = r"(?<![A-Za-z0-9])"
_END = r"(?![A-Za-z0-9])"
_NUMBER = re.compile(
    _WORD + r"S[o06]\s?[:;.]?\s*(\d{1,7})?\s*/\s*((?:\d{4}\s?/\s?)?[A-Z][A-Za-z0-9]*"
    r"(?:\s?-\s?[A-Za-z0-9]+){0,5})"
)
_NUMBER_LOWER = re.compile(
    _WORD + r"[Ss]o\s?:\s*(\d{1,7})?\s*/\s*((?:\d{4}\s?/\s?)?[A-Z][A-Za-z0-9]*"
    r"(?:\s?-\s?[A-Za-z0-9]+){0,5})"
)
_MOTTO = re.compile(r"C[O0]NG\s?H[O0]A\s+XA\s+H[O0]I\s+CHU\s+NGH[I1]A\s+V[I1]ET\s+NAM", re.I)
_SLOGAN = re.compile(r"D[o0]c\s+l[a4]p\s*-?\s*Tu\s+do\s*-?\s*H[a4]nh\s+ph[u]c", re.I)
_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})", re.I)
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})(?!\d)")
_VV = re.compile(_WORD + r"V\s?/\s?[vVy]" + _END)
_BODY_START = re.compile(
    _WORD + r"(?:Can\s+cu|Thuc\s+hien|Kinh\s+gui|Theo\s+de\s+nghi|Xet\s+de\s+nghi|Hom\s+nay"
    r"|Vao\s+hoi|Dieu\s+1|Tran\s+trong|Phan\s+I|Noi\s+nhan|(?:I|1)\.\s)"
)
_CAPS_RUN = re.compile(_WORD + r"[A-Z]{2,}[,.]?\s+[A-Z]{2,}" + _END)
_TYPE_TITLES = [
    (t, re.compile(_WORD + r"\s+".join(_bare(w).upper() for w in t.name.split()) + _END))
    for t in DOC_TYPES
]


def suggest_fields(text: str, *, known_agencies: Iterable[str] = ()) -> ScanSuggestions:
    """The fields an ND30 document's text gives; `known_agencies` supply their usual spelling.

    Never raises, whatever the text.
    """
    doc = _normalise(text)
    bare = _bare(doc)
    number = _NUMBER.search(bare) or _NUMBER_LOWER.search(bare)
    code_number, code_notation = _code(doc, number)
    header_end = _header_end(bare, number)
    vv = _VV.search(bare, number.end() if number else 0, header_end + _VV_NEAR)
    if vv is not None and number is not None and vv.start() - number.end() > _VV_NEAR:
        vv = None
    doc_type: DocType | None = None
    summary = ""
    if vv is not None:
        doc_type = _type_by_code("cong_van")
        summary = _summary(doc, bare, vv.start(), lines=5, keep_start=True)
    else:
        title = _title(bare, header_end)
        if title is not None:
            doc_type = title[0]
            summary = _summary(doc, bare, title[1], lines=3, keep_start=False)
        else:
            doc_type = _type_from_notation(code_notation)
    agency = _agency(doc, bare, number, known_agencies)
    return ScanSuggestions(
        code_number=code_number,
        code_notation=code_notation,
        document_date=_date(bare),
        issuing_agency=agency,
        doc_type=doc_type.code if doc_type else "",
        summary=summary,
    )


def _normalise(text: str) -> str:
    """NFC, look-alike letters fixed, single spaces, lines kept (blank ones too)."""
    text = unicodedata.normalize("NFC", text[:MAX_INPUT]).translate(_LOOKALIKES)
    lines = re.split(r"\r\n|[\r\n\f\v\x1c-\x1e\x85\u2028\u2029]", text)
    joined = "\n".join(" ".join(line.split()) for line in lines)
    return re.sub(r"\n{3,}", "\n\n", joined)  # one blank line at most: whitespace runs stay short


def _code(doc: str, match: re.Match[str] | None) -> tuple[str, str]:
    if match is None:
        return "", ""
    number = (match.group(1) or "")[:11]
    notation = re.sub(r"\s", "", doc[match.start(2) : match.end(2)])
    if len(notation) > 30 or not any(ch.isalpha() for ch in notation):
        notation = ""
    return number, notation


def _header_end(bare: str, number: re.Match[str] | None) -> int:
    """Where the header blocks end: after the number and the national motto."""
    ends = [m.end() for m in (number, _MOTTO.search(bare), _SLOGAN.search(bare)) if m]
    return max(ends) if ends else 0


def _title(bare: str, start: int) -> tuple[DocType, int] | None:
    """The type name in capitals after the header, and where its trích yếu starts."""
    best: tuple[int, int, DocType] | None = None
    for doc_type, pattern in _TYPE_TITLES:
        found = pattern.search(bare, start, start + 2000)
        if found is not None:
            key = (found.start(), -len(found.group()))
            if best is None or key < best[:2]:
                best = (key[0], key[1], doc_type)
    if best is None:
        return None
    return best[2], best[0] - best[1]


def _type_by_code(code: str) -> DocType:
    return next(t for t in DOC_TYPES if t.code == code)


def _type_from_notation(notation: str) -> DocType | None:
    """ "QĐ-UBND" names a quyết định; a ký hiệu without a type's abbreviation, a công văn."""
    parts = [p for p in notation.split("/")[-1].split("-") if p]
    if not parts:
        return None
    first = parts[0]
    for doc_type in DOC_TYPES:
        if doc_type.abbreviation and doc_type.abbreviation.upper() == first.upper():
            return doc_type
    loose = [
        t for t in DOC_TYPES if t.abbreviation and _bare(t.abbreviation).upper() == _bare(first)
    ]
    if len(loose) == 1:
        return loose[0]
    return _type_by_code("cong_van") if len(parts) >= 2 and not loose else None


def _summary(doc: str, bare: str, start: int, *, lines: int, keep_start: bool) -> str:
    """The trích yếu from `start`: up to a blank line, the body, a line in capitals, the motto."""
    while start < len(doc) and doc[start] in " \n":
        start += 1
    stop = min(len(doc), start + SUMMARY_MAX * 2)
    skip = 4 if keep_start else 1  # "V/v " itself, or a summary starting "Thực hiện …"
    candidates = [doc.find("\n\n", start, stop)]
    for pattern in (_BODY_START, _CAPS_RUN, _MOTTO, _SLOGAN, _DATE):
        found = pattern.search(bare, start + skip, stop)
        if found is not None:
            at = found.start()
            if pattern is _DATE:  # the place before ", ngày" is on the date's line
                line = doc.rfind("\n", start + skip, at)
                at = line if line > 0 else at
            candidates.append(at)
    end = min([c for c in candidates if c > start] or [stop])
    chunk = doc[start:end].split("\n")[:lines]
    words = " ".join(" ".join(chunk).split())
    if len(words) > SUMMARY_MAX:
        words = words[:SUMMARY_MAX].rsplit(" ", 1)[0]
    words = words.strip(" .;:,-")
    if keep_start:
        words = re.sub(r"^[Vv]\s?/\s?[vVy]\s*", "V/v ", words)
        if fold(words) in {"v/v", ""}:
            return ""
    return words


def _date(bare: str) -> dt.date | None:
    """The first real date written "ngày 05 tháng 3 năm 2026", else as 05/03/2026."""
    for pattern, limit in ((_DATE, len(bare)), (_NUMERIC_DATE, 3000)):
        for found in pattern.finditer(bare, 0, limit):
            day, month, year = (int(g) for g in found.groups())
            if 1945 <= year <= 2100:
                try:
                    return dt.date(year, month, day)
                except ValueError:
                    continue
    return None


# -- the issuing body
# Words that begin the name of a body; the longest match wins. Matched on the capitals as
# written, diacritics included ("SỞ" is a body, "SỐ" is not).
_HEADS = {
    "ỦY BAN NHÂN DÂN": "UBND",
    "UỶ BAN NHÂN DÂN": "UBND",
    "UBND": "UBND",
    "HỘI ĐỒNG NHÂN DÂN": "HĐND",
    "HĐND": "HĐND",
    "ỦY BAN": "Ủy ban",
    "SỞ": "Sở",
    "BỘ": "Bộ",
    "BỘ CHỈ HUY": "Bộ Chỉ huy",
    "BAN CHỈ HUY": "Ban Chỉ huy",
    "TỔNG CỤC": "Tổng cục",
    "CỤC": "Cục",
    "CHI CỤC": "Chi cục",
    "PHÒNG": "Phòng",
    "VĂN PHÒNG": "Văn phòng",
    "BAN": "Ban",
    "BAN QUẢN LÝ": "Ban Quản lý",
    "CÔNG AN": "Công an",
    "BẢO HIỂM XÃ HỘI": "Bảo hiểm xã hội",
    "KHO BẠC NHÀ NƯỚC": "Kho bạc Nhà nước",
    "THUẾ": "Thuế",
    "CHI NHÁNH": "Chi nhánh",
    "TRUNG TÂM": "Trung tâm",
    "BỆNH VIỆN": "Bệnh viện",
    "TRẠM Y TẾ": "Trạm Y tế",
    "TÒA ÁN NHÂN DÂN": "Tòa án nhân dân",
    "VIỆN KIỂM SÁT NHÂN DÂN": "Viện kiểm sát nhân dân",
    "VIỆN": "Viện",
    "TRƯỜNG MẦM NON": "Trường Mầm non",
    "TRƯỜNG TIỂU HỌC": "Trường Tiểu học",
    "TRƯỜNG THCS": "Trường THCS",
    "TRƯỜNG THPT": "Trường THPT",
    "TRƯỜNG TRUNG HỌC CƠ SỞ": "Trường Trung học cơ sở",
    "TRƯỜNG ĐẠI HỌC": "Trường Đại học",
    "ĐẢNG ỦY": "Đảng ủy",
    "ĐẢNG BỘ": "Đảng bộ",
    "THÀNH ỦY": "Thành ủy",
    "TỈNH ỦY": "Tỉnh ủy",
    "QUẬN ỦY": "Quận ủy",
    "HUYỆN ỦY": "Huyện ủy",
    "HỘI LIÊN HIỆP PHỤ NỮ": "Hội Liên hiệp Phụ nữ",
    "HỘI CỰU CHIẾN BINH": "Hội Cựu chiến binh",
    "HỘI NÔNG DÂN": "Hội Nông dân",
    "HỘI CHỮ THẬP ĐỎ": "Hội Chữ thập đỏ",
    "ĐOÀN THANH NIÊN": "Đoàn Thanh niên",
    "LIÊN ĐOÀN LAO ĐỘNG": "Liên đoàn Lao động",
    "CÔNG TY": "Công ty",
    "TỔNG CÔNG TY": "Tổng công ty",
}
_PLACES = {
    "THÀNH PHỐ": "thành phố",
    "TỈNH": "tỉnh",
    "QUẬN": "quận",
    "HUYỆN": "huyện",
    "PHƯỜNG": "phường",
    "XÃ": "xã",
    "THỊ XÃ": "thị xã",
    "THỊ TRẤN": "thị trấn",
    "ĐẶC KHU": "đặc khu",
    "TP.": "TP.",
    "TP": "TP.",
}
_PROPER = {
    "VIỆT NAM": "Việt Nam",
    "MẶT TRẬN TỔ QUỐC": "Mặt trận Tổ quốc",
    "NHÀ NƯỚC": "Nhà nước",
    "XÃ HỘI": "xã hội",
}
_CONNECTORS = {"VÀ", "-", "&"}
_KEEP_CAPS = {"UBND", "HĐND", "MTTQ", "THCS", "THPT", "TNHH", "BHXH", "KBNN", "CAND", "QĐND"}
_VOWELS = set("AĂÂEÊIOÔƠUƯY")


def _phrase(tokens: list[str], at: int, table: dict[str, str]) -> tuple[int, str] | None:
    """The longest entry of `table` starting at `at` (number of tokens, its spelling)."""
    for size in (5, 4, 3, 2, 1):
        key = " ".join(tokens[at : at + size])
        if len(tokens) - at >= size and key in table:
            return size, table[key]
    return None


def _header_tokens(doc: str, bare: str, number: re.Match[str] | None) -> list[str]:
    """The words in capitals before "Số:" (motto and date taken out)."""
    if number is not None:
        end = number.start()
    else:
        anchors = [m.start() for m in (_MOTTO.search(bare), _VV.search(bare)) if m]
        end = min(anchors) if anchors else min(len(doc), 200)
    start = max(0, end - _HEADER_WINDOW)
    zone = list(doc[start:end])
    for pattern in (_MOTTO, _SLOGAN, _DATE):
        for found in pattern.finditer(bare, start, end):
            zone[found.start() - start : found.end() - start] = " " * (found.end() - found.start())
    tokens: list[str] = []
    for raw in "".join(zone).split():
        word = raw.strip(",;:'\"`_|()[]")
        if word.isdigit() and tokens and tokens[-1] in _PLACES:
            tokens.append(word)  # QUẬN 1, PHƯỜNG 12
        elif any(ch.isalpha() for ch in word) and word == word.upper() and len(word) < 30:
            tokens.append(word)
    return tokens[-24:]


def _units(tokens: list[str]) -> list[list[str]]:
    """The bodies named in the header, parent first: a new one begins at a head word once the
    current one has a name ("CỤC THUẾ" / "THUẾ THÀNH PHỐ HÀ NỘI")."""
    units: list[list[str]] = []
    current: list[str] = []
    named = False  # the current unit has a word beyond its head
    i = 0
    while i < len(tokens):
        head = _phrase(tokens, i, _HEADS)
        size = head[0] if head else 1
        if head and named and current and current[-1] not in _CONNECTORS:
            units.append(current)
            current, named = [], False
        elif current:
            named = True
        current.extend(tokens[i : i + size])
        i += size
    if current:
        units.append(current)
    return units


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _spell(tokens: list[str]) -> str:
    """ "SỞ NỘI VỤ THÀNH PHỐ HÀ NỘI" as "Sở Nội vụ thành phố Hà Nội"."""
    out: list[str] = []
    mode = "capital"  # the next word: "capital" (a name starts), "lower", or "proper"
    i = 0
    while i < len(tokens):
        token = tokens[i]
        head = _phrase(tokens, i, _HEADS) if i == 0 else None
        place = _phrase(tokens, i, _PLACES)
        proper = _phrase(tokens, i, _PROPER)
        if head:
            out.append(head[1])
            i += head[0]
            mode = "capital"
            continue
        if proper:
            out.append(proper[1])
            i += proper[0]
            mode = "proper" if mode == "proper" else "lower"
            continue
        if place:
            out.append(place[1])
            i += place[0]
            mode = "proper"
            continue
        if token in _CONNECTORS:
            out.append(token.lower())
            mode = "proper" if mode == "proper" else "capital"
        elif token in _KEEP_CAPS or not (_VOWELS & set(_bare(token))) or token.isdigit():
            out.append(token)
            if mode == "capital":
                mode = "lower"
        elif mode in ("capital", "proper"):
            out.append(_capitalised(token))
            if mode == "capital":
                mode = "lower"
        else:
            out.append(token.lower())
        i += 1
    return " ".join(out)


def _agency_key(name: str) -> str:
    return fold(name).replace("uy ban nhan dan", "ubnd").replace("hoi dong nhan dan", "hdnd")


def _agency(doc: str, bare: str, number: re.Match[str] | None, known: Iterable[str]) -> str:
    units = _units(_header_tokens(doc, bare, number))
    if not units:
        return ""
    tokens = units[-1]
    if len(tokens) == 1 and tokens[0] not in _HEADS and tokens[0] not in _KEEP_CAPS:
        return ""  # a stray word in capitals, not a body's name
    spelled = _spell(tokens)[:200]
    key = _agency_key(spelled)
    for name in known:
        if _agency_key(name) == key:
            return name
    return spelled
