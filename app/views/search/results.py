"""The result list: a page of hits at a time, each drawn as kind · date · state, title, snippet."""

from __future__ import annotations

import html
import re
import unicodedata

from PyQt6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PyQt6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.services.search_dto import SearchHit
from app.timeutil import fmt_date
from app.views.search.labels import kind_label, state_label

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_MUTED = "#5b6573"
_PAD = 6
_D_WITH_STROKE = str.maketrans({0x0111: "d", 0x0110: "d"})  # "đ" and "Đ" have no NFD base
MARKED_WORDS = 30  # a pasted page marks its first words only
_Index = QModelIndex | QPersistentModelIndex


def _loose(char: str) -> str:
    """One character without its diacritics, "đ" as "d", lower case (one character out)."""
    base = unicodedata.normalize("NFD", char.translate(_D_WITH_STROKE))[:1]
    folded = base.casefold()
    return folded if len(folded) == 1 else char


def marked_title(title: str, query: str) -> str:
    """The title as HTML with the words of `query` in bold where a title word starts with them.

    The service's snippet comes from the rest of the metadata, so a match in the title is
    marked here the way the snippet marks it: "cai cach" bolds "Cải cách".
    """
    loose = "".join(_loose(c) for c in title)
    found = re.findall(r"[^\W_]+", query)[:MARKED_WORDS]
    words = {"".join(_loose(c) for c in w) for w in found}
    bold = [False] * len(title)
    for word in words:
        for m in re.finditer(r"(?<![^\W_])" + re.escape(word), loose):
            bold[m.start() : m.end()] = [True] * (m.end() - m.start())
    out: list[str] = []
    for i, char in enumerate(title):
        if bold[i] and (i == 0 or not bold[i - 1]):
            out.append("<b>")
        out.append(html.escape(char))
        if bold[i] and (i + 1 == len(title) or not bold[i + 1]):
            out.append("</b>")
    return "".join(out)


def hit_html(hit: SearchHit, query: str = "", *, selected: bool = False) -> str:
    """A hit as rich text: kind, date and state, the title, the snippet with matches in bold."""
    meta = [kind_label(hit.kind)]
    if hit.day is not None:
        meta.append(fmt_date(hit.day))
    if hit.state:
        meta.append(state_label(hit.kind, hit.state))
    top = html.escape(" · ".join(meta))
    meta_style = "" if selected else f"color:{_MUTED}; "  # grey is unreadable on the selection
    return (
        f'<div style="{meta_style}font-size:small">{top}</div>'
        f"<div style='font-size:large'>{marked_title(hit.title, query)}</div>"
        f"<div>{hit.snippet_html()}</div>"
    )


class ResultsModel(QAbstractListModel):
    """The hits shown so far, best first; more pages are appended as the user scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self.query = ""  # the words the hits were found for (marked in the titles)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's default
        """The number of hits loaded (none under a parent: it is a flat list)."""
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The title as text, the hit itself under HIT_ROLE, the snippet as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet
        return None

    def hits(self) -> list[SearchHit]:
        """The hits loaded, in order."""
        return list(self._hits)

    def reset(self, hits: tuple[SearchHit, ...], query: str = "") -> None:
        """Show a new first page, found for `query`."""
        self.beginResetModel()
        self._hits = list(hits)
        self.query = query
        self.endResetModel()

    def append(self, hits: tuple[SearchHit, ...]) -> None:
        """Add the next page at the end (a hit already shown is not repeated)."""
        seen = {(h.kind, h.id) for h in self._hits}
        fresh = [h for h in hits if (h.kind, h.id) not in seen]
        if not fresh:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._hits.extend(fresh)
        self.endInsertRows()


class HitDelegate(QStyledItemDelegate):
    """Draws a hit's rich text (a QTextDocument), wrapped to the list's width."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, option: QStyleOptionViewItem, index: _Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        hit = index.data(HIT_ROLE)
        model = index.model()
        query = model.query if isinstance(model, ResultsModel) else ""
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        doc.setHtml(hit_html(hit, query, selected=selected) if isinstance(hit, SearchHit) else "")
        viewport = self._view.viewport()
        width = viewport.width() if viewport is not None else option.rect.width()
        doc.setTextWidth(max(100, width - 2 * _PAD))
        return doc

    def paint(self, painter: QPainter | None, option: QStyleOptionViewItem, index: _Index) -> None:
        """The selection background, the text on top, a thin line under each hit."""
        if painter is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, QModelIndex(index))
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(group))
        painter.save()
        painter.translate(option.rect.left() + _PAD, option.rect.top() + _PAD)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - _PAD, option.rect.height()))
        layout = doc.documentLayout()
        if layout is not None:
            layout.draw(painter, ctx)
        painter.restore()
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """The height the wrapped text needs at the list's width."""
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()) + 2 * _PAD, int(doc.size().height()) + 2 * _PAD)
