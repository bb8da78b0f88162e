"""Alert follow-up: the input table alert_feedback and the alert history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

As in the baseline, the schema is written here as it is at this revision, not
read from :mod:`fangkong.store.tables`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import sqlite

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_DATE = sa.Date().with_variant(
    sqlite.DATE(storage_format="%(year)04d-%(month)02d-%(day)02d"), "sqlite"
)
_DATETIME = sa.DateTime().with_variant(
    sqlite.DATETIME(
        storage_format=(
            "%(year)04d-%(month)02d-%(day)02d "
            "%(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
        )
    ),
    "sqlite",
)


def upgrade() -> None:
    """Create alert_feedback, alert_keys, alert_recordings and alert_days."""
    op.create_table(
        "alert_feedback",
        sa.Column("store_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_key", sa.Text),
        sa.Column("handled_at", _DATETIME),
        sa.Column("action", sa.Text),
        sa.Column("handled_by", sa.Text),
        sa.Column("closed", sa.Boolean),
        sa.Column("src_file", sa.Text, nullable=False),
        sa.Column("src_sha256", sa.Text, nullable=False),
        sa.Column("src_sheet", sa.Text, nullable=True),
        sa.Column("src_row", sa.Integer, nullable=False),
        sa.Column("src_village", sa.Text, nullable=True),
        sa.Column("submitted_on", _DATE, nullable=False),
        sa.Column("ingested_at", _DATETIME, nullable=False),
    )
    op.create_index("ix_alert_feedback_when", "alert_feedback", ["handled_at"])
    op.create_table(
        "alert_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("town_id", sa.String(64), nullable=False),
        sa.Column("report", sa.String(64), nullable=False),
        sa.Column("key", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("village", sa.String(100)),
        sa.Column("first_day", _DATE, nullable=False),
        sa.Column("created_at", _DATETIME, nullable=False),
        sa.UniqueConstraint("town_id", "report", "key", name="uq_alert_keys_key"),
    )
    op.create_index("ix_alert_keys_subject", "alert_keys", ["town_id", "report", "kind", "subject"])
    op.create_table(
        "alert_recordings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("town_id", sa.String(64), nullable=False),
        sa.Column("report", sa.String(64), nullable=False),
        sa.Column("day", _DATE, nullable=False),
        sa.Column("recorded_at", _DATETIME, nullable=False),
    )
    op.create_index("ix_alert_recordings_day", "alert_recordings", ["town_id", "report", "day"])
    op.create_table(
        "alert_days",
        sa.Column(
            "recording_id", sa.Integer, sa.ForeignKey("alert_recordings.id"), primary_key=True
        ),
        sa.Column("key_id", sa.Integer, sa.ForeignKey("alert_keys.id"), primary_key=True),
    )


def downgrade() -> None:
    """Drop the four tables (the alert history is derived; feedback rows are lost)."""
    for table in ("alert_days", "alert_recordings", "alert_keys", "alert_feedback"):
        op.drop_table(table)
