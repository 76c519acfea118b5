"""Initial schema: customers, events, actions, triage_items.

Revision ID: 0001_initial
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("tier_source", sa.String(16), nullable=False),
        sa.Column("total_spend", sa.Float(), nullable=True),
        sa.Column("order_count", sa.Integer(), nullable=True),
        _ts("last_order_at", nullable=True),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("emotion", sa.String(16), nullable=True),
        sa.Column("emotions", sa.JSON(), nullable=True),
        sa.Column("ad_tone", sa.String(16), nullable=True),
        sa.Column("ad_confidence", sa.Float(), nullable=True),
        _ts("as_of", nullable=True),
        _ts("last_event_at", nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
    )
    op.create_table(
        "events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("customer_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("order_value", sa.Float(), nullable=True),
        _ts("occurred_at"),
        _ts("received_at"),
        sa.Column("analysis", sa.JSON(), nullable=False),
        sa.Column("risk_flags", sa.JSON(), nullable=False),
        sa.Column("triage_item_id", sa.String(64), nullable=True),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_events_customer_id_customers", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
    )
    op.create_index("ix_events_customer_timeline", "events", ["customer_id", "occurred_at", "id"])
    op.create_table(
        "actions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(128), nullable=False),
        sa.Column("event_pk", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("priority", sa.String(4), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("expected_value", sa.Float(), nullable=False),
        sa.Column("sla_minutes", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _ts("at"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_actions_customer_id_customers", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_pk"], ["events.id"], name="fk_actions_event_pk_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
    )
    op.create_index("ix_actions_customer_at", "actions", ["customer_id", "at"])
    op.create_index("ix_actions_at", "actions", ["at"])
    op.create_index("ix_actions_event_pk", "actions", ["event_pk"])
    op.create_table(
        "triage_items",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("customer_id", sa.String(128), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.String(4), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("severity", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_text", sa.Text(), nullable=False),
        sa.Column("last_text", sa.Text(), nullable=False),
        sa.Column("emotion", sa.String(16), nullable=False),
        sa.Column("risk_flags", sa.JSON(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        _ts("sla_due_at", nullable=True),
        _ts("opened_at"),
        _ts("updated_at"),
        _ts("acknowledged_at", nullable=True),
        _ts("resolved_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name="fk_triage_items_customer_id_customers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_triage_items"),
    )
    op.create_index("ix_triage_queue", "triage_items", ["status", "channel", "tier"])
    op.create_index("ix_triage_customer_status", "triage_items", ["customer_id", "status"])


def downgrade() -> None:
    op.drop_table("triage_items")
    op.drop_table("actions")
    op.drop_table("events")
    op.drop_table("customers")
