"""sync: revoked devices' last seq, quarantine digest

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_after_seq", sa.Integer(), nullable=True))
    with op.batch_alter_table("quarantined_ops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_quarantined_ops_digest"), ["digest"])


def downgrade() -> None:
    with op.batch_alter_table("quarantined_ops", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_quarantined_ops_digest"), type_="unique")
        batch_op.drop_column("digest")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("revoked_after_seq")
