"""The left-hand navigation: the overview, the document and task lists with their counts, the
schedule, and "Quản trị"."""

from __future__ import annotations

from collections.abc import Mapping

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from app.i18n import tr
from app.services.incoming_dto import Box
from app.services.task_dto import TaskBox
from app.views.incoming.labels import box_label
from app.views.tasks.labels import box_label as task_box_label

# the entry's key: a Box, a TaskBox or one of the page keys below
NodeRole = Qt.ItemDataRole.UserRole + 1
ADMIN_KEY = "admin"
OUTGOING_KEY = "outgoing"
DASHBOARD_KEY = "dashboard"
STATISTICS_KEY = "statistics"
SCHEDULE_KEY = "schedule"
SEARCH_KEY = "search"

# Lists where a non-zero count means work waiting: shown in bold.
_ACTION_BOXES = frozenset(
    {
        Box.QUEUE,
        Box.TO_SUBMIT,
        Box.TO_DIRECT,
        Box.PENDING,
        Box.IN_PROGRESS,
        TaskBox.MINE,
        TaskBox.OVERDUE,
    }
)


class NavigationWidget(QTreeWidget):
    """Sections and their entries; selecting an entry asks the window to show its page.

    Signals:
        entry_selected(object): the key of the chosen entry (a `Box`, a `TaskBox` or a page key).
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
        self._box_items: dict[object, tuple[QTreeWidgetItem, str]] = {}
        self.currentItemChanged.connect(self._on_current_item_changed)

    def set_sections(
        self,
        boxes: list[Box],
        *,
        admin: bool,
        task_boxes: list[TaskBox] | None = None,
        leader: bool = False,
    ) -> None:
        """The overview, the lists of `boxes` and `task_boxes`, the schedule, and "Quản trị"
        when `admin`; nothing but "Quản trị" when nobody is signed in (`boxes` empty)."""
        self.ensurePolished()  # row heights follow the stylesheet's item padding
        self.blockSignals(True)
        self.clear()
        self._box_items.clear()
        if boxes:  # somebody is signed in
            overview = self._section(tr("Tổng quan"))
            self._entry(overview, tr("Tổng quan"), DASHBOARD_KEY)
            self._entry(overview, tr("Thống kê, báo cáo"), STATISTICS_KEY)
            self._entry(overview, tr("Tìm kiếm"), SEARCH_KEY)
        incoming = self._section(tr("Văn bản đến"))
        for box in boxes:
            self._counted(incoming, box_label(box), box)
        if boxes:
            outgoing = self._section(tr("Văn bản đi"))
            self._entry(outgoing, tr("Dự thảo, ký, ban hành"), OUTGOING_KEY)
            tasks = self._section(tr("Công việc"))
            for task_box in task_boxes or []:
                self._counted(tasks, task_box_label(task_box, leader=leader), task_box)
            schedule = self._section(tr("Lịch công tác"))
            self._entry(schedule, tr("Lịch công tác tuần"), SCHEDULE_KEY)
        if admin:
            section = self._section(tr("Hệ thống"))
            self._entry(section, tr("Quản trị"), ADMIN_KEY)
        self.expandAll()
        self.blockSignals(False)

    @staticmethod
    def _entry(section: QTreeWidgetItem, title: str, key: object) -> QTreeWidgetItem:
        item = QTreeWidgetItem(section, [title])
        item.setData(0, NodeRole, key)
        return item

    def _counted(self, section: QTreeWidgetItem, title: str, key: object) -> None:
        self._box_items[key] = (self._entry(section, title, key), title)

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def set_counts(self, counts: Mapping[Box, int] | Mapping[TaskBox, int]) -> None:
        """Show "Chờ vào sổ (12)" beside each list named in `counts`; waiting work in bold."""
        for key, count in counts.items():
            found = self._box_items.get(key)
            if found is None:
                continue
            item, title = found
            item.setText(0, f"{title} ({count})")
            font = item.font(0)
            font.setBold(bool(count) and key in _ACTION_BOXES)
            item.setFont(0, font)

    def entry_title(self, key: object) -> str:
        """The entry's title without its count; empty when absent."""
        found = self._box_items.get(key)
        if found is not None:
            return found[1]
        for item in self.entries():
            if item.data(0, NodeRole) == key:
                return item.text(0)
        return ""

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
