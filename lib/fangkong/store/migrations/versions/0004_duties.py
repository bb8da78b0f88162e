"""The rest of the article's duties: screening, checkpoints and their duty, patrols,
farming, employment; volunteer_services' household_id and party_members.

Revision ID: 0004_duties
Revises: 0002
Create Date: 2026-12-12

As in the baseline, the schema is written here as it is at this revision, not
read from :mod:`fangkong.store.tables`. The two columns of volunteer_services go
before the provenance columns, where a new store has them: the table is rebuilt
(``batch_alter_table``), its rows kept, the new columns blank.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import sqlite

revision = "0004_duties"
down_revision = "0002"
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
_TYPES = {
    "text": sa.Text,
    "enum": lambda: sa.String(64),
    "set": sa.Text,
    "int": sa.Integer,
    "float": sa.Float,
    "date": lambda: _DATE,
    "datetime": lambda: _DATETIME,
}

#: New input table -> its columns as "name kind", after ``store_id``, before the provenance.
TABLES = {
    "screening": (
        "date date, village text, households_screened int, people_screened int, "
        "returnees_found int, risk_area_found int, referred int, screened_by text"
    ),
    "checkpoints": (
        "checkpoint_id text, name text, village text, kind enum, shifts_per_day int, status enum"
    ),
    "checkpoint_duty": (
        "checkpoint_id text, date date, shift enum, on_duty text, party_members int, "
        "people_registered int, vehicles_registered int, temperature_alerts int"
    ),
    "patrols": (
        "date date, village text, started_at datetime, ended_at datetime, patrollers int, "
        "party_members int, issues_found int, issues_detail text"
    ),
    "farming": (
        "date date, village text, crop text, planned_mu float, sown_mu float, needs set, "
        "needs_detail text"
    ),
    "employment": "date date, village text, job_seekers int, jobs_offered int, placed int",
}
#: Index name -> (table, columns).
INDEXES = {
    "ix_screening_when": ("screening", "date"),
    "ix_checkpoints_key": ("checkpoints", "checkpoint_id submitted_on ingested_at"),
    "ix_checkpoint_duty_when": ("checkpoint_duty", "date"),
    "ix_patrols_when": ("patrols", "started_at"),
    "ix_farming_when": ("farming", "date"),
    "ix_employment_when": ("employment", "date"),
}
_PROVENANCE = (
    ("src_file", "text", False),
    ("src_sha256", "text", False),
    ("src_sheet", "text", True),
    ("src_row", "int", False),
    ("src_village", "text", True),
    ("submitted_on", "date", False),
    ("ingested_at", "datetime", False),
)


def upgrade() -> None:
    """Create the six tables; add volunteer_services' two columns after ``note``."""
    for name, spec in TABLES.items():
        pairs = [column.split() for column in spec.split(", ")]
        op.create_table(
            name,
            sa.Column("store_id", sa.Integer, primary_key=True, autoincrement=True),
            *[sa.Column(column, _TYPES[kind]()) for column, kind in pairs],
            *[
                sa.Column(column, _TYPES[kind](), nullable=nullable)
                for column, kind, nullable in _PROVENANCE
            ],
        )
    for index, (table, columns) in INDEXES.items():
        op.create_index(index, table, columns.split())
    _rebuild_volunteer_services()


#: volunteer_services at revision 0002, and the two columns this revision adds after ``note``.
_VOLUNTEERS_0002 = "date date, village text, service enum, served int, volunteers int, note text"
_VOLUNTEERS_ADDED = "household_id text, party_members int"


def _volunteer_columns(spec: str) -> list[sa.Column]:
    pairs = [column.split() for column in spec.split(", ")]
    return [
        sa.Column("store_id", sa.Integer, primary_key=True, autoincrement=True),
        *[sa.Column(column, _TYPES[kind]()) for column, kind in pairs],
        *[
            sa.Column(column, _TYPES[kind](), nullable=nullable)
            for column, kind, nullable in _PROVENANCE
        ],
    ]


def _rebuild_volunteer_services(spec: str = f"{_VOLUNTEERS_0002}, {_VOLUNTEERS_ADDED}") -> None:
    """Make volunteer_services anew with the columns of ``spec``, its rows kept.

    The rows go to a holding table and back, so that the table is created under
    its own name, as a new store has it (a renamed table keeps a quoted name in
    SQLite's schema); columns not in both are left blank or dropped.
    """
    kept = [c.name for c in _volunteer_columns(_VOLUNTEERS_0002)]  # in both shapes
    old = sa.table("volunteer_services", *[sa.column(c) for c in kept])
    hold = op.create_table("volunteer_services_0004", *_volunteer_columns(_VOLUNTEERS_0002))
    op.execute(sa.insert(hold).from_select(kept, sa.select(*[old.c[c] for c in kept])))
    op.drop_index("ix_volunteer_services_when", "volunteer_services")
    op.drop_table("volunteer_services")
    new = op.create_table("volunteer_services", *_volunteer_columns(spec))
    op.execute(sa.insert(new).from_select(kept, sa.select(*[hold.c[c] for c in kept])))
    op.drop_table("volunteer_services_0004")
    op.create_index("ix_volunteer_services_when", "volunteer_services", ["date"])


def downgrade() -> None:
    """Drop the six tables and volunteer_services' two columns (their values are lost)."""
    _rebuild_volunteer_services(_VOLUNTEERS_0002)
    for table in TABLES:
        op.drop_table(table)
