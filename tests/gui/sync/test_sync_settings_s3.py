"""The settings dialog against real S3 servers on loopback: SeaweedFS passes the probe with the
keys typed in the form; `rclone serve s3` ignores conditional writes and is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from PyQt6.QtCore import Qt

from app.views.sync.settings_dialog import SyncSettingsDialog
from tests.conftest import Ward
from tests.integration.s3_servers import S3Server, start_rclone_s3, start_seaweed

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seaweed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    server = start_seaweed(tmp_path_factory.mktemp("seaweed"))
    yield server
    server.stop(kill=True)


@pytest.fixture(scope="module")
def rclone_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    server = start_rclone_s3(tmp_path_factory.mktemp("rclone"))
    yield server
    server.stop()


def check_s3(qtbot, ward: Ward, server: S3Server, bucket: str) -> SyncSettingsDialog:
    dialog = SyncSettingsDialog(ward.space)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.s3_radio, Qt.MouseButton.LeftButton)
    dialog.endpoint_edit.setText(server.endpoint)
    dialog.bucket_edit.setText(bucket)
    dialog.prefix_edit.setText("giathuy")
    dialog.access_edit.setText(server.access_key)
    dialog.secret_edit.setText(server.secret_key)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    return dialog


def test_seaweedfs_passes_with_the_typed_keys(
    qtbot, live_ward: Ward, seaweed_server: S3Server, monkeypatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)  # the form's keys, nothing else
    dialog = check_s3(qtbot, live_ward, seaweed_server, seaweed_server.new_bucket())
    assert "Máy chủ dùng được" in dialog.verdict_label.text()
    assert dialog.save_button.isEnabled()
    # this test machine has no OS keyring: saving the keys is refused, and nothing is saved
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "kho khóa bí mật" in dialog.verdict_label.text()
    assert live_ward.space.target_url == ""


def test_rclone_is_refused_for_numbering(
    qtbot, live_ward: Ward, rclone_server: S3Server, tmp_path: Path
) -> None:
    bucket = "vanban"
    rclone_server.s3_url(bucket)  # creates it
    dialog = check_s3(qtbot, live_ward, rclone_server, bucket)
    verdict = dialog.verdict_label.text()
    assert "Không dùng được máy chủ này" in verdict
    assert "không bảo đảm tạo tệp nguyên tử" in verdict
    assert not dialog.save_button.isEnabled()
