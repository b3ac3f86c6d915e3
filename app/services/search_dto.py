"""What the search box, its result list and the CLI exchange with the search service."""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass

from app.i18n import N_
from app.search.snippet import Segment, marked

PAGE_SIZE = 50
COUNT_CAP = 1_000  # results counted at most ("hơn 1 000 kết quả")
SAVED_NAME_MAX = 100
SAVED_QUERY_MAX = 500


class SearchKind(enum.StrEnum):
    """What a result is (the kind of the entity it opens)."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    TASK = "task"
    SCHEDULE = "schedule"


KIND_LABELS = {
    SearchKind.INCOMING: N_("Văn bản đến"),
    SearchKind.OUTGOING: N_("Văn bản đi"),
    SearchKind.TASK: N_("Công việc"),
    SearchKind.SCHEDULE: N_("Lịch công tác"),
}


@dataclass(frozen=True)
class SearchFilter:
    """Narrowing a search: kinds (empty: all), loại văn bản, dates, cơ quan ban hành, unit, state.

    `doc_type` and `agency` match accent-insensitively as substrings; the dates bound the
    result's date (arrival or issue date, a task's due date, an entry's day).
    """

    kinds: frozenset[SearchKind] = frozenset()
    doc_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agency: str = ""
    unit_id: str | None = None
    states: frozenset[str] = frozenset()


def filter_to_json(flt: SearchFilter) -> str:
    """A filter as stored with a saved search."""
    return json.dumps(
        {
            "kinds": sorted(flt.kinds),
            "doc_type": flt.doc_type,
            "date_from": flt.date_from.isoformat() if flt.date_from else None,
            "date_to": flt.date_to.isoformat() if flt.date_to else None,
            "agency": flt.agency,
            "unit_id": flt.unit_id,
            "states": sorted(flt.states),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def filter_from_json(raw: str) -> SearchFilter:
    """The filter of a saved search (unknown or damaged parts are left out)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return SearchFilter()
    if not isinstance(data, dict):
        return SearchFilter()

    def day(key: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(data[key])) if data.get(key) else None
        except ValueError:
            return None

    kinds = {k for k in data.get("kinds", []) if k in SearchKind.__members__.values()}
    return SearchFilter(
        kinds=frozenset(SearchKind(k) for k in kinds),
        doc_type=str(data.get("doc_type") or ""),
        date_from=day("date_from"),
        date_to=day("date_to"),
        agency=str(data.get("agency") or ""),
        unit_id=str(data["unit_id"]) if data.get("unit_id") else None,
        states=frozenset(str(x) for x in data.get("states", [])),
    )


@dataclass(frozen=True)
class SavedSearch:
    """A search a user keeps by name (on this PC)."""

    id: str
    name: str
    query: str
    filter: SearchFilter


@dataclass(frozen=True)
class SearchHit:
    """One result: what to open (`kind`, `id`), its title and the matching passage."""

    kind: SearchKind
    id: str
    title: str
    segments: tuple[Segment, ...]
    day: dt.date | None
    state: str
    doc_type: str
    agency: str
    week_id: str  # the week of a schedule entry ("" otherwise)
    score: float

    @property
    def snippet(self) -> str:
        """The passage with the matching words between [ and ]."""
        return marked(self.segments)

    def snippet_html(self) -> str:
        """The passage as HTML, matching words in bold (for a rich-text label)."""
        import html

        return "".join(
            f"<b>{html.escape(t)}</b>" if hit else html.escape(t) for t, hit in self.segments
        )


@dataclass(frozen=True)
class SearchPage:
    """One page of results, best first; `has_more` when another page follows."""

    hits: tuple[SearchHit, ...]
    offset: int
    has_more: bool
    total: int | None = None  # how many results, when asked (COUNT_CAP + 1: "more than")


@dataclass(frozen=True)
class FileIndexReport:
    """What one round of reading files found."""

    read: int  # files whose text is now known
    needs_ocr: int  # scans without a text layer (waiting for OCR)
    failed: int  # damaged or unsupported files
    remaining: int  # documents still waiting for a file to be read
    refreshed: int = 0  # documents whose index entry now has their files' text
