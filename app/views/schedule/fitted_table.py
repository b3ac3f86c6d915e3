"""A read-only table whose rows keep the height of their wrapped text at the current widths."""

from __future__ import annotations

from PyQt6.QtCore import QTimer
from PyQt6.QtGui import QResizeEvent, QShowEvent
from PyQt6.QtWidgets import QAbstractItemView, QTableWidget, QWidget


class FittedTable(QTableWidget):
    """Row heights are measured again once the columns have their final widths.

    (Rows sized while the table is hidden, e.g. on another tab, would keep the height of text
    wrapped in the default, narrow columns.)
    """

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.resizeRowsToContents)

    def fit_rows(self) -> None:
        """Measure the rows again once Qt has laid the table out."""
        self.resizeRowsToContents()
        self._fit.start()

    def showEvent(self, event: QShowEvent | None) -> None:
        """The columns got their widths: fit the rows."""
        super().showEvent(event)
        self._fit.start()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        """Stretched columns changed width: fit the rows."""
        super().resizeEvent(event)
        self._fit.start()
