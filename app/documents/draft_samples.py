"""Model bodies a new draft starts from, one per template kind (and for the common named types).

They follow the Phụ lục III models: a quyết định opens with the issuing authority and its "Căn
cứ" lines, then "QUYẾT ĐỊNH:" and its articles; a giấy mời names who is invited, the time and
the place. The drafter replaces the specifics; "…" marks what must be filled in.
"""

from __future__ import annotations

from app.documents.doc_types import DocType, TemplateKind
from app.i18n import tr

_DEFAULT_ISSUER = "Ủy ban nhân dân phường"


def sample_body(dt: DocType, *, org_name: str = "") -> tuple[str, ...]:
    """A short, realistic body for a new draft of type `dt`.

    `org_name` is the issuing body in normal case ("Ủy ban nhân dân phường Gia Thụy"); it is
    used in the sentences and, upper case, as a quyết định's authority line (omitted without it).
    """
    issuer = " ".join(org_name.split()) or tr(_DEFAULT_ISSUER)
    if dt.template is TemplateKind.CONG_VAN:
        return _cong_van(issuer)
    if dt.template is TemplateKind.QUYET_DINH:
        return _quyet_dinh(dt, org_name.strip())
    if dt.template is TemplateKind.GIAY_MOI:
        return _giay_moi(issuer)
    named = {
        "to_trinh": _to_trinh,
        "bao_cao": _bao_cao,
        "ke_hoach": _ke_hoach,
        "thong_bao": _thong_bao,
    }.get(dt.code)
    return named(issuer) if named is not None else _named(dt, issuer)


def _cong_van(issuer: str) -> tuple[str, ...]:
    return (
        tr(
            "Thực hiện chỉ đạo của Ủy ban nhân dân Thành phố về tăng cường công tác phòng cháy, "
            "chữa cháy trong mùa hanh khô, {issuer} đề nghị các bộ phận chuyên môn, Trưởng các "
            "tổ dân phố thực hiện tốt một số nội dung sau:"
        ).format(issuer=issuer),
        tr(
            "1. Rà soát, kiểm tra các cơ sở, hộ gia đình có nguy cơ cháy, nổ cao trên địa bàn; "
            "kịp thời hướng dẫn khắc phục các tồn tại, thiếu sót."
        ),
        tr(
            "2. Tăng cường tuyên truyền, phổ biến kiến thức phòng cháy, chữa cháy và cứu nạn, "
            "cứu hộ đến từng hộ gia đình."
        ),
        tr(
            "3. Định kỳ hằng tháng báo cáo kết quả thực hiện về Ủy ban nhân dân phường "
            "(qua Văn phòng)."
        ),
        tr("{issuer} đề nghị các đơn vị quan tâm, phối hợp thực hiện./.").format(issuer=issuer),
    )


def _quyet_dinh(dt: DocType, org_name: str) -> tuple[str, ...]:
    this = tr("{name} này").format(name=dt.name)
    authority = (org_name.upper(),) if org_name else ()
    decides = tr("QUYẾT NGHỊ:") if dt.code == "nghi_quyet" else tr("QUYẾT ĐỊNH:")
    return (
        *authority,
        tr("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"),
        tr("Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;"),
        tr(
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công "
            "tác văn thư;"
        ),
        tr("Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường."),
        decides,
        tr(
            "Điều 1. Ban hành kèm theo {this} Quy chế công tác văn thư, lưu trữ của Ủy ban nhân "
            "dân phường."
        ).format(this=this),
        tr("Điều 2. {this} có hiệu lực kể từ ngày ký.").format(this=this.capitalize()),
        tr(
            "Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường, các bộ phận "
            "chuyên môn và cá nhân có liên quan chịu trách nhiệm thi hành {this}./."
        ).format(this=this),
    )


def _giay_moi(issuer: str) -> tuple[str, ...]:
    return (
        tr(
            "{issuer} trân trọng kính mời: Đại diện lãnh đạo các đơn vị, Bí thư chi bộ, Trưởng "
            "các tổ dân phố trên địa bàn phường."
        ).format(issuer=issuer),
        tr("Tới dự Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm."),
        tr("Chủ trì: Đồng chí Chủ tịch Ủy ban nhân dân phường."),
        tr("Thời gian: 08 giờ 00, ngày … tháng … năm …"),
        tr("Địa điểm: Hội trường Ủy ban nhân dân phường."),
        tr("Rất mong các đồng chí tham dự đúng thời gian./."),
    )


def _to_trinh(issuer: str) -> tuple[str, ...]:
    return (
        tr("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"),
        tr("Căn cứ tình hình thực tế tại địa phương,"),
        tr("{issuer} kính trình xem xét, phê duyệt nội dung sau:").format(issuer=issuer),
        tr("1. Sự cần thiết: …"),
        tr("2. Nội dung đề nghị: …"),
        tr("3. Kinh phí thực hiện: …"),
        tr("{issuer} kính trình xem xét, quyết định./.").format(issuer=issuer),
    )


def _bao_cao(issuer: str) -> tuple[str, ...]:
    return (
        tr("Thực hiện chỉ đạo của cấp trên, {issuer} báo cáo kết quả thực hiện như sau:").format(
            issuer=issuer
        ),
        tr("I. KẾT QUẢ THỰC HIỆN"),
        tr("1. Công tác chỉ đạo, điều hành: …"),
        tr("2. Kết quả cụ thể: …"),
        tr("II. KHÓ KHĂN, VƯỚNG MẮC"),
        tr("…"),
        tr("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
        tr("…"),
        tr("Trên đây là báo cáo của {issuer}./.").format(issuer=issuer),
    )


def _ke_hoach(issuer: str) -> tuple[str, ...]:
    return (
        tr("I. MỤC ĐÍCH, YÊU CẦU"),
        tr("1. Mục đích: …"),
        tr("2. Yêu cầu: …"),
        tr("II. NỘI DUNG, THỜI GIAN THỰC HIỆN"),
        tr("1. Nội dung: …"),
        tr("2. Thời gian: …"),
        tr("III. TỔ CHỨC THỰC HIỆN"),
        tr(
            "Các bộ phận chuyên môn, Trưởng các tổ dân phố căn cứ Kế hoạch này triển khai thực "
            "hiện. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, báo cáo về {issuer} "
            "(qua Văn phòng) để được hướng dẫn./."
        ).format(issuer=issuer),
    )


def _thong_bao(issuer: str) -> tuple[str, ...]:
    return (
        tr("{issuer} thông báo lịch tiếp công dân định kỳ như sau:").format(issuer=issuer),
        tr("1. Thời gian: …"),
        tr("2. Địa điểm: Trụ sở tiếp công dân của phường."),
        tr("3. Người tiếp: Chủ tịch hoặc Phó Chủ tịch Ủy ban nhân dân phường."),
        tr("{issuer} thông báo để các cơ quan, đơn vị và Nhân dân biết, thực hiện./.").format(
            issuer=issuer
        ),
    )


def _named(dt: DocType, issuer: str) -> tuple[str, ...]:
    return (
        tr("Thực hiện nhiệm vụ được giao, {issuer} ban hành {kind} với các nội dung sau:").format(
            issuer=issuer, kind=dt.name.lower()
        ),
        tr("1. …"),
        tr("2. …"),
        tr("3. Tổ chức thực hiện: …"),
        tr("Trên đây là {kind} của {issuer}./.").format(issuer=issuer, kind=dt.name.lower()),
    )
