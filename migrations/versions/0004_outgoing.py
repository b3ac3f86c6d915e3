"""outgoing documents, trust roots, signature images, settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outgoing_documents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('doc_type', sa.String(length=100), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('notation', sa.String(length=30), nullable=False),
    sa.Column('urgency', sa.String(length=20), nullable=False),
    sa.Column('confidentiality', sa.String(length=20), nullable=False),
    sa.Column('recipients_text', sa.String(length=1000), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('drafting_unit_id', sa.String(length=40), nullable=True),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('signer_id', sa.String(length=40), nullable=False),
    sa.Column('signer_authority', sa.String(length=100), nullable=False),
    sa.Column('signer_position', sa.String(length=100), nullable=False),
    sa.Column('reviewer_id', sa.String(length=40), nullable=True),
    sa.Column('content_reviewed_by', sa.String(length=40), nullable=True),
    sa.Column('form_reviewed_by', sa.String(length=40), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('final_blob', sa.String(length=64), nullable=True),
    sa.Column('signed_blob', sa.String(length=64), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('signer_certificate', sa.String(length=300), nullable=False),
    sa.Column('issued_blob', sa.String(length=64), nullable=True),
    sa.Column('register_id', sa.String(length=60), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('issued_date', sa.Date(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('issued_by', sa.String(length=40), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('copies', sa.Integer(), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_documents'))
    )
    with op.batch_alter_table('outgoing_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_documents_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_documents_created_by'), ['created_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_documents_issued_date'), ['issued_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_documents_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_documents_signer_id'), ['signer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_documents_state'), ['state'], unique=False)
        batch_op.create_index('ix_outgoing_year_number', ['year', 'number'], unique=False)

    op.create_table('outgoing_files',
    sa.Column('op_id', sa.String(length=60), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('blob', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.String(length=40), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_outgoing_files'))
    )
    with op.batch_alter_table('outgoing_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_files_document_id'), ['document_id'], unique=False)

    op.create_table('outgoing_recipients',
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('recipient_kind', sa.String(length=10), nullable=False),
    sa.Column('recipient_id', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('document_id', 'recipient_kind', 'recipient_id', name=op.f('pk_outgoing_recipients'))
    )
    op.create_table('signature_images',
    sa.Column('owner', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('blob', sa.String(length=64), nullable=False),
    sa.Column('size_mm', sa.Double(), nullable=True),
    sa.Column('set_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('owner', name=op.f('pk_signature_images'))
    )
    op.create_table('space_settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_space_settings'))
    )
    op.create_table('trust_roots',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('der', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('not_after', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=40), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_trust_roots'))
    )


def downgrade() -> None:
    op.drop_table('trust_roots')
    op.drop_table('space_settings')
    op.drop_table('signature_images')
    op.drop_table('outgoing_recipients')
    with op.batch_alter_table('outgoing_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_files_document_id'))

    op.drop_table('outgoing_files')
    with op.batch_alter_table('outgoing_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_year_number')
        batch_op.drop_index(batch_op.f('ix_outgoing_documents_state'))
        batch_op.drop_index(batch_op.f('ix_outgoing_documents_signer_id'))
        batch_op.drop_index(batch_op.f('ix_outgoing_documents_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_outgoing_documents_issued_date'))
        batch_op.drop_index(batch_op.f('ix_outgoing_documents_created_by'))
        batch_op.drop_index(batch_op.f('ix_outgoing_documents_created_at'))

    op.drop_table('outgoing_documents')
