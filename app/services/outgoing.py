"""Outgoing documents: draft, review, approve, sign (leader), number and seal (clerk), issue.

Each step checks the user's role and the document's state, then commits ops; the reducers check
the same at replay. Signing never replaces a file: every step writes a new blob (an incremental
update of the previous PDF), and an op only names it once signing has succeeded.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.blobs import BlobStore
from app.documents.doc_types import DocType, doc_type, notation
from app.documents.pages import pdfium_lock
from app.errors import Conflict, UserError, ValidationError
from app.i18n import tr
from app.journal.log import Change, Journal
from app.journal.reducers.settings import ORG_OWNER
from app.models import (
    OutgoingDocument,
    Register,
    Unit,
    User,
)
from app.models.enums import Confidentiality, OutgoingState, Role
from app.services.auth import AuthContext, CurrentUser
from app.services.changes import Changes
from app.services.ids import new_id
from app.services.numbering import (
    LocalNumberAuthority,
    Taken,
    TargetNumberAuthority,
    forget_attempt,
)
from app.services.outgoing_dto import DraftForm, IssueForm
from app.services.outgoing_queries import OutgoingQueries, issued_date_text
from app.services.signing import SERIES_PER_TYPE, SigningService
from app.sync.claims import claim_key
from app.sync.target import TargetUnreachable
from app.timeutil import Clock, today_vn

S = OutgoingState
MAX_FILE_BYTES = 50 * 1024 * 1024
LIMITS = {"summary": 500, "recipients_text": 1000, "note": 500}
_DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def series_for(confidentiality: str, type_code: str, rule: str) -> str:
    """The số đi series: confidential documents apart; one shared series or one per type."""
    if confidentiality != Confidentiality.NORMAL:
        return "outgoing-mat"
    if rule == SERIES_PER_TYPE:
        return f"outgoing.{type_code}"
    return "outgoing"


def _note(note: str) -> dict[str, str]:
    return {"note": note.strip()[:2000]}


def number_text(number: int) -> str:
    """The số as printed: a leading zero below 10 (Phụ lục I II.3.c)."""
    return f"{number:02d}"


def _file_kind(data: bytes, name: str) -> str:
    """ "pdf" or "docx", from the content; UserError for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK") and name.lower().endswith(".docx"):
        return "docx"
    raise ValidationError(
        tr("Tệp '{name}' không phải DOCX hoặc PDF.").format(name=name), field="file"
    )


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(tr("Tệp '{name}' lớn hơn 50 MB.").format(name=path.name))
        return path.read_bytes()
    except OSError as exc:
        raise UserError(tr("Không đọc được tệp '{name}'.").format(name=path.name)) from exc


class OutgoingService(OutgoingQueries):
    """Commands (and, inherited, queries) on outgoing documents."""

    def __init__(
        self,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        journal: Journal,
        auth: AuthContext,
        blobs: BlobStore,
        clock: Clock,
        signing: SigningService,
    ) -> None:
        super().__init__(read, auth, clock, blobs)
        self._write = write
        self._journal = journal
        self._signing = signing
        self._numbers = LocalNumberAuthority()
        self._shared_numbers: TargetNumberAuthority | None = None
        self._issuing = threading.Lock()

    def use_shared_numbers(self, authority: TargetNumberAuthority | None) -> None:
        """Claim số đi on the shared target from now on (None: the local store)."""
        self._shared_numbers = authority

    def _commit(self, s: Session, user: CurrentUser, *changes: Change) -> None:
        self._journal.commit(s, user.id, list(changes))

    def _for(self, s: Session, doc_id: str, *states: S) -> OutgoingDocument:
        doc = self._get(s, doc_id)
        if states and doc.state not in states:
            raise Conflict(
                tr("Văn bản đang ở trạng thái khác, có thể người khác vừa xử lý. Hãy tải lại.")
            )
        return doc

    # -- drafting
    def _check_form(self, s: Session, form: DraftForm) -> DocType:
        try:
            kind = doc_type(form.doc_type)
        except KeyError as exc:
            raise ValidationError(tr("Loại văn bản không hợp lệ."), field="doc_type") from exc
        if not form.summary.strip():
            raise ValidationError(tr("Cần nhập trích yếu."), field="summary")
        for name, limit in LIMITS.items():
            if len(getattr(form, name)) > limit:
                raise ValidationError(
                    tr("Trường dài quá {limit} ký tự.").format(limit=limit), field=name
                )
        signer = s.get(User, form.signer_id)
        if signer is None or not signer.active or Role.LEADER not in signer.roles.split(","):
            raise ValidationError(tr("Người ký phải là lãnh đạo đang hoạt động."), field="signer")
        return kind

    def _meta(self, s: Session, form: DraftForm, kind: DocType) -> dict[str, Any]:
        org = self._organisation(s)
        unit = s.get(Unit, form.drafting_unit_id) if form.drafting_unit_id else None
        signer = s.get(User, form.signer_id)
        assert signer is not None  # checked by _check_form
        return {
            "doc_type": kind.code,
            "summary": " ".join(form.summary.split()),
            "notation": notation(kind, org.abbreviation, unit.abbreviation if unit else ""),
            "urgency": str(form.urgency),
            "confidentiality": str(form.confidentiality),
            "recipients_text": form.recipients_text.strip(),
            "note": form.note.strip(),
            "drafting_unit_id": form.drafting_unit_id,
            "signer_id": form.signer_id,
            "signer_authority": form.signer_authority.strip(),
            "signer_position": (form.signer_position or signer.position).strip().upper(),
        }

    def new_draft(self, form: DraftForm, file: Path | None = None) -> str:
        """Start a draft: from the type's template (DOCX), or from a file the drafter wrote."""
        from app.documents.draft_docx import DraftSpec, build_draft_docx, sample_body

        user = self._auth.user
        with self._read() as s:
            kind = self._check_form(s, form)
            meta = self._meta(s, form, kind)
            org = self._organisation(s)
            signer = s.get(User, form.signer_id)
            unit = s.get(Unit, form.drafting_unit_id) if form.drafting_unit_id else None
        if file is not None:
            data, name = _read_file(file), file.name
            _file_kind(data, name)
        else:
            spec = DraftSpec(
                doc_type=kind,
                parent_org=org.parent_name.upper(),
                org_name=header_name(org.name),
                notation=meta["notation"],
                place=org.place_name,
                year=today_vn(self._clock).year,
                summary=meta["summary"],
                body=form.body or sample_body(kind),
                addressees=form.addressees,
                recipients=tuple(
                    line.strip() for line in form.recipients_text.splitlines() if line.strip()
                ),
                drafting_unit_abbreviation=unit.abbreviation if unit else "",
                signer_authority=meta["signer_authority"],
                signer_position=meta["signer_position"],
                signer_name=signer.full_name if signer else "",
                urgency=meta["urgency"],
                confidentiality=meta["confidentiality"],
            )
            data, name = build_draft_docx(spec), f"{kind.name} - dự thảo.docx"
        sha = self._blobs.put(data)
        doc_id = new_id()
        payload = meta | {"file_name": name, "blob": sha, "size": len(data)}
        with self._write.begin() as s:
            self._commit(s, user, Change("outgoing.created", f"outgoing:{doc_id}", payload))
        return doc_id

    def update(self, doc_id: str, form: DraftForm) -> Changes:
        """Correct the fields of a draft (the drafter, before it is submitted)."""
        user = self._auth.user
        with self._write.begin() as s:
            doc = self._for(s, doc_id, S.DRAFT, S.RETURNED)
            if doc.created_by != user.id:
                raise Conflict(tr("Chỉ người soạn thảo được sửa thông tin dự thảo."))
            kind = self._check_form(s, form)
            payload = self._meta(s, form, kind)
            self._commit(s, user, Change("outgoing.updated", f"outgoing:{doc_id}", payload))
        return self._changed(doc_id)

    def add_version(self, doc_id: str, file: Path, note: str = "") -> Changes:
        """A new version of the draft (DOCX or PDF); earlier versions are kept."""
        user = self._auth.user
        data = _read_file(file)
        _file_kind(data, file.name)
        sha = self._blobs.put(data)
        payload = {"file_name": file.name, "blob": sha, "size": len(data), "note": note.strip()}
        with self._write.begin() as s:
            doc = self._for(s, doc_id, S.DRAFT, S.RETURNED, *_REVIEW)
            if not self._participates(user, doc):
                raise Conflict(tr("Bạn không tham gia xử lý dự thảo này."))
            self._commit(s, user, Change("outgoing.version_added", f"outgoing:{doc_id}", payload))
        return self._changed(doc_id)

    def add_attachment(self, doc_id: str, file: Path) -> Changes:
        """A separate file issued with the document (a PDF); it gets the seal at issue."""
        user = self._auth.user
        data = _read_file(file)
        if _file_kind(data, file.name) != "pdf":
            raise ValidationError(tr("Phụ lục, tệp đính kèm phải là tệp PDF."), field="file")
        sha = self._blobs.put(data)
        payload = {"file_name": file.name, "blob": sha, "size": len(data)}
        with self._write.begin() as s:
            doc = self._for(s, doc_id)
            if doc.state == S.ISSUED or not self._participates(user, doc):
                raise Conflict(tr("Không thể thêm tệp đính kèm cho văn bản này."))
            self._commit(
                s, user, Change("outgoing.attachment_added", f"outgoing:{doc_id}", payload)
            )
        return self._changed(doc_id)

    # -- review and approval
    def submit(self, doc_id: str, reviewer_id: str, note: str = "") -> Changes:
        """Send the draft to the head of the drafting unit for the content review."""
        user = self._auth.user
        with self._write.begin() as s:
            doc = self._for(s, doc_id, S.DRAFT, S.RETURNED)
            if doc.created_by != user.id:
                raise Conflict(tr("Chỉ người soạn thảo được trình dự thảo."))
            reviewer = s.get(User, reviewer_id)
            if reviewer is None or not reviewer.active:
                raise ValidationError(tr("Cần chọn người duyệt nội dung."), field="reviewer")
            payload = {"reviewer_id": reviewer_id, "note": note.strip()}
            self._commit(s, user, Change("outgoing.submitted", f"outgoing:{doc_id}", payload))
        return self._changed(doc_id)

    def approve_content(self, doc_id: str, note: str = "") -> Changes:
        """Duyệt nội dung (the reviewer named at submission)."""
        user = self._auth.user
        with self._write.begin() as s:
            doc = self._for(s, doc_id, S.CONTENT_REVIEW)
            if doc.reviewer_id != user.id:
                raise Conflict(tr("Dự thảo được trình cho người khác duyệt nội dung."))
            self._commit(
                s, user, Change("outgoing.content_approved", f"outgoing:{doc_id}", _note(note))
            )
        return self._changed(doc_id)

    def approve_form(self, doc_id: str, note: str = "") -> Changes:
        """Kiểm tra thể thức (a clerk), then the draft goes to its signer."""
        user = self._auth.require(Role.CLERK)
        with self._write.begin() as s:
            self._for(s, doc_id, S.FORM_REVIEW)
            self._commit(
                s, user, Change("outgoing.form_approved", f"outgoing:{doc_id}", _note(note))
            )
        return self._changed(doc_id)

    def approve(self, doc_id: str, note: str = "") -> Changes:
        """The signer approves the draft (Điều 11); the file to sign is prepared next."""
        user = self._auth.require(Role.LEADER)
        with self._write.begin() as s:
            doc = self._for(s, doc_id, S.AWAITING_APPROVAL)
            if doc.signer_id != user.id:
                raise Conflict(tr("Dự thảo này do lãnh đạo khác ký."))
            self._commit(s, user, Change("outgoing.approved", f"outgoing:{doc_id}", _note(note)))
        return self._changed(doc_id)

    def return_draft(self, doc_id: str, reason: str) -> Changes:
        """Trả lại the draft to its drafter, with the reason."""
        user = self._auth.user
        reason = reason.strip()
        if not reason:
            raise ValidationError(tr("Cần nêu lý do trả lại."), field="reason")
        with self._write.begin() as s:
            doc = self._for(s, doc_id, *_REVIEW, S.APPROVED, S.READY_TO_SIGN)
            if not may_return(user, doc):
                raise Conflict(tr("Bạn không phải người duyệt ở bước này."))
            payload = {"reason": reason[:2000]}
            self._commit(s, user, Change("outgoing.returned", f"outgoing:{doc_id}", payload))
        return self._changed(doc_id)

    def comment(self, doc_id: str, text: str) -> Changes:
        """Góp ý on the document; kept in its history."""
        user = self._auth.user
        text = text.strip()
        if not text:
            raise ValidationError(tr("Cần nhập nội dung ý kiến."), field="text")
        with self._write.begin() as s:
            self._for(s, doc_id)
            payload = {"text": text[:4000]}
            self._commit(s, user, Change("outgoing.commented", f"outgoing:{doc_id}", payload))
        return self._changed(doc_id)

    # -- the file to sign
    def prepare_final(self, doc_id: str, pdf: Path | None = None) -> Changes:
        """Make the PDF to sign: the newest draft converted by LibreOffice, or a PDF uploaded.

        The signature fields (leader, organisation) and the number and date fields are created
        in it now, before anyone signs, so later steps are allowed incremental updates.
        """
        from app.signing.appearance import load_image
        from app.signing.locate import locate_layout, prepare_for_signing

        user = self._auth.user
        with self._read() as s:
            doc = self._for(s, doc_id, S.APPROVED)
            if not (user.id in (doc.created_by, doc.signer_id) or Role.CLERK in user.roles):
                raise Conflict(tr("Chỉ người soạn thảo, người ký hoặc văn thư tạo bản ký."))
            signer = s.get(User, doc.signer_id)
            position, name = doc.signer_position, signer.full_name if signer else ""
            latest = self._latest_draft(s, doc_id)
        if pdf is not None:
            data, file_name, source = _read_file(pdf), pdf.name, "uploaded"
            if _file_kind(data, pdf.name) != "pdf":
                raise ValidationError(tr("Bản ký phải là tệp PDF."), field="file")
        elif latest is None:
            raise Conflict(tr("Dự thảo chưa có tệp nào."))
        elif latest.file_name.lower().endswith(".pdf"):
            data, file_name, source = self._blobs.read(latest.blob), latest.file_name, "draft"
        else:
            from app.documents.pdf_convert import docx_to_pdf

            data = docx_to_pdf(self._blobs.read(latest.blob))
            file_name, source = Path(latest.file_name).stem + ".pdf", "converted"
        signature = self._signing.image(doc.signer_id)
        seal = self._signing.image(ORG_OWNER)
        layout = locate_layout(
            data,
            signer_position=position,
            signer_name=name,
            signature=load_image(signature.png, what=tr("Ảnh chữ ký")) if signature else None,
            seal=load_image(seal.png, what=tr("Ảnh con dấu")) if seal else None,
            seal_diameter_mm=seal.size_mm if seal else None,
        )
        prepared = prepare_for_signing(data, layout)
        sha = self._blobs.put(prepared)
        payload = {
            "file_name": file_name,
            "blob": sha,
            "source": source,
            "page_count": _page_count(prepared),
        }
        with self._write.begin() as s:
            self._for(s, doc_id, S.APPROVED)
            self._commit(s, user, Change("outgoing.finalized", f"outgoing:{doc_id}", payload))
        return self._changed(doc_id)

    # -- signatures
    def sign(self, doc_id: str, secret: str | None) -> Changes:
        """Ký số: the leader's visible PAdES signature in ô 7c, with their signature image.

        `secret` is the .p12 password or the token PIN typed now; it is never stored.
        """
        from app.signing.appearance import LeaderAppearance
        from app.signing.fields import LEADER_FIELD
        from app.signing.sign import sign_pdf

        user = self._auth.require(Role.LEADER)
        with self._read() as s:
            doc = self._for(s, doc_id, S.READY_TO_SIGN)
            if doc.signer_id != user.id:
                raise Conflict(tr("Văn bản này do lãnh đạo khác ký."))
            assert doc.final_blob is not None
            final = self._blobs.read(doc.final_blob)
        image = self._signing.image(user.id)
        if image is None:
            raise UserError(
                tr("Chưa có ảnh chữ ký của bạn. Hãy vào Cài đặt ký số để tải ảnh chữ ký (PNG).")
            )
        settings = self._signing.settings()
        with self._signing.open_signer(user.id, secret) as signer:
            signed = sign_pdf(
                final,
                LEADER_FIELD,
                signer,
                LeaderAppearance(image.png),
                timestamper_url=settings.tsa_url or None,
                lt=settings.long_term,
                trust_roots=self._signing.trust_root_certificates(),
                now=self._clock.now(),
            )
            certificate = f"{signer.certificate.subject_cn} ({signer.certificate.issuer_cn})"
        sha = self._blobs.put(signed)
        payload = {"blob": sha, "certificate": certificate}
        with self._write.begin() as s:
            self._for(s, doc_id, S.READY_TO_SIGN)
            self._commit(s, user, Change("outgoing.signed", f"outgoing:{doc_id}", payload))
        return self._changed(doc_id)

    def issue(self, doc_id: str, secret: str | None, form: IssueForm | None = None) -> Changes:
        """Ban hành: claim the số đi, write it and the date, apply the organisation's signature.

        The organisation's key is opened (and its certificate checked) before a number is
        claimed, so a wrong PIN costs no number. Separate attachments get the organisation's
        signature at the top right of page 1, with the số/ký hiệu and the time.
        """
        form = form or IssueForm()
        user = self._auth.require(Role.CLERK)
        with self._issuing, self._signing.open_signer(ORG_OWNER, secret) as signer:
            with self._read() as s:
                doc = self._for(s, doc_id, S.SIGNED)
                series = series_for(
                    doc.confidentiality, doc.doc_type, self._signing.settings().series_rule
                )
            year = today_vn(self._clock).year
            if self._shared_numbers is None:
                with self._write.begin() as s:
                    number = self._numbers.claim(s, f"{series}-{year}", year, doc_id)
                    changes = self._issue_changes(s, doc_id, signer, series, year, number, form)
                    self._commit(s, user, *changes)
                return self._changed(doc_id)
            try:
                taken = self._shared_numbers.claim(series, year, doc_id, user.id)
            except TargetUnreachable as exc:
                raise UserError(
                    tr(
                        "Không kết nối được máy chủ đồng bộ nên chưa cấp được số văn bản đi. "
                        "Văn bản vẫn chờ ban hành; hãy thử lại khi có mạng."
                    )
                ) from exc
            with self._write.begin() as s:
                changes = self._issue_changes(
                    s, doc_id, signer, taken.series, taken.year, taken.number, form, taken
                )
                self._commit(s, user, *changes)
                forget_attempt(s, doc_id)
        return self._changed(doc_id)

    def _issue_changes(
        self,
        s: Session,
        doc_id: str,
        signer: Any,
        series: str,
        year: int,
        number: int,
        form: IssueForm,
        taken: Taken | None = None,
    ) -> list[Change]:
        from app.signing.appearance import SealAppearance, TextAppearance
        from app.signing.fields import ORGANISATION_FIELD, SignatureField, attachment_box
        from app.signing.locate import number_positions
        from app.signing.sign import add_number, sign_pdf

        doc = self._for(s, doc_id, S.SIGNED)
        assert doc.signed_blob is not None
        org = self._organisation(s)
        seal = self._signing.image(ORG_OWNER)
        if seal is None:
            raise UserError(
                tr("Chưa có ảnh con dấu của cơ quan. Hãy vào Cài đặt ký số để tải ảnh con dấu.")
            )
        settings = self._signing.settings()
        roots = self._signing.trust_root_certificates()
        today = today_vn(self._clock)
        code = f"{number_text(number)}/{doc.notation}"
        signed = self._blobs.read(doc.signed_blob)
        numbered = add_number(
            signed,
            number_text(number),
            issued_date_text(org.place_name, today),
            number_positions(signed),
        )
        common: dict[str, Any] = {
            "timestamper_url": settings.tsa_url or None,
            "lt": settings.long_term,
            "trust_roots": roots,
            "now": self._clock.now(),
        }
        issued = sign_pdf(numbered, ORGANISATION_FIELD, signer, SealAppearance(seal.png), **common)
        attachments = []
        for f in self._files(s, doc_id, "attachment"):
            pdf = self._blobs.read(f.blob)
            field = SignatureField(ORGANISATION_FIELD, 0, attachment_box(pdf))
            stamped = sign_pdf(
                pdf,
                ORGANISATION_FIELD,
                signer,
                TextAppearance.attachment(code),
                new_field=field,
                **common,
            )
            attachments.append(
                {"file_name": f.file_name, "blob": self._blobs.put(stamped), "size": len(stamped)}
            )
        sha = self._blobs.put(issued)
        register_id = f"{series}-{year}"
        changes: list[Change] = []
        if s.get(Register, register_id) is None:
            changes.append(register_change(register_id, year, doc.confidentiality))
        recipients = [{"kind": str(r.kind), "id": r.id} for r in form.recipients]
        payload: dict[str, Any] = {
            "blob": sha,
            "blobs": [a["blob"] for a in attachments],
            "register_id": register_id,
            "year": year,
            "number": number,
            "issued_date": today.isoformat(),
            "copies": form.copies,
            "recipients": recipients,
            "attachments": attachments,
        }
        if taken is not None:
            payload["claim"] = claim_key(taken.series, taken.year, taken.number)
        changes.append(Change("outgoing.issued", f"outgoing:{doc_id}", payload))
        if recipients:
            changes.append(
                self._delivery(s, doc, org.name, code, today, sha, len(issued), recipients)
            )
        return changes

    def _delivery(
        self,
        s: Session,
        doc: OutgoingDocument,
        org_name: str,
        code: str,
        today: dt.date,
        sha: str,
        size: int,
        recipients: list[dict[str, str]],
    ) -> Change:
        signer = s.get(User, doc.signer_id)
        number, _, notation_ = code.partition("/")
        payload = {
            "outgoing_id": doc.id,
            "file_name": f"{code.replace('/', '-')}.pdf",
            "blob": sha,
            "file_size": size,
            "page_count": doc.page_count,
            "code_number": number,
            "code_notation": notation_,
            "document_date": today.isoformat(),
            "arrival_date": today.isoformat(),
            "issuing_agency": org_name,
            "doc_type": doc_type(doc.doc_type).name,
            "summary": doc.summary,
            "signer_name": signer.full_name if signer else "",
            "signer_position": doc.signer_position,
            "urgency": doc.urgency,
            "confidentiality": doc.confidentiality,
            "recipients": recipients,
        }
        return Change("incoming.delivered", f"incoming:{new_id()}", payload)

    def _changed(self, doc_id: str) -> Changes:
        return Changes(outgoing=frozenset({doc_id}))


_REVIEW = (S.CONTENT_REVIEW, S.FORM_REVIEW, S.AWAITING_APPROVAL)


def may_return(user: CurrentUser, doc: OutgoingDocument) -> bool:
    """Who may return a draft at its current step: the reviewer, a clerk, or the signer."""
    if doc.state == S.CONTENT_REVIEW:
        return doc.reviewer_id == user.id
    if doc.state == S.FORM_REVIEW:
        return Role.CLERK in user.roles
    return doc.signer_id == user.id


def register_change(register_id: str, year: int, confidentiality: str) -> Change:
    """The op that opens a year's outgoing register."""
    secret = confidentiality != Confidentiality.NORMAL
    name = tr("Sổ văn bản đi mật năm {y}") if secret else tr("Sổ văn bản đi năm {y}")
    payload = {
        "kind": "outgoing",
        "year": year,
        "name": name.format(y=year),
        "confidential": secret,
    }
    return Change("register.set", f"register:{register_id}", payload)


def header_name(org_name: str) -> str:
    """The organisation's name as ô 2 prints it: "UBND phường X" → "ỦY BAN NHÂN DÂN PHƯỜNG X"."""
    name = org_name.strip()
    if name.upper().startswith("UBND "):
        name = "Ủy ban nhân dân " + name[5:]
    return name.upper()


def _page_count(pdf: bytes) -> int | None:
    import pypdfium2 as pdfium

    with pdfium_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError:
            return None
        try:
            return len(document)
        finally:
            document.close()
