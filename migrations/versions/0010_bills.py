"""bills, billing items and the invoice counter (one row, seeded here)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 22:46:26.927984
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('invoice_counters',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('last_number', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_invoice_counters'))
    )
    op.create_table('bills',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('invoice_number', sa.Integer(), nullable=True),
    sa.Column('subtotal', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('total', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payment_reference', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_bills_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bills')),
    sa.UniqueConstraint('invoice_number', name=op.f('uq_bills_invoice_number')),
    sa.UniqueConstraint('user_id', 'month', 'currency', name=op.f('uq_bills_user_id_month_currency'))
    )
    op.create_index('bills_status_month', 'bills', ['status', 'month'], unique=False)
    op.create_index('bills_user_page', 'bills', ['user_id', 'month', 'id'], unique=False)
    op.create_table('billing_items',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('bill_id', sa.UUID(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('backend_id', sa.Integer(), nullable=True),
    sa.Column('app_id', sa.UUID(), nullable=True),
    sa.Column('subscription_id', sa.UUID(), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('shots', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['app_id'], ['quantum_apps.id'], name=op.f('fk_billing_items_app_id_quantum_apps'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['backend_id'], ['backends.id'], name=op.f('fk_billing_items_backend_id_backends'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], name=op.f('fk_billing_items_bill_id_bills'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['plan_subscriptions.id'], name=op.f('fk_billing_items_subscription_id_plan_subscriptions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_items'))
    )
    op.create_index('billing_items_bill', 'billing_items', ['bill_id', 'position'], unique=False)
    # Invoice numbers start at 1; the counter row is locked by each issue (no gaps).
    op.execute("INSERT INTO invoice_counters (name, last_number) VALUES ('invoice', 0)")


def downgrade() -> None:
    op.drop_index('billing_items_bill', table_name='billing_items')
    op.drop_table('billing_items')
    op.drop_index('bills_user_page', table_name='bills')
    op.drop_index('bills_status_month', table_name='bills')
    op.drop_table('bills')
    op.drop_table('invoice_counters')
