"""The outgoing lists of the signed-in user, with their counts ("Chờ ký số (2)")."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QFontMetrics
from PyQt6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.services.outgoing_dto import OutgoingBox
from app.views.outgoing.labels import box_label

BoxRole = Qt.ItemDataRole.UserRole + 1
# Lists where a non-zero count means work waiting for this user: shown in bold.
ACTION_BOXES = frozenset(OutgoingBox) - {OutgoingBox.MY_DRAFTS, OutgoingBox.ISSUED}
ITEM_PADDING = 6
# They look like the window's navigation (resources/styles/app.qss, QTreeWidget#navigation).
STYLE = (
    "QListWidget { background: #f4f6f9; border: 1px solid #d5dbe3; padding-top: 4px; }"
    f"QListWidget::item {{ padding: 5px {ITEM_PADDING}px; }}"
    "QListWidget::item:selected { background: #1f5fa8; color: white; }"
)


class BoxList(QListWidget):
    """One entry per list; choosing one asks the page to show it.

    Signals:
        box_chosen(object): the user (or `select_box`) chose this OutgoingBox.
    """

    box_chosen = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outgoingBoxes")
        self.setStyleSheet(STYLE)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bold = self.font()
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        longest = max(metrics.horizontalAdvance(f"{box_label(b)} (999)") for b in OutgoingBox)
        self.setMinimumWidth(longest + 2 * ITEM_PADDING + 8)
        self.counts: dict[OutgoingBox, int] = {}
        self.currentItemChanged.connect(self._on_current_item_changed)

    def boxes(self) -> list[OutgoingBox]:
        """The lists shown, top to bottom."""
        return [OutgoingBox(item.data(BoxRole)) for item in self._items()]

    def _items(self) -> list[QListWidgetItem]:
        return [item for i in range(self.count()) if (item := self.item(i)) is not None]

    def set_boxes(self, boxes: list[OutgoingBox], current: OutgoingBox) -> None:
        """Show `boxes`; `current` stays chosen (silently) when it is one of them, else the
        first is chosen (and announced)."""
        self.blockSignals(True)
        self.clear()
        for box in boxes:
            QListWidgetItem(box_label(box), self).setData(BoxRole, box)
        if current in boxes:
            self.setCurrentRow(boxes.index(current))
        self.blockSignals(False)
        self.set_counts(self.counts)
        if current not in boxes and boxes:
            self.setCurrentRow(0)

    def set_counts(self, counts: dict[OutgoingBox, int]) -> bool:
        """Show "Chờ ký số (2)" beside each list, waiting work in bold; True if a count moved."""
        changed = counts != self.counts
        self.counts = dict(counts)
        for item in self._items():
            box = OutgoingBox(item.data(BoxRole))
            count = counts.get(box, 0)
            item.setText(f"{box_label(box)} ({count})" if count else box_label(box))
            font = item.font()
            font.setBold(bool(count) and box in ACTION_BOXES)
            item.setFont(font)
        return changed

    def box_text(self, box: OutgoingBox) -> str:
        """The shown text of a list, e.g. "Chờ ký số (1)"; empty when absent."""
        return next((i.text() for i in self._items() if i.data(BoxRole) == box), "")

    def select_box(self, box: OutgoingBox) -> bool:
        """Choose the list `box`; False when the user has no such list."""
        for item in self._items():
            if item.data(BoxRole) == box:
                self.setCurrentItem(item)
                return True
        return False

    def _on_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None:
            self.box_chosen.emit(OutgoingBox(current.data(BoxRole)))
