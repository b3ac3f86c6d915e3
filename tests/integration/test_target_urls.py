"""Target URLs: what opens, what is refused, and that no secret is ever shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sync.folder import FolderTarget
from app.sync.s3 import S3Target
from app.sync.target import TargetError
from app.sync.urls import open_target


def test_a_plain_path_and_a_file_url_open_the_same_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Đồng bộ"
    by_path, by_url = open_target(str(folder)), open_target(folder.as_uri())
    assert isinstance(by_path, FolderTarget)
    assert isinstance(by_url, FolderTarget)
    assert by_path.root == by_url.root == folder
    assert by_path.display_url == str(folder)  # readable, and opens the same folder again
    assert open_target(by_path.display_url).display_url == by_path.display_url


def test_an_s3_url() -> None:
    url = "s3://ward-sync/phuong/gia-thuy?endpoint=http://127.0.0.1:8333/&region=ap-southeast-1"
    target = open_target(url)
    assert isinstance(target, S3Target)
    assert (target.bucket, target.prefix, target.endpoint, target.region) == (
        "ward-sync", "phuong/gia-thuy/", "http://127.0.0.1:8333", "ap-southeast-1",
    )  # fmt: skip
    assert target.display_url == (
        "s3://ward-sync/phuong/gia-thuy?endpoint=http://127.0.0.1:8333&region=ap-southeast-1"
    )
    assert open_target(target.display_url).display_url == target.display_url
    assert not target.is_local
    target.close()


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "Chưa nhập"),
        ("ftp://host/x", "chỉ hỗ trợ"),
        ("file://fileserver/share/x", "gắn (mount)"),
        ("s3://Ab/x", "tên kho"),
        ("s3://bucket/x?endpoint=ftp://h", "endpoint phải có dạng"),
        ("s3://bucket/x?endpoint=http://h/path", "endpoint chỉ gồm"),
        ("s3://bucket/x?endpoint=http://h:port", "cổng"),
        ("s3://bucket/x?secret=abc", "không hiểu tham số secret"),
        ("s3://bucket/x?region=a&region=b", "một lần"),
        ("s3://bucket/a/../b", "tiền tố"),
    ],
)
def test_bad_urls_are_refused_in_vietnamese(url: str, why: str) -> None:
    with pytest.raises(TargetError, match=r"Địa chỉ máy chủ đồng bộ không hợp lệ|Chưa nhập") as e:
        open_target(url)
    assert why in e.value.message


@pytest.mark.parametrize(
    "url",
    [
        "s3://key:topsecret@bucket/x",
        "s3://bucket/x?endpoint=http://key:topsecret@127.0.0.1:8333",
    ],
)
def test_a_url_with_a_secret_is_refused_without_showing_it(url: str) -> None:
    with pytest.raises(TargetError, match="không ghi khóa truy cập vào địa chỉ") as e:
        open_target(url)
    assert "topsecret" not in e.value.message


def test_no_credentials_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(TargetError, match="Chưa có khóa truy cập"):
        open_target("s3://ward-sync/x?endpoint=http://127.0.0.1:8333")
