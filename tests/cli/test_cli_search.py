"""`ward-office search` and `ward-office index rebuild|files` in a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.timeutil import FixedClock
from tests.cli.test_cli import run
from tests.conftest import NOW, MemoryKeyring, make_ward
from tests.unit.search.search_support import assign_to_unit, register
from tests.unit.search.test_search_files import letter_pdf


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ward with a document for each unit; one has a file with a text layer."""
    root = tmp_path_factory.mktemp("cli-search") / "ward"
    w = make_ward(root, FixedClock(NOW), MemoryKeyring())
    vp = register(w, "Kế hoạch cải cách hành chính năm 2027", notation="QĐ-UBND-VP")
    dc = register(w, "Công văn về phòng chống ngập úng", code="45", data=letter_pdf())
    assign_to_unit(w, vp, w.unit_vp)
    assign_to_unit(w, dc, w.unit_dc)
    w.space.close()
    return root


def search(space: Path, query: str, login: str) -> list[dict[str, object]]:
    done = run("search", query, "--space", str(space), "--as", login, "--json")
    assert done.returncode == 0, done.stderr
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result


def test_search_prints_the_user_s_results_as_json(space: Path) -> None:
    hits = search(space, "cai cach hanh chinh", "vanthu")
    assert [(h["kind"], h["title"]) for h in hits] == [
        ("incoming", "Kế hoạch cải cách hành chính năm 2027")
    ]
    assert set(hits[0]) >= {"kind", "id", "title", "snippet"}
    assert search(space, "123/QĐ-UBND", "canbo")[0]["id"] == hits[0]["id"]
    assert search(space, "cai cach", "diachinh") == []  # another unit's document


def test_index_rebuild_reads_the_files_and_search_finds_their_words(space: Path) -> None:
    assert search(space, "nao vet kenh muong", "diachinh") == []
    done = run("index", "rebuild", "--space", str(space), password=None)
    assert done.returncode == 0, done.stderr
    assert "2 mục" in done.stdout
    assert "Đã đọc nội dung 2 tệp" in done.stdout
    hits = search(space, "nạo vét kênh mương", "diachinh")
    assert [h["title"] for h in hits] == ["Công văn về phòng chống ngập úng"]
    assert "[nạo] [vét] [kênh] [mương]" in str(hits[0]["snippet"])
    again = run("index", "files", "--space", str(space), password=None)
    assert "Đã đọc nội dung 0 tệp" in again.stdout


def test_bad_queries_and_a_wrong_password(space: Path) -> None:
    for query in ['"', "NOT", "*", "(((", "x" * 10_000, "😀"]:
        assert search(space, query, "vanthu") == []
    done = run("search", "cai cach", "--space", str(space), "--as", "vanthu", password="sai")
    assert done.returncode == 2
    assert "Lỗi" in done.stderr
    run("index", "files", "--space", str(space), password=None)  # the letter's text
    plain = run("search", "ngập úng", "--space", str(space), "--as", "vanthu")
    assert "Văn bản đến" in plain.stdout
    assert "[ngập] [úng]" in plain.stdout
