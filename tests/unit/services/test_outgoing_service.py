"""The outgoing flow through the services: draft, reviews, approval, ký số, number, seal, issue.

Signatures are checked with pyHanko (through the validation service) and with poppler's pdfsig.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.errors import Conflict, PermissionDenied, UserError, ValidationError
from app.journal.reducers.settings import ORG_OWNER
from app.models.enums import AssigneeKind, IncomingState, OutgoingState, Role
from app.services.auth import CurrentUser
from app.services.demo_outgoing import final_pdf
from app.services.directory import UserInfo
from app.services.incoming_dto import Box, HandlerRef, IncomingFilter
from app.services.outgoing_dto import Action, DraftForm, IssueForm, OutgoingBox
from app.services.signing import SignerConfig, SigningSettings
from app.services.space import Space
from app.signing.demo_pki import DemoKeyFiles, write_demo_files
from app.signing.errors import KeyFileError
from app.timeutil import FixedClock
from tests.conftest import MemoryKeyring, Ward, make_ward

P12_PASSWORD = "mật-khẩu-ký"


@pytest.fixture
def keys(tmp_path_factory: pytest.TempPathFactory) -> DemoKeyFiles:
    """Demo keys for the leader and the ward (a demo CA)."""
    return write_demo_files(
        tmp_path_factory.mktemp("keys"),
        password=P12_PASSWORD,
        organisation="UBND phường Gia Thụy",
        place="Gia Thụy",
        people=[("chutich", "Trần Văn Nam")],
    )


@pytest.fixture
def signing_ward(
    tmp_path: Path, real_clock: FixedClock, memory_keyring: MemoryKeyring, keys: DemoKeyFiles
) -> Iterator[Ward]:
    """A ward whose leader and clerk have keys and images on this PC; the CA is trusted."""
    w = make_ward(tmp_path / "space", real_clock, memory_keyring)
    act = actor(w.space)
    sp = act("chutich")
    sp.signing.set_signer_config(w.leader, SignerConfig("pkcs12", str(keys.pkcs12["chutich"])))
    sp.signing.set_signature_image(keys.signature_images["chutich"].read_bytes())
    sp = act("vanthu")
    sp.signing.set_signer_config(ORG_OWNER, SignerConfig("pkcs12", str(keys.pkcs12["coquan"])))
    sp.signing.set_seal_image(keys.seal_image.read_bytes(), 35.0)
    act("admin").signing.import_trust_roots([keys.ca_certificate])
    yield w
    w.space.close()


def actor(space: Space) -> Callable[[str], Space]:
    """Act as a user without the cost of a password check."""

    def act(login: str) -> Space:
        info = next(u for u in space.directory.users() if u.login == login)
        space.auth.set(
            CurrentUser(
                info.id, info.login, info.full_name, info.position, info.unit_id, info.roles
            )
        )
        return space

    return act


def form(w: Ward, **overrides: object) -> DraftForm:
    values: dict[str, object] = {
        "doc_type": "quyet_dinh",
        "summary": "Về việc thành lập Tổ kiểm tra trật tự xây dựng",
        "signer_id": w.leader,
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_position": "CHỦ TỊCH",
        "recipients_text": "- Như Điều 3;\n- UBND Thành phố;",
        "drafting_unit_id": w.unit_vp,
    }
    values.update(overrides)
    return DraftForm(**values)  # type: ignore[arg-type]


def to_approved(w: Ward, doc_form: DraftForm | None = None) -> str:
    act = actor(w.space)
    doc_id = act("canbo").outgoing.new_draft(doc_form or form(w))
    act("canbo").outgoing.submit(doc_id, w.official2)
    act("canbo2").outgoing.approve_content(doc_id, "Đồng ý nội dung.")
    act("vanthu").outgoing.approve_form(doc_id)
    act("chutich").outgoing.approve(doc_id)
    return doc_id


def ready_pdf(space: Space, notation: str) -> bytes:
    """The file to sign as the template lays it out, for the ward's chairman."""
    return final_pdf(
        space.directory.organisation(),
        "Quyết định",
        notation,
        "Về việc thành lập Tổ kiểm tra",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trần Văn Nam",
        2026,
    )


def to_ready(w: Ward, tmp_path: Path, doc_form: DraftForm | None = None) -> str:
    """An approved document whose PDF to sign is prepared."""
    doc_id = to_approved(w, doc_form)
    notation = w.space.outgoing.detail(doc_id).row.code.partition("/")[2]
    pdf = tmp_path / f"{doc_id}.pdf"
    pdf.write_bytes(ready_pdf(w.space, notation))
    actor(w.space)("vanthu").outgoing.prepare_final(doc_id, pdf)
    return doc_id


def to_signed(w: Ward, tmp_path: Path, doc_form: DraftForm | None = None) -> str:
    doc_id = to_ready(w, tmp_path, doc_form)
    actor(w.space)("chutich").outgoing.sign(doc_id, P12_PASSWORD)
    return doc_id


def test_draft_from_template_goes_through_both_reviews_and_approval(ward: Ward) -> None:
    act = actor(ward.space)
    doc_id = act("canbo").outgoing.new_draft(form(ward))
    detail = ward.space.outgoing.detail(doc_id)
    assert detail.row.state == OutgoingState.DRAFT
    assert detail.row.code == "…/QĐ-UBND"
    assert [f.file_name for f in detail.files] == ["Quyết định - dự thảo.docx"]
    assert {Action.EDIT, Action.SUBMIT} <= detail.actions

    with pytest.raises(Conflict):
        act("canbo2").outgoing.submit(doc_id, ward.official2)  # not the drafter
    act("canbo").outgoing.submit(doc_id, ward.official2, "Kính trình chị duyệt.")
    assert act("canbo2").outgoing.count(OutgoingBox.TO_REVIEW) == 1
    act("canbo2").outgoing.return_draft(doc_id, "Bổ sung căn cứ pháp lý.")
    detail = act("canbo").outgoing.detail(doc_id)
    assert detail.row.state == OutgoingState.RETURNED
    assert detail.return_reason == "Bổ sung căn cứ pháp lý."

    docx = Path(ward.space.root) / "v2.docx"
    docx.write_bytes(ward.space.outgoing.file_bytes(detail.files[0].blob))
    act("canbo").outgoing.add_version(doc_id, docx, "Đã bổ sung căn cứ.")
    act("canbo").outgoing.submit(doc_id, ward.official2)
    act("canbo2").outgoing.approve_content(doc_id)
    with pytest.raises(PermissionDenied):
        act("canbo").outgoing.approve_form(doc_id)  # the form is the clerk's check
    act("vanthu").outgoing.approve_form(doc_id)
    assert act("chutich").outgoing.count(OutgoingBox.TO_APPROVE) == 1
    act("chutich").outgoing.approve(doc_id, "Đồng ý.")
    detail = ward.space.outgoing.detail(doc_id)
    assert detail.row.state == OutgoingState.APPROVED
    assert [f.version for f in detail.files if f.role == "draft"] == [1, 2]  # never overwritten
    actions = [h.action for h in detail.history]
    assert actions == [
        "outgoing.created",
        "outgoing.submitted",
        "outgoing.returned",
        "outgoing.version_added",
        "outgoing.submitted",
        "outgoing.content_approved",
        "outgoing.form_approved",
        "outgoing.approved",
    ]


def test_bad_drafts_are_refused(ward: Ward, tmp_path: Path) -> None:
    act = actor(ward.space)
    with pytest.raises(ValidationError):
        act("canbo").outgoing.new_draft(form(ward, summary="  "))
    with pytest.raises(ValidationError):
        act("canbo").outgoing.new_draft(form(ward, signer_id=ward.official))  # not a leader
    with pytest.raises(ValidationError):
        act("canbo").outgoing.new_draft(form(ward, doc_type="thu_tay"))
    junk = tmp_path / "anh.docx"
    junk.write_bytes(b"not a document")
    with pytest.raises(ValidationError, match="không phải DOCX hoặc PDF"):
        act("canbo").outgoing.new_draft(form(ward), junk)


def test_sign_number_seal_and_deliver(signing_ward: Ward, tmp_path: Path) -> None:
    w = signing_ward
    act = actor(w.space)
    doc_id = to_signed(w, tmp_path)
    assert act("vanthu").outgoing.count(OutgoingBox.TO_ISSUE) == 1
    act("vanthu").outgoing.issue(
        doc_id, P12_PASSWORD, IssueForm((HandlerRef(AssigneeKind.UNIT, w.unit_dc),), copies=2)
    )
    detail = w.space.outgoing.detail(doc_id)
    assert detail.row.state == OutgoingState.ISSUED
    assert detail.row.code == "01/QĐ-UBND"
    assert detail.recipients == ("Địa chính - Xây dựng",)
    issued = w.space.outgoing.file_bytes(detail.pdf_blob or "")
    infos = w.space.signing.validate_pdf(issued)
    assert [(i.signer, i.intact, i.trusted) for i in infos] == [
        ("Trần Văn Nam", True, True),
        ("UBND phường Gia Thụy", True, True),
    ]
    assert infos[0].modification in ("allowed", "none")
    # the unit's official finds it in "Để biết", not in the incoming register
    sp = act("diachinh")
    rows = sp.incoming.rows(IncomingFilter(box=Box.INFO))
    assert [(r.code, r.state) for r in rows] == [("01/QĐ-UBND", IncomingState.INTERNAL)]
    assert act("vanthu").incoming.count(IncomingFilter(box=Box.ALL)) == 0
    # the second document of the year takes number 02
    second = to_signed(w, tmp_path)
    act("vanthu").outgoing.issue(second, P12_PASSWORD)
    assert w.space.outgoing.detail(second).row.code == "02/QĐ-UBND"


def test_issued_pdf_passes_pdfsig(signing_ward: Ward, tmp_path: Path) -> None:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig is not installed (scripts/setup-debian.sh installs it)")
    w = signing_ward
    doc_id = to_signed(w, tmp_path)
    actor(w.space)("vanthu").outgoing.issue(doc_id, P12_PASSWORD)
    pdf = tmp_path / "issued.pdf"
    pdf.write_bytes(w.space.outgoing.file_bytes(w.space.outgoing.detail(doc_id).pdf_blob or ""))
    out = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=False)
    assert out.stdout.count("Signature is Valid.") == 2, out.stdout


def test_wrong_password_costs_no_number_and_changes_nothing(
    signing_ward: Ward, tmp_path: Path
) -> None:
    w = signing_ward
    act = actor(w.space)
    doc_id = to_ready(w, tmp_path)
    with pytest.raises(KeyFileError):
        act("chutich").outgoing.sign(doc_id, "sai-mat-khau")
    assert w.space.outgoing.detail(doc_id).row.state == OutgoingState.READY_TO_SIGN
    act("chutich").outgoing.sign(doc_id, P12_PASSWORD)
    with pytest.raises(KeyFileError):
        act("vanthu").outgoing.issue(doc_id, "sai-mat-khau")
    assert w.space.outgoing.detail(doc_id).row.state == OutgoingState.SIGNED
    act("vanthu").outgoing.issue(doc_id, P12_PASSWORD)
    assert w.space.outgoing.detail(doc_id).row.code == "01/QĐ-UBND"  # no number was lost


def test_only_the_named_leader_signs(signing_ward: Ward, tmp_path: Path) -> None:
    w = signing_ward
    w.space.directory.create_user(
        UserInfo("", "pct", "Phạm Thị Lan", "Phó Chủ tịch", None, frozenset({Role.LEADER})),
        "matkhau123",
    )
    doc_id = to_ready(w, tmp_path)
    with pytest.raises(Conflict, match="lãnh đạo khác"):
        actor(w.space)("pct").outgoing.sign(doc_id, P12_PASSWORD)


def test_confidential_documents_have_their_own_series(signing_ward: Ward, tmp_path: Path) -> None:
    from app.models.enums import Confidentiality

    w = signing_ward
    act = actor(w.space)
    first = to_signed(w, tmp_path)
    act("vanthu").outgoing.issue(first, P12_PASSWORD)
    secret = to_signed(w, tmp_path, form(w, confidentiality=Confidentiality.CONFIDENTIAL))
    act("vanthu").outgoing.issue(secret, P12_PASSWORD)
    assert w.space.outgoing.detail(secret).row.number == 1
    out = tmp_path / "so-di.docx"
    assert act("vanthu").outgoing.export_register(dt.date.today().year, out) == 1
    assert out.stat().st_size > 0


def test_series_per_type_when_configured(signing_ward: Ward, tmp_path: Path) -> None:
    w = signing_ward
    act = actor(w.space)
    act("admin").signing.save_settings(SigningSettings(series_rule="per_type"))
    decision = to_signed(w, tmp_path)
    act("vanthu").outgoing.issue(decision, P12_PASSWORD)
    letter = to_signed(w, tmp_path, form(w, doc_type="cong_van", summary="V/v tăng cường PCCC"))
    act("vanthu").outgoing.issue(letter, P12_PASSWORD)
    assert w.space.outgoing.detail(letter).row.code == "01/UBND-VP"


def test_signing_without_a_key_on_this_pc_says_what_to_do(ward: Ward, tmp_path: Path) -> None:
    act = actor(ward.space)
    doc_id = to_ready(ward, tmp_path)
    with pytest.raises(UserError, match="Cài đặt ký số"):
        act("chutich").outgoing.sign(doc_id, "x")


def test_a_template_draft_converted_by_libreoffice_is_signed_and_issued(
    signing_ward: Ward,
) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (scripts/setup-debian.sh installs it)")
    w = signing_ward
    act = actor(w.space)
    doc_id = to_approved(w, form(w, doc_type="cong_van", summary="V/v tăng cường PCCC"))
    act("canbo").outgoing.prepare_final(doc_id)  # the newest DOCX, through LibreOffice
    act("chutich").outgoing.sign(doc_id, P12_PASSWORD)
    act("vanthu").outgoing.issue(doc_id, P12_PASSWORD)
    detail = w.space.outgoing.detail(doc_id)
    assert detail.row.code == "01/UBND-VP"
    issued = w.space.outgoing.file_bytes(detail.pdf_blob or "")
    infos = w.space.signing.validate_pdf(issued)
    assert [(i.intact, i.trusted, i.modification) for i in infos] == [
        (True, True, "allowed"),
        (True, True, "none"),
    ]
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(issued)[0]
    page_text = page.get_textpage().get_text_range()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page_text
