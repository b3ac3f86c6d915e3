"""`ward-office schedule export|show` in a real process, on a small ward with a published week."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from icalendar import Calendar

from app.documents.pdf_convert import soffice_path
from app.services.schedule_dto import EntryForm
from app.timeutil import FixedClock
from tests.cli.test_cli import run
from tests.conftest import NOW, MemoryKeyring, make_ward
from tests.unit.services.test_outgoing_service import actor
from tests.unit.services.test_schedule_service import MONDAY, WEEK, entry

HEADING = "LỊCH CÔNG TÁC TUẦN CỦA ỦY BAN NHÂN DÂN PHƯỜNG GIA THỤY"


def export(space: Path, week: str, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    """`schedule export` as a script runs it: read-only, no password."""
    args = ("--week", week, "--format", fmt, "--out", str(out), "--space", str(space))
    return run("schedule", "export", *args, password=None)


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ward whose week 48 of 2026 is published, with an amendment."""
    root = tmp_path_factory.mktemp("cli-schedule") / "ward"
    w = make_ward(root, FixedClock(NOW), MemoryKeyring())
    act = actor(w.space)
    first = act("vanthu").schedule.add_entry(entry(w)).entry_ids[0]
    act("vanthu").schedule.add_entry(
        EntryForm(
            day=MONDAY,
            start_time="14:00",
            content="Kiểm tra công trình xây dựng tại tổ dân phố 5",
            chair_id=w.leader,
            location="Tổ dân phố 5",
        )
    )
    act("vanthu").schedule.submit(WEEK)
    act("chutich").schedule.publish(WEEK)
    act("vanthu").schedule.update_entry(first, entry(w, start_time="07:30"), amendment=True)
    w.space.close()
    return root


def test_export_docx_ics_html(space: Path, tmp_path: Path) -> None:
    out = tmp_path / "lich.docx"
    done = export(space, WEEK, "docx", out)
    assert done.returncode == 0, done.stderr
    assert "Đã xuất 2 lịch của Tuần 48 (23/11/2026 – 29/11/2026)" in done.stdout
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert HEADING in [p.text for p in document.paragraphs]

    ics = tmp_path / "lich.ics"
    done = export(space, WEEK, "ICS", ics)
    assert done.returncode == 0, done.stderr
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == [
        "Giao ban công tác tuần của Thường trực UBND phường",
        "Kiểm tra công trình xây dựng tại tổ dân phố 5",
    ]
    assert sorted(int(e["sequence"]) for e in events) == [0, 1]

    page = tmp_path / "lich.html"
    done = export(space, WEEK, "html", page)
    assert done.returncode == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    assert HEADING in text
    assert "(Điều chỉnh " in text


def test_export_pdf(space: Path, tmp_path: Path) -> None:
    if soffice_path() is None:
        message = "LibreOffice (soffice) is not installed (scripts/setup-debian.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path / "lich.pdf"
    done = export(space, WEEK, "pdf", out)
    assert done.returncode == 0, done.stderr
    pdf = pdfium.PdfDocument(out.read_bytes())
    try:
        text = " ".join(pdf[0].get_textpage().get_text_range().split())
    finally:
        pdf.close()
    assert HEADING in text
    assert "(Tuần thứ 48, từ ngày 23/11/2026 đến ngày 29/11/2026)" in text


def test_show_json(space: Path) -> None:
    done = run("schedule", "show", "--week", WEEK, "--json", "--space", str(space), password=None)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["week"], data["state"], data["version"]) == (WEEK, "published", 2)
    assert [(e["start_time"], e["amendment"]) for e in data["entries"]] == [
        ("07:30", "changed"),
        ("14:00", ""),
    ]


@pytest.mark.parametrize(
    ("week", "fmt", "out", "message"),
    [
        ("2026-W99", "docx", "lich.docx", "Tuần '2026-W99' không hợp lệ"),
        ("tuan-48", "docx", "lich.docx", "Tuần 'tuan-48' không hợp lệ"),
        ("2026-W40", "docx", "lich.docx", "Tuần 40 (28/09/2026 – 04/10/2026) chưa có lịch nào"),
        (WEEK, "doc", "lich.doc", "Định dạng 'doc' không hỗ trợ"),
        (WEEK, "html", "khong-co-thu-muc/lich.html", "Không ghi được tệp “lich.html”"),
    ],
)
def test_bad_requests_exit_2_with_a_message(
    space: Path, tmp_path: Path, week: str, fmt: str, out: str, message: str
) -> None:
    target = tmp_path / out
    done = export(space, week, fmt, target)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stderr.startswith("Lỗi: ")
    assert not target.exists()
