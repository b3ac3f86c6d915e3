"""Numbers that must be unique and gap-free per series and year (số đến, số đi).

Without a shared target the local store is the numbering authority: a claim row is taken inside
the writer's BEGIN IMMEDIATE transaction, together with the op that uses it, so two clerks (or
the GUI and a CLI command) on one machine can never take the same number.

With a shared target the number is claimed there (app/sync/claims.py), outside any local
transaction. Before each attempt the device notes which number it is trying for the document, so
after a crash it looks at that claim again and adopts it when it names the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.errors import AuthError
from app.i18n import tr
from app.journal.log import Journal, meta_get, meta_set
from app.models import LocalMeta, NumberClaim
from app.sync.claims import Claim, ClaimBook
from app.sync.target import Target
from app.timeutil import Clock


class LocalNumberAuthority:
    """Claims numbers in the local store."""

    def claim(self, session: Session, series: str, year: int, document_id: str) -> int:
        """The document's number in the series and year: its existing claim, or the next one."""
        existing = session.scalars(
            select(NumberClaim.number).where(
                NumberClaim.series == series,
                NumberClaim.year == year,
                NumberClaim.document_id == document_id,
            )
        ).first()
        if existing is not None:
            return existing
        top = session.scalar(
            select(func.max(NumberClaim.number)).where(
                NumberClaim.series == series, NumberClaim.year == year
            )
        )
        number = (top or 0) + 1
        session.add(NumberClaim(series=series, year=year, number=number, document_id=document_id))
        session.flush()
        return number


@dataclass(frozen=True)
class Taken:
    """A number held by a document: its series and year may be those of an adopted claim."""

    series: str
    year: int
    number: int


def attempt_key(document_id: str) -> str:
    """The local note of the number being tried for a document."""
    return f"claim_attempt:{document_id}"


def forget_attempt(session: Session, document_id: str) -> None:
    """Drop the note once the number is committed in an op (same transaction)."""
    row = session.get(LocalMeta, attempt_key(document_id))
    if row is not None:
        session.delete(row)


class TargetNumberAuthority:
    """Claims numbers on the shared target with its atomic create-if-absent."""

    def __init__(
        self,
        target: Callable[[], Target],
        write: sessionmaker[Session],
        journal: Journal,
        clock: Clock,
    ) -> None:
        self._target = target  # opened on first use: the app starts without touching the network
        self._write = write
        self._journal = journal
        self._clock = clock

    @property
    def _book(self) -> ClaimBook:
        return ClaimBook(self._target())

    def claim(self, series: str, year: int, document_id: str, actor: str) -> Taken:
        """The document's number: the claim it already holds, or the next free one.

        Network errors (TargetUnreachable) propagate: the document then waits as "chờ cấp số".
        """
        key = self._journal.signing_key
        if key is None:
            raise AuthError(tr("Khóa của máy chưa được mở: hãy đăng nhập lại."))
        book = self._book
        adopted = self._adopt(book, document_id)
        if adopted is not None:
            return adopted
        top_key = f"claim_top:{series}:{year}"
        with self._write.begin() as s:
            known = int(meta_get(s, top_key, "0"))
        number = book.highest(series, year, known) + 1
        while True:
            with self._write.begin() as s:
                meta_set(s, attempt_key(document_id), f"{series}|{year}|{number}")
            claim = Claim(
                series=series,
                year=year,
                number=number,
                document=document_id,
                device=self._journal.device_id,
                actor=actor,
                at=self._clock.now().astimezone(dt.UTC).isoformat(),
            )
            if book.try_claim(claim, key):
                break
            holder = book.holder(series, year, number)
            if holder is not None and holder.document == document_id:
                break
            number = max(number + 1, book.highest(series, year, number) + 1)
        with self._write.begin() as s:
            meta_set(s, top_key, str(number))
        return Taken(series, year, number)

    def _adopt(self, book: ClaimBook, document_id: str) -> Taken | None:
        with self._write.begin() as s:
            note = meta_get(s, attempt_key(document_id))
        if not note:
            return None
        series, year_text, number_text = note.split("|")
        year, number = int(year_text), int(number_text)
        holder = book.holder(series, year, number)
        if holder is not None and holder.document == document_id:
            return Taken(series, year, number)
        return None
