"""Dialog helpers: a base dialog that remembers its geometry, Vietnamese buttons, field errors."""

from __future__ import annotations

from PyQt6.QtCore import QSettings
from PyQt6.QtGui import QCloseEvent, QShowEvent
from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QWidget

from app.errors import UserError, ValidationError
from app.i18n import tr

_SB = QDialogButtonBox.StandardButton


def _button_texts() -> dict[QDialogButtonBox.StandardButton, str]:
    return {
        _SB.Ok: tr("Đồng ý"),
        _SB.Cancel: tr("Hủy"),
        _SB.Save: tr("Lưu"),
        _SB.Close: tr("Đóng"),
        _SB.Yes: tr("Có"),
        _SB.No: tr("Không"),
        _SB.Apply: tr("Áp dụng"),
        _SB.Reset: tr("Đặt lại"),
        _SB.Help: tr("Trợ giúp"),
    }


def localize_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Give a button box's standard buttons Vietnamese texts (Qt ships no Vietnamese catalogue)."""
    for standard, text in _button_texts().items():
        button = box.button(standard)
        if button is not None:
            button.setText(text)
    return box


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a question with "Có" / "Không" buttons; True for yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(tr("Có"), QMessageBox.ButtonRole.YesRole)
    box.addButton(tr("Không"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


class BaseDialog(QDialog):
    """A dialog that restores its size and place on show and saves them when it closes.

    The geometry is kept in QSettings under "geometry/<class name>".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._geometry_restored = False

    @property
    def _geometry_key(self) -> str:
        return f"geometry/{type(self).__name__}"

    def showEvent(self, event: QShowEvent | None) -> None:  # noqa: N802 — Qt override
        """Restore the saved geometry the first time the dialog is shown."""
        if not self._geometry_restored:
            self._geometry_restored = True
            saved = QSettings().value(self._geometry_key)
            if saved is not None:
                self.restoreGeometry(saved)
            self._fit_wrapped_text()
        super().showEvent(event)

    def _fit_wrapped_text(self) -> None:
        """Grow to the height word-wrapped labels need at the restored width."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def save_geometry(self) -> None:
        """Remember the current geometry."""
        QSettings().setValue(self._geometry_key, self.saveGeometry())

    def done(self, result: int) -> None:
        """Save the geometry on accept and reject."""
        self.save_geometry()
        super().done(result)

    def closeEvent(self, event: QCloseEvent | None) -> None:  # noqa: N802 — Qt override
        """Save the geometry when the window is closed from its title bar."""
        self.save_geometry()
        super().closeEvent(event)


class FieldErrors:
    """Shows a ValidationError beside the field it names and in one red message label.

    `fields` maps a service's field names ("login", "password", ...) to the widgets that edit them.
    """

    def __init__(self, label: QLabel, fields: dict[str, QWidget]) -> None:
        self._label = label
        self._fields = fields
        self._marked: QWidget | None = None
        label.setObjectName("errorLabel")
        label.setStyleSheet("color: #b71c1c;")
        label.setWordWrap(True)
        label.hide()

    def clear(self) -> None:
        """Hide the message and unmark the field."""
        self._label.clear()
        self._label.hide()
        if self._marked is not None:
            _set_error(self._marked, on=False)
            self._marked = None

    def show_message(self, message: str, field: str | None = None) -> None:
        """Show `message`, and mark and focus the widget of `field` if there is one."""
        self.clear()
        self._label.setText(message)
        self._label.show()
        widget = self._fields.get(field or "")
        if widget is not None:
            _set_error(widget, on=True)
            widget.setFocus()
            self._marked = widget

    def show(self, exc: BaseException) -> bool:
        """Show a UserError inline; False (nothing shown) for anything else."""
        if not isinstance(exc, UserError):
            return False
        field = exc.field if isinstance(exc, ValidationError) else None
        self.show_message(exc.message, field)
        return True


def _set_error(widget: QWidget, *, on: bool) -> None:
    widget.setProperty("error", on)
    style = widget.style()
    if style is not None:
        style.unpolish(widget)
        style.polish(widget)
