"""The 29 document types of ND30 Điều 7, their Phụ lục III abbreviations and the ký hiệu."""

from __future__ import annotations

import re
import unicodedata

import pytest

from app.documents.doc_types import DOC_TYPES, TemplateKind, doc_type, notation

# Điều 7 order; abbreviations from Phụ lục III mục I ("" for công văn and thư công).
EXPECTED = [
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công văn", ""),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
    ("Thư công", ""),
]
# vn-standards §1.b: the ký hiệu after "Số: NN/".
CODE_RE = re.compile(r"^\d{2,}/[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ0-9][A-Za-zĐđ0-9]*)+$")


def test_all_29_types_in_dieu_7_order_with_phu_luc_iii_abbreviations() -> None:
    assert [(dt.name, dt.abbreviation) for dt in DOC_TYPES] == EXPECTED


def test_codes_are_unique_ascii_identifiers() -> None:
    codes = [dt.code for dt in DOC_TYPES]
    assert len(set(codes)) == 29
    assert all(re.fullmatch(r"[a-z_]+", code) for code in codes)
    assert doc_type("quyet_dinh").name == "Quyết định"


def test_cong_van_and_thu_cong_have_no_abbreviation_never_cv() -> None:
    assert doc_type("Công văn").abbreviation == ""
    assert doc_type("Thư công").abbreviation == ""
    assert all(dt.abbreviation != "CV" for dt in DOC_TYPES)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("cong_van", TemplateKind.CONG_VAN),
        ("quyet_dinh", TemplateKind.QUYET_DINH),
        ("nghi_quyet", TemplateKind.QUYET_DINH),
        ("to_trinh", TemplateKind.NAMED),
        ("bao_cao", TemplateKind.NAMED),
        ("ke_hoach", TemplateKind.NAMED),
        ("thong_bao", TemplateKind.NAMED),
        ("giay_moi", TemplateKind.GIAY_MOI),
    ],
)
def test_template_kinds(code: str, kind: TemplateKind) -> None:
    assert doc_type(code).template is kind


@pytest.mark.parametrize(
    "spelling",
    [
        "Giấy ủy quyền",
        "GIẤY ỦY QUYỀN",
        "  giấy   ủy quyền ",
        unicodedata.normalize("NFD", "Giấy ủy quyền"),
        "Giấy uỷ quyền",  # old-style tone placement, as Phụ lục III prints it
        "giay_uy_quyen",
        "GIAY_UY_QUYEN",
    ],
)
def test_lookup_by_name_or_code_ignores_case_normalisation_and_tone_placement(
    spelling: str,
) -> None:
    assert doc_type(spelling).abbreviation == "GUQ"


def test_lookup_of_old_style_thoa_thuan() -> None:
    assert doc_type("Bản thoả thuận").code == "ban_thoa_thuan"


@pytest.mark.parametrize("unknown", ["Công văn đến", "CV", "", "quyet dinh"])
def test_unknown_type_raises_key_error(unknown: str) -> None:
    with pytest.raises(KeyError):
        doc_type(unknown)


@pytest.mark.parametrize(
    ("type_name", "unit", "expected"),
    [
        ("Quyết định", "", "QĐ-UBND"),
        ("Quyết định", "VP", "QĐ-UBND"),  # the unit is only for công văn
        ("Quy định", "", "QyĐ-UBND"),
        ("Tờ trình", "", "TTr-UBND"),
        ("Chương trình", "", "CTr-UBND"),
        ("Công văn", "VP", "UBND-VP"),
        ("Công văn", "", "UBND"),
        ("Công văn", " ĐC ", "UBND-ĐC"),
        ("Thư công", "VP", "UBND-VP"),
    ],
)
def test_notation(type_name: str, unit: str, expected: str) -> None:
    assert notation(doc_type(type_name), "UBND", unit) == expected


def test_every_notation_fits_the_nd30_code_pattern() -> None:
    for dt in DOC_TYPES:
        assert CODE_RE.match(f"07/{notation(dt, 'UBND', 'VP')}"), dt.name
