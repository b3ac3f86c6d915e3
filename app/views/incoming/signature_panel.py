"""The "Chữ ký số" list: who signed the PDF, when, and whether the signatures still hold.

Điều 21.2 of Nghị định 30 asks the clerk to check the authenticity and integrity of an
electronic document before accepting it; this panel shows what `inspect_pdf_signatures` found.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from typing import Any

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import tr
from app.timeutil import fmt_datetime
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded

GOOD = "#1b7f3b"
DOUBT = "#9a6700"
BAD = "#c62828"


_validator: Callable[[bytes], Sequence[Any]] | None = None


def use_validator(validate: Callable[[bytes], Sequence[Any]] | None) -> None:
    """Check signatures with `validate` from now on (the open space's, with its trust roots)."""
    global _validator
    _validator = validate


def inspect_signatures(data: bytes) -> list[Any]:
    """The signatures of a PDF (app.signing.validate), checked off the GUI thread."""
    from app.services.previews import inspect_pdf_signatures

    return list((_validator or inspect_pdf_signatures)(data))


def signature_colour(info: Any) -> str:
    """Green when intact, valid, trusted and not changed illegally; red when broken; amber else."""
    if not info.intact or not info.valid or info.modification == "disallowed":
        return BAD
    return GOOD if info.trusted else DOUBT


def _yes_no(value: bool) -> str:
    return tr("có") if value else tr("không")


def describe_signature(info: Any) -> str:
    """Rich text for one signature: signer, time, and the three checks."""
    signed_at = info.signed_at
    when = fmt_datetime(signed_at) if isinstance(signed_at, dt.datetime) else tr("không rõ")
    modification = {
        "none": tr("không có"),
        "allowed": tr("có, được phép"),
        "disallowed": tr("có, KHÔNG được phép"),
    }.get(str(info.modification), str(info.modification))
    lines = [
        f"<b>{html.escape(info.signer or tr('Không rõ người ký'))}</b>",
        html.escape(tr("Thời điểm ký: {t}").format(t=when)),
        html.escape(
            tr("Toàn vẹn: {intact} · Hợp lệ: {valid} · Tin cậy: {trusted}").format(
                intact=_yes_no(info.intact),
                valid=_yes_no(info.valid),
                trusted=_yes_no(info.trusted),
            )
        ),
        html.escape(tr("Sửa đổi sau khi ký: {m}").format(m=modification)),
    ]
    if info.summary:
        lines.append(f"<i>{html.escape(info.summary)}</i>")
    return "<br>".join(lines)


class SignaturePanel(QWidget):
    """One framed entry per signature, coloured by its state.

    Signals:
        checked(int): the check finished and found this many signatures (-1 when it failed).
    """

    checked = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._key: str | None = None
        self.count = 0
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self._layout.addWidget(self.status)
        self.entries: list[QLabel] = []
        self._layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        """Show nothing."""
        self._generation += 1
        self._key = None
        self._show([])
        self.status.setText(tr("Chưa có tệp để kiểm tra."))

    def set_pdf(self, data: bytes, key: str = "") -> None:
        """Check the signatures of `data` in the background."""
        if key and key == self._key:
            return
        self._generation += 1
        generation = self._generation
        self._key = key or None
        self._show([])
        self.status.setText(tr("Đang kiểm tra chữ ký số…"))

        def done(infos: list[Any]) -> None:
            if generation == self._generation:
                self._show(infos)
                self.status.setText(
                    tr("{n} chữ ký số").format(n=len(infos))
                    if infos
                    else tr("Văn bản không có chữ ký số.")
                )
                self.checked.emit(len(infos))

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._key = None
                if isinstance(exc, ImportError):
                    self.status.setText(tr("Máy này chưa kiểm tra được chữ ký số."))
                elif isinstance(exc, UserError):
                    self.status.setText(exc.message)
                else:
                    self.status.setText(tr("Không kiểm tra được chữ ký số của tệp."))
                self.checked.emit(-1)

        QueryOp(self, lambda: inspect_signatures(data)).success(guarded(self, done)).failure(
            guarded(self, failed)
        ).run()

    def _show(self, infos: list[Any]) -> None:
        for old in self.entries:
            self._layout.removeWidget(old)
            old.deleteLater()
        self.entries = []
        self.count = len(infos)
        for info in infos:
            colour = signature_colour(info)
            entry = QLabel(describe_signature(info), self)
            entry.setTextFormat(Qt.TextFormat.RichText)
            entry.setWordWrap(True)
            entry.setFrameShape(QFrame.Shape.StyledPanel)
            entry.setStyleSheet(
                f"QLabel {{ border: 1px solid {colour}; color: {colour}; padding: 4px; }}"
            )
            entry.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._layout.insertWidget(self._layout.count() - 1, entry)
            self.entries.append(entry)
