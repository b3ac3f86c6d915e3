"""GUI fixtures: ops run inline and QSettings live in the test's temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from PyQt6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import QApplication, QWidget

from app.ui_support import ops
from app.ui_support.events import AppEvents


@pytest.fixture(autouse=True)
def inline_ops() -> Iterator[None]:
    """Every CommandOp/QueryOp finishes before `run()` returns."""
    ops.set_inline(True)
    yield
    ops.set_inline(False)


@pytest.fixture(autouse=True)
def settings_tmpdir(qapp: QApplication, tmp_path: Path) -> Path:
    """Redirect QSettings into the test's folder, never the user's profile."""
    folder = tmp_path / "settings"
    QCoreApplication.setOrganizationName("ward-office-tests")
    QCoreApplication.setApplicationName("ward-office-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def type_text(qapp: QApplication) -> Callable[[QWidget, str], None]:
    """Type text as a user would, one key event per character.

    `qtbot.keyClicks` only handles ASCII; Vietnamese letters ("ư", "Đ") are typed as the
    composed characters an input method delivers.
    """

    def type_into(widget: QWidget, text: str) -> None:
        widget.setFocus()
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)

    return type_into


@pytest.fixture
def events() -> AppEvents:
    """The change broadcast."""
    return AppEvents()


# The offscreen platform warns whenever a top-level window is shown; it says nothing about our code.
_PLATFORM_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen platform's harmless warning in the GUI tests."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(_PLATFORM_NOISE))
