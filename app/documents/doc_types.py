"""The 29 administrative document types of ND30 Điều 7, with their Phụ lục III abbreviations.

Công văn and Thư công have no abbreviation (never "CV"): their ký hiệu is the agency's
abbreviation then the drafting unit's ("UBND-VP"). Every other type puts its own abbreviation
first ("QĐ-UBND"). Each type also names the Phụ lục III template a new draft is laid out with;
the types without a template of their own here (công điện, biên bản, giấy giới thiệu, hợp
đồng …) use the "văn bản có tên loại" one (mẫu 1.4).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class TemplateKind(enum.StrEnum):
    """Which Phụ lục III model a draft follows."""

    CONG_VAN = "cong_van"  # mẫu 1.5: "V/v …" under the số, "Kính gửi:"
    QUYET_DINH = "quyet_dinh"  # mẫu 1.1-1.3: "Căn cứ …", "QUYẾT ĐỊNH:", Điều 1., Điều 2.
    NAMED = "named"  # mẫu 1.4: TYPE NAME + trích yếu, both bold and centred
    GIAY_MOI = "giay_moi"  # mẫu 1.7: GIẤY MỜI, "… trân trọng kính mời: …", thời gian, địa điểm


@dataclass(frozen=True)
class DocType:
    """One document type: a stable ASCII `code`, the Vietnamese `name`, its abbreviation."""

    code: str
    name: str
    abbreviation: str
    template: TemplateKind


_K = TemplateKind
DOC_TYPES: tuple[DocType, ...] = (
    DocType("nghi_quyet", "Nghị quyết", "NQ", _K.QUYET_DINH),
    DocType("quyet_dinh", "Quyết định", "QĐ", _K.QUYET_DINH),
    DocType("chi_thi", "Chỉ thị", "CT", _K.NAMED),
    DocType("quy_che", "Quy chế", "QC", _K.NAMED),
    DocType("quy_dinh", "Quy định", "QyĐ", _K.NAMED),
    DocType("thong_cao", "Thông cáo", "TC", _K.NAMED),
    DocType("thong_bao", "Thông báo", "TB", _K.NAMED),
    DocType("huong_dan", "Hướng dẫn", "HD", _K.NAMED),
    DocType("chuong_trinh", "Chương trình", "CTr", _K.NAMED),
    DocType("ke_hoach", "Kế hoạch", "KH", _K.NAMED),
    DocType("phuong_an", "Phương án", "PA", _K.NAMED),
    DocType("de_an", "Đề án", "ĐA", _K.NAMED),
    DocType("du_an", "Dự án", "DA", _K.NAMED),
    DocType("bao_cao", "Báo cáo", "BC", _K.NAMED),
    DocType("bien_ban", "Biên bản", "BB", _K.NAMED),
    DocType("to_trinh", "Tờ trình", "TTr", _K.NAMED),
    DocType("hop_dong", "Hợp đồng", "HĐ", _K.NAMED),
    DocType("cong_van", "Công văn", "", _K.CONG_VAN),
    DocType("cong_dien", "Công điện", "CĐ", _K.NAMED),
    DocType("ban_ghi_nho", "Bản ghi nhớ", "BGN", _K.NAMED),
    DocType("ban_thoa_thuan", "Bản thỏa thuận", "BTT", _K.NAMED),
    DocType("giay_uy_quyen", "Giấy ủy quyền", "GUQ", _K.NAMED),
    DocType("giay_moi", "Giấy mời", "GM", _K.GIAY_MOI),
    DocType("giay_gioi_thieu", "Giấy giới thiệu", "GGT", _K.NAMED),
    DocType("giay_nghi_phep", "Giấy nghỉ phép", "GNP", _K.NAMED),
    DocType("phieu_gui", "Phiếu gửi", "PG", _K.NAMED),
    DocType("phieu_chuyen", "Phiếu chuyển", "PC", _K.NAMED),
    DocType("phieu_bao", "Phiếu báo", "PB", _K.NAMED),
    DocType("thu_cong", "Thư công", "", _K.NAMED),
)

# Old-style tone placement ("uỷ", "thoả") and the new style ND30 uses ("ủy", "thỏa").
_OLD_TONES = {
    f"{vowel}{old}": f"{new}{glide}"
    for vowel, glide, pairs in (
        ("o", "a", zip("àáảãạ", "òóỏõọ", strict=True)),
        ("o", "e", zip("èéẻẽẹ", "òóỏõọ", strict=True)),
        ("u", "y", zip("ỳýỷỹỵ", "ùúủũụ", strict=True)),
    )
    for old, new in pairs
}
_OLD_TONE_RE = re.compile("|".join(_OLD_TONES))


def _key(text: str) -> str:
    """NFC, case-folded, one space between words, tone marks placed the ND30 way."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(0)], folded)


_BY_KEY: dict[str, DocType] = {
    key: dt for dt in DOC_TYPES for key in (_key(dt.code), _key(dt.name))
}


def doc_type(name_or_code: str) -> DocType:
    """The type with this code ("quyet_dinh") or name ("quyết định"); KeyError if there is none."""
    try:
        return _BY_KEY[_key(name_or_code)]
    except KeyError:
        raise KeyError(name_or_code) from None


def notation(dt: DocType, org_abbreviation: str, unit_abbreviation: str = "") -> str:
    """The ký hiệu (Phụ lục I II.3.b): "QĐ-UBND"; for a công văn "UBND-VP", or "UBND"."""
    org = org_abbreviation.strip()
    if dt.abbreviation:
        return f"{dt.abbreviation}-{org}"
    unit = unit_abbreviation.strip()
    return f"{org}-{unit}" if unit else org
