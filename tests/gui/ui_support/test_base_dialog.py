"""BaseDialog remembers its size; standard buttons speak Vietnamese."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialogButtonBox, QVBoxLayout

from app.ui_support.dialogs import BaseDialog, localize_buttons


class SampleDialog(BaseDialog):
    """A dialog with OK and Cancel."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons = localize_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.rejected.connect(self.reject)
        QVBoxLayout(self).addWidget(self.buttons)


def test_reopened_dialog_has_the_size_it_was_closed_with(qtbot):
    first = SampleDialog()
    qtbot.addWidget(first)
    first.show()
    first.resize(520, 310)
    first.reject()
    second = SampleDialog()
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (520, 310)


def test_standard_buttons_are_vietnamese(qtbot):
    dialog = SampleDialog()
    qtbot.addWidget(dialog)
    texts = [b.text() for b in dialog.buttons.buttons()]
    assert sorted(texts) == ["Hủy", "Đồng ý"]
