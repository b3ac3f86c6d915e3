"""The words inside documents' files: PDF text layers and DOCX text are read once, in the
background, and then found like the metadata; a scan without a text layer waits for OCR."""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

from docx import Document
from reportlab.pdfgen import canvas
from sqlalchemy import text

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.documents.pages import pdfium_lock
from app.models.enums import AssigneeKind
from app.search.text_extract import Extracted, TextStatus, extract
from app.services.incoming_dto import HandlerRef
from app.services.task_dto import TaskForm
from tests.conftest import Ward
from tests.unit.search.search_support import act, register

BODY = "Đề nghị UBND phường tổ chức nạo vét kênh mương thoát nước trước mùa mưa bão."


def letter_pdf() -> bytes:
    """A công văn with a real Vietnamese text layer (embedded Liberation Serif)."""
    return render_pdf(
        DemoDocument(
            issuing_parent="UBND QUẬN LONG BIÊN",
            issuing_agency="PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG",
            code="45/TNMT",
            place="Long Biên",
            date=dt.date(2026, 11, 16),
            type_name="Công văn",
            summary="Về việc phòng chống ngập úng",
            body=[BODY],
            signer_position="TRƯỞNG PHÒNG",
            signer_name="Nguyễn Văn Sơn",
            recipients=["UBND các phường"],
        )
    )


def scan_pdf() -> bytes:
    """A PDF with only a drawing on it: what a scanner without OCR gives."""
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.rect(72, 500, 300, 200, fill=1)
    c.save()
    return out.getvalue()


def plan_docx(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Kế hoạch diễn tập phòng cháy chữa cháy tại chợ Ngọc Thụy")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Lực lượng"
    table.rows[0].cells[1].text = "Đội dân phòng tổ 12"
    doc.save(str(path))
    return path


def test_text_is_read_from_pdf_and_docx(tmp_path: Path) -> None:
    got = extract(letter_pdf())
    assert got.status is TextStatus.DONE
    assert "nạo vét kênh mương" in got.text
    got = extract(plan_docx(tmp_path / "ke-hoach.docx").read_bytes())
    assert got.status is TextStatus.DONE
    assert "chợ Ngọc Thụy" in got.text
    assert "Đội dân phòng tổ 12" in got.text


def test_reading_a_file_waits_while_a_preview_uses_pdfium() -> None:
    """PDFium is not thread-safe: the background reading of files takes the lock that the
    previews, OCR and signing hold, so a preview being drawn is never read through."""
    result: list[Extracted] = []
    reader = threading.Thread(target=lambda: result.append(extract(letter_pdf())))
    with pdfium_lock:  # as a preview drawing a page
        reader.start()
        reader.join(timeout=1.0)
        assert reader.is_alive()
        assert not result
    reader.join(timeout=30)
    assert [r.status for r in result] == [TextStatus.DONE]


def test_scans_and_bad_files_are_told_apart() -> None:
    assert extract(scan_pdf()).status is TextStatus.NEEDS_OCR
    assert extract(b"just some bytes").status is TextStatus.UNSUPPORTED
    assert extract(letter_pdf()[:400]).status is TextStatus.FAILED
    assert extract(b"PK\x03\x04 not really a zip").status in (
        TextStatus.UNSUPPORTED,
        TextStatus.FAILED,
    )


def test_a_document_is_found_by_the_words_of_its_file_once_read(ward: Ward) -> None:
    doc = register(ward, "Công văn về phòng chống ngập úng", data=letter_pdf())
    scan = register(ward, "Giấy mời họp", code="9", data=scan_pdf())
    search = act(ward, "vanthu").search
    assert search.search("nao vet kenh muong").hits == ()
    report = search.index_pending_files()
    assert (report.read, report.needs_ocr, report.failed, report.remaining) == (1, 1, 0, 0)
    hits = search.search("nao vet kenh muong").hits
    assert [h.id for h in hits] == [doc]
    assert "[nạo] [vét] [kênh] [mương]" in hits[0].snippet
    # each file is read once: nothing is left, and the scan is marked for OCR
    assert search.index_pending_files().read == 0
    with ward.space.db.read() as s:
        statuses = dict(
            s.execute(text("SELECT status, count(*) FROM search_file_text GROUP BY 1")).all()
        )
        files_state = s.execute(
            text("SELECT files_state FROM search_docs WHERE ref = :r"), {"r": scan}
        ).scalar()
    assert statuses == {"done": 1, "needs_ocr": 1}
    assert files_state == "done"
    # the file's words survive a rebuild and a later change of the document
    assert act(ward, "vanthu").search.rebuild() == 2
    assert [h.id for h in search.search("kenh muong thoat nuoc").hits] == [doc]


def test_a_task_s_attachment_is_searchable(ward: Ward, tmp_path: Path) -> None:
    form = TaskForm(
        "Chuẩn bị diễn tập",
        HandlerRef(AssigneeKind.USER, ward.official),
        files=(plan_docx(tmp_path / "ke-hoach.docx"),),
    )
    task = act(ward, "chutich").tasks.assign(form)
    search = act(ward, "canbo").search
    assert search.index_pending_files().read == 1
    assert [h.id for h in search.search("doi dan phong to 12").hits] == [task]
    assert act(ward, "diachinh").search.search("doi dan phong").hits == ()


def test_a_file_not_on_this_pc_yet_does_not_block_the_others(ward: Ward) -> None:
    missing = register(ward, "Văn bản có tệp chưa đồng bộ", code="31", data=scan_pdf())
    present = register(ward, "Công văn về phòng chống ngập úng", code="32", data=letter_pdf())
    with ward.space.db.read() as s:
        sha = s.execute(
            text("SELECT blobs FROM search_docs WHERE ref = :r"), {"r": missing}
        ).scalar()
    ward.space.blobs.path(sha).unlink()  # as if its blob had not arrived yet
    report = act(ward, "vanthu").search.index_pending_files()
    assert (report.read, report.remaining) == (1, 0)
    assert [h.id for h in ward.space.search.search("kenh muong").hits] == [present]


def test_a_scan_s_text_given_later_by_ocr_makes_it_searchable(ward: Ward) -> None:
    scan = register(ward, "Giấy mời họp", code="9", data=scan_pdf())
    search = act(ward, "vanthu").search
    assert search.index_pending_files().needs_ocr == 1
    [sha] = search.needing_ocr()
    assert search.search("tong ve sinh moi truong").hits == ()
    assert search.set_file_text(sha, "Mời dự buổi ra quân Tổng vệ sinh môi trường") == 1
    hits = search.search("tong ve sinh moi truong").hits
    assert [h.id for h in hits] == [scan]
    assert "[Tổng] [vệ] [sinh] [môi] [trường]" in hits[0].snippet
    assert search.needing_ocr() == []
    # text given again (a better reading) replaces the old words, which are no longer found
    assert search.set_file_text(sha, "Giấy mời dự hội nghị tổng kết") == 1
    assert search.search("tong ve sinh moi truong").hits == ()
    assert [h.id for h in search.search("hoi nghi tong ket").hits] == [scan]


def test_words_in_the_metadata_rank_above_words_only_in_a_file(ward: Ward) -> None:
    in_file = register(ward, "Công văn về phòng chống ngập úng", data=letter_pdf())
    in_title = register(ward, "Kế hoạch nạo vét kênh mương năm 2027", code="8")
    search = act(ward, "vanthu").search
    search.index_pending_files()
    newer = register(ward, "Báo cáo nạo vét kênh mương", code="10")
    assert [h.id for h in search.search("nao vet kenh muong").hits] == [newer, in_title, in_file]
    assert search.search("nao vet kenh muong", count=True).total == 3
    page = search.search("nao vet kenh muong", limit=1, count=True)  # the files step counted
    assert ([h.id for h in page.hits], page.has_more, page.total) == ([newer], True, 3)


def test_reading_files_later_does_not_make_a_document_look_newer(ward: Ward) -> None:
    """Equal results come most recent first; a file read (or an edit) keeps a row's place."""
    made = [register(ward, f"Thông báo lịch trực số {n}", code=str(60 + n)) for n in range(4)]
    search = act(ward, "vanthu").search
    assert [h.id for h in search.search("lich truc").hits] == made[::-1]
    assert search.index_pending_files().read == 4  # every row is written again
    assert [h.id for h in search.search("lich truc").hits] == made[::-1]
