"""The left-hand navigation: the incoming-document lists with their counts, and "Quản trị"."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from app.i18n import tr
from app.services.incoming_dto import Box
from app.views.incoming.labels import box_label

NodeRole = Qt.ItemDataRole.UserRole + 1  # the entry's key: a Box, or ADMIN_KEY
ADMIN_KEY = "admin"
OUTGOING_KEY = "outgoing"

# Lists where a non-zero count means work waiting: shown in bold.
_ACTION_BOXES = frozenset({Box.QUEUE, Box.TO_SUBMIT, Box.TO_DIRECT, Box.PENDING, Box.IN_PROGRESS})


class NavigationWidget(QTreeWidget):
    """Sections and their entries; selecting an entry asks the window to show its page.

    Signals:
        entry_selected(object): the key of the chosen entry (a `Box` or `ADMIN_KEY`).
    """

    entry_selected = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(False)
        self.setIndentation(14)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setObjectName("navigation")
        self._box_items: dict[Box, QTreeWidgetItem] = {}
        self.currentItemChanged.connect(self._on_current_item_changed)

    def set_sections(self, boxes: list[Box], *, admin: bool) -> None:
        """The lists of `boxes` under "Văn bản đến", "Văn bản đi", and "Quản trị" when `admin`."""
        self.ensurePolished()  # row heights follow the stylesheet's item padding
        self.blockSignals(True)
        self.clear()
        self._box_items.clear()
        incoming = self._section(tr("Văn bản đến"))
        for box in boxes:
            item = QTreeWidgetItem(incoming, [box_label(box)])
            item.setData(0, NodeRole, box)
            self._box_items[box] = item
        if boxes:  # somebody is signed in
            outgoing = self._section(tr("Văn bản đi"))
            item = QTreeWidgetItem(outgoing, [tr("Dự thảo, ký, ban hành")])
            item.setData(0, NodeRole, OUTGOING_KEY)
        if admin:
            section = self._section(tr("Hệ thống"))
            item = QTreeWidgetItem(section, [tr("Quản trị")])
            item.setData(0, NodeRole, ADMIN_KEY)
        self.expandAll()
        self.blockSignals(False)

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def set_counts(self, counts: dict[Box, int]) -> None:
        """Show "Chờ vào sổ (12)" beside each list; waiting work in bold."""
        for box, item in self._box_items.items():
            count = counts.get(box)
            text = box_label(box) if count is None else f"{box_label(box)} ({count})"
            item.setText(0, text)
            font = item.font(0)
            font.setBold(bool(count) and box in _ACTION_BOXES)
            item.setFont(0, font)

    def entries(self) -> list[QTreeWidgetItem]:
        """The selectable entries, top to bottom."""
        found: list[QTreeWidgetItem] = []
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            if section is None:
                continue
            for j in range(section.childCount()):
                child = section.child(j)
                if child is not None:
                    found.append(child)
        return found

    def entry_keys(self) -> list[object]:
        """The keys of the entries, top to bottom."""
        return [item.data(0, NodeRole) for item in self.entries()]

    def entry_text(self, key: object) -> str:
        """The shown text of an entry, e.g. "Chờ vào sổ (3)"; empty when absent."""
        for item in self.entries():
            if item.data(0, NodeRole) == key:
                return item.text(0)
        return ""

    def select_key(self, key: object) -> bool:
        """Select the entry with `key`; False when there is none."""
        for item in self.entries():
            if item.data(0, NodeRole) == key:
                self.setCurrentItem(item)
                return True
        return False

    def current_key(self) -> object:
        """The key of the selected entry, or None."""
        item = self.currentItem()
        return item.data(0, NodeRole) if item is not None else None

    def _on_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is not None and current.data(0, NodeRole) is not None:
            self.entry_selected.emit(current.data(0, NodeRole))
