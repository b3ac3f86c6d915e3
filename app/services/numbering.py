"""Numbers that must be unique and gap-free per series and year (số đến, số đi).

On one machine the local store is the numbering authority: a claim row is taken inside the
writer's BEGIN IMMEDIATE transaction, together with the op that uses it, so two clerks (or the
GUI and a CLI command) can never take the same number. A shared target takes this role in sync.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import NumberClaim


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
