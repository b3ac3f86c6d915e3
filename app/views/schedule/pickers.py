"""The entry dialog's pickers: people and units taking part, and related documents."""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.models.enums import AssigneeKind
from app.services.directory import UnitInfo, UserInfo
from app.services.incoming_dto import HandlerRef
from app.services.schedule_dto import WEEKDAY_NAMES, DocumentChoice, LinkView, Recurrence
from app.services.space import Space
from app.textfold import fold
from app.ui_support.ops import QueryOp
from app.views.incoming.callbacks import guarded
from app.views.incoming.date_edit import DateField

RefRole = Qt.ItemDataRole.UserRole + 1
SHORT_DAYS = (N_("T2"), N_("T3"), N_("T4"), N_("T5"), N_("T6"), N_("T7"), N_("CN"))


class ParticipantPicker(QWidget):
    """Check the people and units who take part; a filter box narrows the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(tr("Lọc theo tên…"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setMinimumHeight(110)
        self.list.setMaximumHeight(150)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.setFocusProxy(self.filter)

    def set_choices(self, users: list[UserInfo], units: list[UnitInfo]) -> None:
        """People first (title and name), then units."""
        self.list.clear()
        for user in users:
            text = f"{user.full_name} — {user.position}" if user.position else user.full_name
            self._add(text, HandlerRef(AssigneeKind.USER, user.id))
        for unit in units:
            self._add(
                tr("Đơn vị: {name}").format(name=unit.name), HandlerRef(AssigneeKind.UNIT, unit.id)
            )

    def _add(self, text: str, ref: HandlerRef) -> None:
        item = QListWidgetItem(text, self.list)
        item.setData(RefRole, ref)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)

    def _items(self) -> list[QListWidgetItem]:
        return [item for i in range(self.list.count()) if (item := self.list.item(i)) is not None]

    def set_checked(self, refs: tuple[HandlerRef, ...]) -> None:
        """Check exactly `refs`."""
        wanted = set(refs)
        for item in self._items():
            on = item.data(RefRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def check(self, ref: HandlerRef, on: bool = True) -> None:
        """Check (or uncheck) one person or unit."""
        for item in self._items():
            if item.data(RefRole) == ref:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> tuple[HandlerRef, ...]:
        """What is checked, in list order."""
        return tuple(
            item.data(RefRole)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def _on_filter_text_changed(self, text: str) -> None:
        wanted = fold(text)
        for item in self._items():
            item.setHidden(bool(wanted) and wanted not in fold(item.text()))


class LinkPicker(QWidget):
    """Search documents by số, ký hiệu or trích yếu and link them; remove a link."""

    def __init__(self, space: Space, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._space = space
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Tìm văn bản theo số, ký hiệu, trích yếu…"))
        self.search_button = QPushButton(tr("Tìm"), self)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(80)
        self.results.hide()
        self.linked = QListWidget(self)
        self.linked.setMaximumHeight(70)
        self.add_button = QPushButton(tr("Gắn văn bản"), self)
        self.remove_button = QPushButton(tr("Bỏ gắn"), self)
        self.search.returnPressed.connect(self._on_search_button_clicked)
        self.search_button.clicked.connect(self._on_search_button_clicked)
        self.results.itemDoubleClicked.connect(self._on_results_item_double_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.results)
        layout.addLayout(buttons)
        layout.addWidget(self.linked)
        self.setFocusProxy(self.search)

    def set_links(self, links: tuple[LinkView, ...]) -> None:
        """Show an entry's current links."""
        self.linked.clear()
        for link in links:
            self._link(link.ref, link.text)

    def refs(self) -> tuple[str, ...]:
        """The linked documents' refs."""
        return tuple(
            str(item.data(RefRole))
            for i in range(self.linked.count())
            if (item := self.linked.item(i)) is not None
        )

    def _link(self, ref: str, text: str) -> None:
        if ref in self.refs():
            return
        item = QListWidgetItem(text, self.linked)
        item.setData(RefRole, ref)
        item.setToolTip(text)

    def _on_search_button_clicked(self) -> None:
        text, svc = self.search.text(), self._space.schedule
        QueryOp(self, lambda: svc.find_documents(text)).success(guarded(self, self._on_found)).run()

    def _on_found(self, found: list[DocumentChoice]) -> None:
        self.results.clear()
        for choice in found:
            item = QListWidgetItem(choice.text, self.results)
            item.setData(RefRole, choice.ref)
            item.setToolTip(choice.text)
        if not found:
            QListWidgetItem(tr("(không tìm thấy văn bản nào)"), self.results).setFlags(
                Qt.ItemFlag.NoItemFlags
            )
        self.results.show()
        self.results.setCurrentRow(0)

    def _on_results_item_double_clicked(self, item: QListWidgetItem) -> None:
        if item.data(RefRole):
            self._link(str(item.data(RefRole)), item.text())

    def _on_add_button_clicked(self) -> None:
        item = self.results.currentItem()
        if item is not None and item.data(RefRole):
            self._link(str(item.data(RefRole)), item.text())

    def _on_remove_button_clicked(self) -> None:
        row = self.linked.currentRow()
        if row >= 0:
            self.linked.takeItem(row)


class RecurrenceBox(QWidget):
    """ "Lặp lại vào: T2 … CN, đến ngày …"."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(tr("Lặp lại vào:"), self)
        self.days = [QCheckBox(tr(name), self) for name in SHORT_DAYS]
        for box, name in zip(self.days, WEEKDAY_NAMES, strict=True):
            box.setToolTip(tr(name))
        self.until = DateField(today, self, empty_text=tr("đến ngày"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        for box in self.days:
            row.addWidget(box)
        row.addWidget(self.until, 1)
        self.enabled.toggled.connect(self._on_enabled_toggled)
        self._on_enabled_toggled(False)

    def _on_enabled_toggled(self, on: bool) -> None:
        for box in self.days:
            box.setEnabled(on)
        self.until.setEnabled(on)

    def set_weekday(self, weekday: int) -> None:
        """Tick the weekday of the entry's date when nothing is ticked yet."""
        if not any(box.isChecked() for box in self.days):
            self.days[weekday].setChecked(True)

    def recurrence(self) -> Recurrence | None:
        """The recurrence asked for, or None; `until` may be None when not typed."""
        if not self.enabled.isChecked():
            return None
        until = self.until.value()
        weekdays = frozenset(i for i, box in enumerate(self.days) if box.isChecked())
        return (
            Recurrence(weekdays, until) if until is not None else Recurrence(weekdays, dt.date.min)
        )
