"""The "Tệp" tab: each draft version, the attachments and the current PDF, to open or save."""

from __future__ import annotations

from PyQt6.QtWidgets import QTreeWidgetItem, QWidget

from app.i18n import tr
from app.services.outgoing_dto import OutgoingDetail
from app.timeutil import fmt_datetime
from app.views.file_tree import FileTree, size_text
from app.views.outgoing.labels import file_role_label, state_label

_ROLE_ORDER = ("pdf", "draft", "attachment", "attachment_signed")


def pdf_file_name(detail: OutgoingDetail) -> str:
    """A name for the current PDF: "07-QĐ-UBND.pdf" once issued, else after the type."""
    row = detail.row
    if row.number is not None:
        return f"{row.code.replace('/', '-')}.pdf"
    return tr("{type} - bản ký.pdf").format(type=row.doc_type)


class FileList(FileTree):
    """The document's files by kind, newest version last (signals of `FileTree`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Người thêm"), parent)

    def set_detail(self, detail: OutgoingDetail) -> None:
        """List the files of `detail`, keeping the selected one selected."""
        current = self.current_file()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}

        def group(role: str, title: str) -> QTreeWidgetItem:
            if role not in groups:
                groups[role] = self.add_group(title)
            return groups[role]

        if detail.pdf_blob:
            title = tr("Bản PDF ({state})").format(state=state_label(detail.row.state))
            self.add_file(group("pdf", title), pdf_file_name(detail), detail.pdf_blob, "", "")
        for f in sorted(detail.files, key=lambda f: (_rank(f.role), f.version)):
            parent = group(f.role, file_role_label(f.role))
            tip = "\n".join(p for p in (f.note, size_text(f.size) if f.size else "") if p)
            item = self.add_file(
                parent, f.file_name, f.blob, f.added_by, fmt_datetime(f.added_at), tip
            )
            if f.role == "draft":
                item.setText(0, tr("Phiên bản {v}: {name}").format(v=f.version, name=f.file_name))
        self.finish(current)


def _rank(role: str) -> int:
    return _ROLE_ORDER.index(role) if role in _ROLE_ORDER else len(_ROLE_ORDER)
