"""Tables of the journal: the local op log and device-local bookkeeping.

`ops`, `local_meta`, `number_claims` and `quarantined_ops` are local (`__local__`), left out of the
state hash; `entity_heads` and `flagged_ops` are part of the projection.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class OpRecord(Base):
    """One signed op, as received or made: the canonical body and its signature."""

    __tablename__ = "ops"
    __local__ = True
    op_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    device: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer)
    order_key: Mapped[str] = mapped_column(String(120))
    actor: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        Index("ix_ops_entity_order", "entity", "order_key"),
        Index("ix_ops_device_seq", "device", "seq", unique=True),
        Index("ix_ops_actor_order", "actor", "order_key"),
        Index("ix_ops_order", "order_key"),
    )


class LocalMeta(Base):
    """Device-local key/value facts: space id, device id, last HLC, next seq, chain head."""

    __tablename__ = "local_meta"
    __local__ = True
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class NumberClaim(Base):
    """A number taken in a series and year, naming the document that holds it."""

    __tablename__ = "number_claims"
    __local__ = True
    series: Mapped[str] = mapped_column(String(60), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), index=True)


class QuarantinedOp(Base):
    """An op that failed verification on receipt (bad signature, unknown device); kept aside."""

    __tablename__ = "quarantined_ops"
    __local__ = True
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary)
    reason: Mapped[str] = mapped_column(Text)


class EntityHead(Base):
    """The order key of the newest op applied to an entity: older arrivals trigger a re-fold."""

    __tablename__ = "entity_heads"
    entity: Mapped[str] = mapped_column(String(60), primary_key=True)
    order_key: Mapped[str] = mapped_column(String(120))


class FlaggedOp(Base):
    """An op kept in the log but not applied: a losing concurrent transition or a missing role."""

    __tablename__ = "flagged_ops"
    op_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    entity: Mapped[str] = mapped_column(String(60), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)
