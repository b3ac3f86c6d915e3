"""The steps that take a file: thêm phiên bản dự thảo, thêm tệp đính kèm, tạo bản ký."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.services.changes import Changes
from app.services.space import Space
from app.ui_support.events import AppEvents
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.limited_text import LimitedTextEdit
from app.views.outgoing.draft_dialog import DRAFT_FILE_FILTER
from app.views.outgoing.step_dialogs import NOTE_MAX, subject_label

PDF_FILTER = N_("Tệp PDF (*.pdf);;Tất cả tệp (*)")


class _FileField(QWidget):
    """A path box and its "Chọn…" button."""

    def __init__(self, caption: str, file_filter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = caption
        self._filter = file_filter
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(tr("Chọn tệp…"))
        self.browse = QPushButton(tr("Chọn…"), self)
        self.browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.setFocusProxy(self.path)

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self._caption, self.path.text(), self._filter)
        if name:
            self.path.setText(name)

    def value(self) -> Path | None:
        """The chosen file, or None."""
        text = self.path.text().strip()
        return Path(text) if text else None


class FileCommandDialog(CommandDialog):
    """Choose a file (and write a note, when asked) and run one command with them."""

    def __init__(
        self,
        events: AppEvents,
        *,
        title: str,
        subject: str,
        ok_text: str,
        file_filter: str,
        run: Callable[[Path, str], Changes],
        with_note: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(events, title, ok_text, parent)
        self._run = run
        self.file = _FileField(title, file_filter, self)
        self.note = LimitedTextEdit(NOTE_MAX, self, lines=3)
        self.field_widgets.update({"file": self.file, "note": self.note})
        form = QFormLayout()
        form.addRow(tr("&Tệp:"), self.file)
        if with_note:
            form.addRow(tr("&Ghi chú:"), self.note)
        self.note.setVisible(with_note)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(subject, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(540, 240 if with_note else 160)

    def submit(self) -> None:
        """Run the command with the chosen file."""
        path = self.file.value()
        if path is None:
            self.show_error_text(tr("Cần chọn tệp."), "file")
            return
        note, run = self.note.text().strip(), self._run
        self.run_command(lambda: run(path, note), self._on_done)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()


def version_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> FileCommandDialog:
    """Thêm phiên bản dự thảo: a DOCX or PDF, with what changed."""
    svc = space.outgoing
    return FileCommandDialog(
        events,
        title=tr("Thêm phiên bản dự thảo"),
        subject=subject,
        ok_text=tr("Thêm phiên bản"),
        file_filter=tr(DRAFT_FILE_FILTER),
        run=lambda path, note: svc.add_version(doc_id, path, note),
        with_note=True,
        parent=parent,
    )


def attachment_dialog(
    space: Space, events: AppEvents, doc_id: str, subject: str, parent: QWidget | None = None
) -> FileCommandDialog:
    """Thêm tệp đính kèm (phụ lục): a PDF issued with the document under the ward's signature."""
    svc = space.outgoing
    return FileCommandDialog(
        events,
        title=tr("Thêm tệp đính kèm"),
        subject=subject,
        ok_text=tr("Thêm tệp"),
        file_filter=tr(PDF_FILTER),
        run=lambda path, _note: svc.add_attachment(doc_id, path),
        with_note=False,
        parent=parent,
    )


class PrepareDialog(CommandDialog):
    """Tạo bản ký: the newest draft converted to PDF by LibreOffice, or a finished PDF uploaded.

    The empty signature fields, the số and the date are placed in the PDF now; the service says
    what is missing when the layout is not found.
    """

    def __init__(
        self,
        space: Space,
        events: AppEvents,
        doc_id: str,
        subject: str,
        latest_draft: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(events, tr("Tạo bản ký"), tr("Tạo bản ký"), parent)
        self._space = space
        self._doc_id = doc_id
        is_pdf = latest_draft.lower().endswith(".pdf")
        if not latest_draft:
            convert_text = tr("Dùng phiên bản dự thảo mới nhất")
        elif is_pdf:
            convert_text = tr("Dùng phiên bản dự thảo mới nhất ({name})").format(name=latest_draft)
        else:
            convert_text = tr(
                "Chuyển phiên bản dự thảo mới nhất ({name}) sang PDF bằng LibreOffice"
            ).format(name=latest_draft)
        self.convert = QRadioButton(convert_text, self)
        self.upload = QRadioButton(tr("Tải lên tệp &PDF đã hoàn chỉnh:"), self)
        group = QButtonGroup(self)
        group.addButton(self.convert)
        group.addButton(self.upload)
        self.convert.setChecked(True)
        self.file = _FileField(tr("Chọn bản PDF để ký"), tr(PDF_FILTER), self)
        self.file.setEnabled(False)
        self.upload.toggled.connect(self.file.setEnabled)
        self.field_widgets["file"] = self.file
        hint = QLabel(
            tr(
                "Bản ký để trống số sau “Số:” và ngày tháng (văn thư ghi khi ban hành), và "
                "có chức vụ, họ tên người ký ở cuối văn bản; ô chữ ký được đặt giữa hai dòng này."
            ),
            self,
        )
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        self.working = QLabel(self)
        self.working.setObjectName("hintLabel")
        self.working.hide()
        upload_row = QHBoxLayout()
        upload_row.addWidget(self.upload)
        upload_row.addWidget(self.file, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(subject_label(subject, self))
        layout.addWidget(self.convert)
        layout.addLayout(upload_row)
        layout.addWidget(hint)
        layout.addWidget(self.working)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(600, 260)

    def submit(self) -> None:
        """Make the file to sign (in the background: a conversion can take a while)."""
        pdf: Path | None = None
        if self.upload.isChecked():
            pdf = self.file.value()
            if pdf is None:
                self.show_error_text(tr("Cần chọn tệp PDF."), "file")
                return
        svc, doc_id = self._space.outgoing, self._doc_id
        self.working.setText(
            tr("Đang chuyển sang PDF và đặt ô chữ ký…") if pdf is None else tr("Đang đặt ô chữ ký…")
        )
        self.working.show()
        self.run_command(lambda: svc.prepare_final(doc_id, pdf), self._on_done)

    def on_command_failed(self, exc: BaseException) -> None:
        """Hide the progress line, then show the refusal."""
        self.working.hide()
        super().on_command_failed(exc)

    def _on_done(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()
