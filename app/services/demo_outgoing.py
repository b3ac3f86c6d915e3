"""The demo ward's outgoing side: demo keys and images, and documents in every state.

A newcomer can sign on the first day: each leader and the ward have a demo .p12 key (password
`demo1234`, like the demo accounts) issued by a demo CA that the space trusts, and the signature
and seal images are set. The documents to sign are laid out like the template's PDF.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.journal.reducers.settings import ORG_OWNER
from app.models.enums import AssigneeKind, Urgency
from app.services.directory import OrganisationInfo
from app.services.incoming_dto import HandlerRef
from app.services.outgoing_dto import DraftForm, IssueForm
from app.services.signing import SignerConfig
from app.services.space import Space
from app.signing.demo_pki import write_demo_files

KEYS_FOLDER = "demo-keys"
LEADERS = ("chutich", "pct.lan", "pct.tuan")
_BLANK = "\u00a0" * 8  # the printed gaps the number and the date are written into

# type code, summary, drafter, signer, authority, position, target state, unit to deliver to
DOCUMENTS = [
    (
        "cong_van",
        "V/v rà soát hộ kinh doanh trên địa bàn",
        "kt.mai",
        "pct.lan",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "draft",
        None,
    ),
    (
        "bao_cao",
        "Kết quả công tác cải cách hành chính năm 2026",
        "vp.ha",
        "chutich",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "content_review",
        None,
    ),
    (
        "to_trinh",
        "Đề nghị phê duyệt dự toán sửa chữa nhà văn hóa tổ dân phố 5",
        "vh.son",
        "pct.tuan",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "form_review",
        None,
    ),
    (
        "thong_bao",
        "Lịch tiếp công dân tháng 12 năm 2026",
        "vp.ha",
        "chutich",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "awaiting_approval",
        None,
    ),
    (
        "ke_hoach",
        "Tổ chức Tết Nguyên đán Bính Ngọ an toàn, tiết kiệm",
        "vh.son",
        "pct.tuan",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "returned",
        None,
    ),
    (
        "giay_moi",
        "Dự hội nghị triển khai nhiệm vụ năm 2027",
        "vp.ha",
        "chutich",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "approved",
        None,
    ),
    (
        "quyet_dinh",
        "Về việc thành lập Tổ kiểm tra trật tự xây dựng",
        "dc.duc",
        "chutich",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "ready_to_sign",
        None,
    ),
    (
        "cong_van",
        "V/v tăng cường phòng cháy, chữa cháy mùa hanh khô",
        "vp.ha",
        "pct.lan",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "signed",
        None,
    ),
    (
        "ke_hoach",
        "Tuyên truyền phổ biến giáo dục pháp luật năm 2027",
        "tp.linh",
        "pct.lan",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "issued",
        "tp",
    ),
    (
        "quyet_dinh",
        "Về việc giao chỉ tiêu thu ngân sách năm 2027",
        "kt.mai",
        "chutich",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "issued",
        "kt",
    ),
]
_ORDER = [
    "draft",
    "content_review",
    "form_review",
    "awaiting_approval",
    "approved",
    "ready_to_sign",
    "signed",
    "issued",
]
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
    "Thực hiện chỉ đạo của Ủy ban nhân dân Thành phố, Ủy ban nhân dân phường triển khai "
    "các nội dung sau:",
    "1. Các bộ phận chuyên môn rà soát, tổng hợp và báo cáo kết quả đúng thời hạn.",
    "2. Văn phòng - Thống kê theo dõi, đôn đốc việc thực hiện./.",
)


def final_pdf(
    org: OrganisationInfo,
    type_name: str,
    notation: str,
    summary: str,
    authority: str,
    position: str,
    signer: str,
    year: int,
) -> bytes:
    """A document to sign as the template lays it out: blank số and date, the signature block."""
    return render_pdf(
        DemoDocument(
            issuing_parent=org.parent_name,
            issuing_agency=org.name,
            code=f"{_BLANK}/{notation}",
            place=org.place_name,
            date=dt.date(year, 1, 1),
            type_name=type_name,
            summary=summary,
            body=BODY,
            signer_position=f"{authority}\n{position}" if authority else position,
            signer_name=signer,
            recipients=["Như trên;", "Lưu: VT."],
            date_line=f"{org.place_name}, ngày {_BLANK} tháng {_BLANK} năm {year}",
        )
    )


def set_up_keys(space: Space, act: Callable[[str], Space], logins: dict[str, str]) -> None:
    """Demo keys on this PC for the leaders and the ward, their images, the CA trusted."""
    from app.services.demo import DEMO_PASSWORD, ORG

    keys = write_demo_files(
        space.root / KEYS_FOLDER,
        password=DEMO_PASSWORD,
        organisation=ORG.name,
        place=ORG.place_name,
        people=[(login, logins[login]) for login in LEADERS],
        valid_from=dt.datetime.now(dt.UTC) - dt.timedelta(days=400),
    )
    for login in LEADERS:
        sp = act(login)
        user = sp.auth.user
        sp.signing.set_signer_config(user.id, SignerConfig("pkcs12", str(keys.pkcs12[login])))
        sp.signing.set_signature_image(keys.signature_images[login].read_bytes())
    clerk = act("vanthu")
    clerk.signing.set_signer_config(ORG_OWNER, SignerConfig("pkcs12", str(keys.pkcs12["coquan"])))
    clerk.signing.set_seal_image(keys.seal_image.read_bytes(), 35.0)
    act("quantri").signing.import_trust_roots([keys.ca_certificate])


def add_outgoing(
    space: Space, act: Callable[[str], Space], users: dict[str, str], units: dict[str, str]
) -> None:
    """The outgoing documents of `DOCUMENTS`, each taken to its state through the services.

    `users` maps logins to user ids, `units` unit keys to unit ids.
    """
    from app.services.demo import DEMO_PASSWORD, ORG

    with tempfile.TemporaryDirectory() as tmp:
        for kind, summary, drafter, signer, authority, position, target, unit in DOCUMENTS:
            form = DraftForm(
                doc_type=kind,
                summary=summary,
                signer_id=users[signer],
                signer_authority=authority,
                signer_position=position,
                recipients_text="- Như trên;\n- Các bộ phận chuyên môn;",
                urgency=Urgency.URGENT if kind == "cong_van" else Urgency.NORMAL,
            )
            doc_id = act(drafter).outgoing.new_draft(form)
            if target == "draft":
                continue
            act(drafter).outgoing.submit(
                doc_id, users["vp.ha"] if drafter != "vp.ha" else users["chutich"]
            )
            reviewer = "vp.ha" if drafter != "vp.ha" else "chutich"
            if target == "content_review":
                continue
            if target == "returned":
                act(reviewer).outgoing.return_draft(
                    doc_id, "Đề nghị bổ sung dự toán kinh phí và phân công cụ thể."
                )
                continue
            act(reviewer).outgoing.approve_content(doc_id, "Nội dung phù hợp.")
            if target == "form_review":
                continue
            act("vanthu").outgoing.approve_form(doc_id)
            if target == "awaiting_approval":
                continue
            act(signer).outgoing.approve(doc_id)
            if _ORDER.index(target) < _ORDER.index("ready_to_sign"):
                continue
            detail = space.outgoing.detail(doc_id)
            path = Path(tmp) / f"{doc_id}.pdf"
            path.write_bytes(
                final_pdf(
                    ORG,
                    detail.row.doc_type,
                    detail.row.code.partition("/")[2],
                    summary,
                    authority,
                    position,
                    act(signer).auth.user.full_name,
                    space.clock.now().year,
                )
            )
            act(drafter).outgoing.prepare_final(doc_id, path)
            if target == "ready_to_sign":
                continue
            act(signer).outgoing.sign(doc_id, DEMO_PASSWORD)
            if target == "signed":
                continue
            recipients = (HandlerRef(AssigneeKind.UNIT, units[unit]),) if unit else ()
            act("vanthu").outgoing.issue(doc_id, DEMO_PASSWORD, IssueForm(recipients, copies=3))
