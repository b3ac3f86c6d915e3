"""Phân công xử lý: the leader's instruction, one primary handler, coordinators, for-information,
and the due date (the "Phiếu giải quyết văn bản đến" of ND30 Phụ lục IV mục VII).
"""

from __future__ import annotations

import html

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QFont, QStandardItem, QStandardItemModel
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.models.enums import AssigneeKind, AssignmentRole, Role
from app.services.changes import Changes
from app.services.directory import UnitInfo, UserInfo
from app.services.incoming import MAX_TEXT
from app.services.incoming_dto import AssignmentDraft, HandlerRef, IncomingDetail
from app.services.space import Space
from app.timeutil import today_vn
from app.ui_support.events import AppEvents
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.command_dialog import CommandDialog
from app.views.incoming.date_edit import DateField
from app.views.incoming.labels import WAITING_FOR_NUMBER, waits_for_number
from app.views.incoming.limited_text import LimitedTextEdit

RefRole = Qt.ItemDataRole.UserRole + 1

_Handlers = tuple[IncomingDetail, list[UnitInfo], list[UserInfo]]


def handler_choices(units: list[UnitInfo], users: list[UserInfo]) -> list[tuple[str, HandlerRef]]:
    """(text, ref) of every unit, then every person who may handle documents."""
    unit_names = {u.id: u.name for u in units}
    choices = [(u.name, HandlerRef(AssigneeKind.UNIT, u.id)) for u in units]
    for user in users:
        if not user.roles - {Role.ADMIN}:
            continue  # an administrator-only account handles no documents
        extra = ", ".join(p for p in (user.position, unit_names.get(user.unit_id or "", "")) if p)
        text = f"{user.full_name} — {extra}" if extra else user.full_name
        choices.append((text, HandlerRef(AssigneeKind.USER, user.id)))
    return choices


def document_heading(detail: IncomingDetail) -> str:
    """ "Số đến 3/2026 · 12/UBND-VP của … — trích yếu" for the dialogs' titles."""
    row = detail.row
    parts = []
    if row.arrival_number:
        parts.append(tr("Số đến {n}/{y}").format(n=row.arrival_number, y=row.year))
    elif waits_for_number(row):
        parts.append(tr(WAITING_FOR_NUMBER))
    if row.code:
        parts.append(
            tr("{code} của {agency}").format(code=row.code, agency=row.issuing_agency)
            if row.issuing_agency
            else row.code
        )
    head = " · ".join(parts) or row.file_name
    return f"{head} — {row.summary}" if row.summary else head


class _HandlerTree(QTreeWidget):
    """Checkable units and people, grouped under "Đơn vị" and "Cá nhân"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setMinimumHeight(160)
        self.items: dict[HandlerRef, QTreeWidgetItem] = {}

    def fill(self, choices: list[tuple[str, HandlerRef]]) -> None:
        self.clear()
        self.items.clear()
        groups: dict[AssigneeKind, QTreeWidgetItem] = {}
        for kind, title in ((AssigneeKind.UNIT, tr("Đơn vị")), (AssigneeKind.USER, tr("Cá nhân"))):
            group = QTreeWidgetItem(self, [title])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            groups[kind] = group
        for text, ref in choices:
            item = QTreeWidgetItem(groups[ref.kind], [text])
            item.setData(0, RefRole, ref)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(0, Qt.CheckState.Unchecked)
            self.items[ref] = item
        self.expandAll()

    def checked(self) -> tuple[HandlerRef, ...]:
        return tuple(
            ref for ref, item in self.items.items() if item.checkState(0) == Qt.CheckState.Checked
        )

    def set_checked(self, ref: HandlerRef, on: bool) -> None:
        item = self.items.get(ref)
        if item is not None:
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_available(self, ref: HandlerRef, available: bool) -> None:
        item = self.items.get(ref)
        if item is None:
            return
        if not available:
            item.setCheckState(0, Qt.CheckState.Unchecked)
        item.setDisabled(not available)


class AssignDialog(CommandDialog):
    """The leader's assignment of one document; prefilled when it was assigned before."""

    def __init__(
        self, space: Space, events: AppEvents, doc_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(events, tr("Phân công xử lý"), tr("Phân công"), parent)
        self._space = space
        self._doc_id = doc_id
        self._syncing = False
        today = today_vn(space.clock)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.instruction = LimitedTextEdit(MAX_TEXT, self, lines=4)
        self.primary = QComboBox(self)
        self.primary.setMinimumWidth(320)
        self._primary_model = QStandardItemModel(self.primary)
        self.primary.setModel(self._primary_model)
        self.coordinators = _HandlerTree(self)
        self.informed = _HandlerTree(self)
        self.due_date = DateField(today, self, empty_text=tr("không có hạn"))
        self.field_widgets.update(
            {
                "instruction": self.instruction,
                "primary": self.primary,
                "handlers": self.coordinators,
                "due_date": self.due_date,
            }
        )
        form = QFormLayout()
        form.addRow(tr("Ý kiến &chỉ đạo:"), self.instruction)
        form.addRow(tr("Xử lý &chính:"), self.primary)
        form.addRow(tr("&Hạn xử lý:"), self.due_date)
        lists = QGridLayout()
        coordinators_label = QLabel(tr("&Phối hợp:"), self)
        coordinators_label.setBuddy(self.coordinators)
        informed_label = QLabel(tr("Nhận để &biết:"), self)
        informed_label.setBuddy(self.informed)
        lists.addWidget(coordinators_label, 0, 0)
        lists.addWidget(informed_label, 0, 1)
        lists.addWidget(self.coordinators, 1, 0)
        lists.addWidget(self.informed, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.primary.currentIndexChanged.connect(self._on_primary_current_index_changed)
        self.coordinators.itemChanged.connect(self._on_coordinators_item_changed)
        self.informed.itemChanged.connect(self._on_informed_item_changed)
        self.resize(860, 620)
        self.ok_button.setEnabled(False)
        svc, directory = space.incoming, space.directory
        QueryOp(self, lambda: (svc.detail(doc_id), directory.units(), directory.users())).success(
            guarded(self, self._on_loaded)
        ).failure(guarded(self, self.on_command_failed)).run()

    # -- loading
    def _on_loaded(self, result: _Handlers) -> None:
        detail, units, users = result
        self.heading.setText("<b>" + html.escape(document_heading(detail)) + "</b>")
        choices = handler_choices(units, users)
        self._fill_primary(choices)
        self._syncing = True
        self.coordinators.fill(choices)
        self.informed.fill(choices)
        self._syncing = False
        self._prefill(detail)
        self.ok_button.setEnabled(True)
        self.instruction.setFocus()

    def _fill_primary(self, choices: list[tuple[str, HandlerRef]]) -> None:
        model = self._primary_model
        model.clear()
        model.appendRow(QStandardItem(tr("— Chọn đơn vị hoặc người xử lý chính —")))
        for kind, title in ((AssigneeKind.UNIT, tr("Đơn vị")), (AssigneeKind.USER, tr("Cá nhân"))):
            header = QStandardItem(title)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont()
            font.setBold(True)
            header.setFont(font)
            model.appendRow(header)
            for text, ref in choices:
                if ref.kind == kind:
                    item = QStandardItem(text)
                    item.setData(ref, RefRole)
                    model.appendRow(item)
        self.primary.setCurrentIndex(0)

    def _prefill(self, detail: IncomingDetail) -> None:
        self.instruction.set_text(detail.instruction)
        self.due_date.set_value(detail.row.due_date)
        for a in detail.assignments:
            ref = HandlerRef(a.kind, a.id)
            if a.role == AssignmentRole.PRIMARY:
                self.set_primary(ref)
            elif a.role == AssignmentRole.COORDINATE:
                self.coordinators.set_checked(ref, True)
            elif a.role == AssignmentRole.INFO:
                self.informed.set_checked(ref, True)

    # -- choosing
    def set_primary(self, ref: HandlerRef | None) -> None:
        """Choose the primary handler (None: nobody)."""
        for row in range(self._primary_model.rowCount()):
            item = self._primary_model.item(row)
            if item is not None and item.data(RefRole) == ref:
                self.primary.setCurrentIndex(row)
                return
        self.primary.setCurrentIndex(0)

    def primary_ref(self) -> HandlerRef | None:
        """The chosen primary handler."""
        ref = self.primary.currentData(RefRole)
        return ref if isinstance(ref, HandlerRef) else None

    def _on_primary_current_index_changed(self, _index: int) -> None:
        chosen = self.primary_ref()
        for tree in (self.coordinators, self.informed):
            for ref in tree.items:
                tree.set_available(ref, ref != chosen and not self._taken_by_other(tree, ref))

    def _taken_by_other(self, tree: _HandlerTree, ref: HandlerRef) -> bool:
        other = self.informed if tree is self.coordinators else self.coordinators
        item = other.items.get(ref)
        return item is not None and item.checkState(0) == Qt.CheckState.Checked

    def _on_tree_item_changed(self, tree: _HandlerTree, item: QTreeWidgetItem) -> None:
        if self._syncing:
            return
        ref = item.data(0, RefRole)
        if not isinstance(ref, HandlerRef):
            return
        other = self.informed if tree is self.coordinators else self.coordinators
        self._syncing = True
        other.set_available(
            ref, item.checkState(0) != Qt.CheckState.Checked and ref != self.primary_ref()
        )
        self._syncing = False

    def _on_coordinators_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        self._on_tree_item_changed(self.coordinators, item)

    def _on_informed_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        self._on_tree_item_changed(self.informed, item)

    # -- OK
    def draft(self) -> AssignmentDraft | None:
        """The form as an AssignmentDraft; None (with a red message) when the date is not a date."""
        if self.due_date.has_error():
            self.show_error_text(tr("Hạn xử lý: ngày không đúng dạng dd/mm/yyyy."), "due_date")
            return None
        return AssignmentDraft(
            instruction=self.instruction.text().strip(),
            primary=self.primary_ref(),
            coordinators=self.coordinators.checked(),
            informed=self.informed.checked(),
            due_date=self.due_date.value(),
        )

    def submit(self) -> None:
        """Assign the document."""
        draft = self.draft()
        if draft is None:
            return
        svc, doc_id = self._space.incoming, self._doc_id
        self.run_command(lambda: svc.assign(doc_id, draft), self._on_assigned)

    def _on_assigned(self, changes: Changes) -> None:
        self.broadcast(changes)
        self.accept()
