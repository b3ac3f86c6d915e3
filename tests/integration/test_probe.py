"""The capability probe against real targets: it must pass good ones and refuse the others."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from app.sync.probe import MAX_CLOCK_SKEW, probe
from app.sync.target import Target
from app.sync.urls import open_target
from tests.integration.s3_servers import S3Server, free_port

NOT_ATOMIC = "không bảo đảm tạo tệp nguyên tử"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _assert_clean(target: Target) -> None:
    assert target.list("probe/") == []  # the scratch keys are gone


def test_a_folder_passes(tmp_path: Path) -> None:
    target = open_target(tmp_path.as_uri())
    result = probe(target, _now())
    assert result.ok, result.problems
    assert result.problems == []
    assert abs(result.clock_offset) < dt.timedelta(seconds=2)
    assert result.round_trip_ms > 0
    _assert_clean(target)


def test_seaweedfs_passes(seaweed: S3Server) -> None:
    target = open_target(seaweed.s3_url())
    result = probe(target, _now())
    assert result.ok, result.problems
    assert abs(result.clock_offset) < dt.timedelta(seconds=3)  # Date has 1-second resolution
    _assert_clean(target)
    target.close()


def test_rclone_serve_s3_is_refused(rclone_s3: S3Server) -> None:
    target = open_target(rclone_s3.s3_url())
    assert target.put_if_absent("space", b"1")  # it works as a store...
    assert target.put_if_absent("space", b"2")  # ...but ignores If-None-Match
    result = probe(target, _now())
    assert not result.ok
    assert any(NOT_ATOMIC in p and "cấp số văn bản" in p for p in result.problems)
    _assert_clean(target)
    target.close()


@pytest.mark.parametrize("days", [1, -1])
def test_a_clock_a_day_off_is_refused(tmp_path: Path, days: int) -> None:
    target = open_target(str(tmp_path))
    result = probe(target, _now() + dt.timedelta(days=days))
    assert not result.ok
    assert abs(result.clock_offset - dt.timedelta(days=days)) < dt.timedelta(seconds=2)
    (problem,) = result.problems
    assert "24 giờ" in problem
    assert ("nhanh hơn" if days > 0 else "chậm hơn") in problem
    assert "5 phút" in problem


def test_a_clock_a_few_minutes_off_is_fine(tmp_path: Path) -> None:
    target = open_target(str(tmp_path))
    result = probe(target, _now() + MAX_CLOCK_SKEW - dt.timedelta(minutes=1))
    assert result.ok, result.problems


def test_minutes_of_skew_are_said_in_minutes(tmp_path: Path) -> None:
    result = probe(open_target(str(tmp_path)), _now() - dt.timedelta(minutes=47))
    assert not result.ok
    assert "chậm hơn máy chủ đồng bộ 47 phút" in result.problems[0]


def test_an_unreachable_endpoint_gives_a_verdict_not_an_exception() -> None:
    target = open_target(f"s3://nobody-here/ward?endpoint=http://127.0.0.1:{free_port()}")
    result = probe(target, _now())
    assert not result.ok
    assert result.problems
    assert "Không kết nối được máy chủ đồng bộ" in result.problems[0]


def test_an_unmounted_folder_gives_a_verdict_not_an_exception(tmp_path: Path) -> None:
    result = probe(open_target(str(tmp_path / "share-not-mounted")), _now())
    assert not result.ok
    assert "Không truy cập được thư mục đồng bộ" in result.problems[0]


def test_a_check_then_write_target_is_refused(tmp_path: Path) -> None:
    """Like wsgidav: a sequential second create is refused, but racers all pass the check."""
    real = open_target(str(tmp_path))

    class CheckThenWrite:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def put_if_absent(self, key: str, data: bytes) -> bool:
            if real.exists(key):
                return False
            time.sleep(0.05)  # the window between the check and the write
            path = tmp_path.joinpath(*key.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return True

    result = probe(CheckThenWrite(), _now())  # type: ignore[arg-type]
    assert not result.ok
    assert any(NOT_ATOMIC in p for p in result.problems)
    _assert_clean(real)
