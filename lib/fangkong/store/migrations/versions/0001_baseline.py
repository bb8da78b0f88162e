"""Baseline: the store as fangkong wrote it before migrations (commit a2a4a24).

Revision ID: 0001
Revises:
Create Date: 2026-12-06

The schema is frozen here as data, not read from :mod:`fangkong.store.tables`:
that module says what the schema is now, this file what it was at this revision.
:func:`baseline_metadata` is also what a store made before migrations is checked
against before it is stamped at this revision (:mod:`fangkong.store.versioning`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import sqlite

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite keeps dates as text in this format (the store's fast insert writes it).
_DATE_SQLITE = "%(year)04d-%(month)02d-%(day)02d"
_DATETIME_SQLITE = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
)


def _types() -> dict:
    """Column kind -> SQL type, as at this revision."""
    date = sa.Date().with_variant(sqlite.DATE(storage_format=_DATE_SQLITE), "sqlite")
    datetime = sa.DateTime().with_variant(
        sqlite.DATETIME(storage_format=_DATETIME_SQLITE), "sqlite"
    )
    return {
        "text": sa.Text(),
        "id_number": sa.String(32),
        "phone": sa.String(32),
        "uscc": sa.String(32),
        "enum": sa.String(64),
        "set": sa.Text(),
        "int": sa.Integer(),
        "float": sa.Float(),
        "date": date,
        "datetime": datetime,
        "yesno": sa.Boolean(),
    }


#: Input table -> its columns as "name kind", after ``store_id`` and before the provenance.
INPUT_TABLES = {
    "households": (
        "household_id text, village text, head_name text, head_id_number id_number, "
        "phone phone, categories set, members int, address text, cadre text, status enum"
    ),
    "enterprises": (
        "enterprise_id uscc, name text, village text, category enum, staff_total int, "
        "contact text, phone phone, prevention_officer text, status enum"
    ),
    "quarantine": (
        "person_id id_number, name text, sex enum, phone phone, village text, address text, "
        "reason enum, origin text, start_date date, end_date date, status enum, police text, "
        "doctor text, town_staff text, village_cadre text, employer uscc"
    ),
    "health_checks": (
        "person_id id_number, checked_at datetime, temperature_c float, symptoms set, "
        "checked_by text"
    ),
    "disinfections": ("person_id id_number, done_at datetime, done_by text"),
    "followup_calls": (
        "person_id id_number, called_at datetime, reached yesno, mood enum, needs text, caller text"
    ),
    "welfare_visits": (
        "household_id text, visited_on date, visitor text, needs set, needs_detail text, "
        "resolved yesno"
    ),
    "gas_requests": (
        "request_id text, village text, household_id text, contact_name text, phone phone, "
        "cylinders int, urgency enum, reported_at datetime, delivered_at datetime"
    ),
    "produce": (
        "date date, village text, product text, stock_kg float, sold_kg float, "
        "demand_kg float, channel text"
    ),
    "volunteer_services": (
        "date date, village text, service enum, served int, volunteers int, note text"
    ),
    "donations": (
        "date date, donor text, kind enum, amount_yuan float, items text, quantity float, "
        "village text"
    ),
    "enterprise_status": (
        "enterprise_id uscc, date date, resumed yesno, resumed_on date, staff_on_site int, "
        "returned_from_outside int, in_quarantine int, masks int, disinfectant_l float, "
        "officer_on_duty yesno, disinfected yesno, health_checkin yesno, filed_online yesno"
    ),
}

#: The provenance columns that end every input table: name, kind, nullable.
PROVENANCE = (
    ("src_file", "text", False),
    ("src_sha256", "text", False),
    ("src_sheet", "text", True),
    ("src_row", "int", False),
    ("src_village", "text", True),
    ("submitted_on", "date", False),
    ("ingested_at", "datetime", False),
)
#: Index name -> (table, columns) of the input tables.
INPUT_INDEXES = {
    "ix_households_key": ("households", "household_id submitted_on ingested_at"),
    "ix_enterprises_key": ("enterprises", "enterprise_id submitted_on ingested_at"),
    "ix_quarantine_src": ("quarantine", "src_sha256 src_village"),
    "ix_quarantine_key": ("quarantine", "person_id submitted_on ingested_at"),
    "ix_health_checks_when": ("health_checks", "checked_at"),
    "ix_disinfections_when": ("disinfections", "done_at"),
    "ix_followup_calls_when": ("followup_calls", "called_at"),
    "ix_welfare_visits_when": ("welfare_visits", "visited_on"),
    "ix_gas_requests_key": ("gas_requests", "request_id submitted_on ingested_at"),
    "ix_gas_requests_when": ("gas_requests", "reported_at"),
    "ix_produce_when": ("produce", "date"),
    "ix_volunteer_services_when": ("volunteer_services", "date"),
    "ix_donations_when": ("donations", "date"),
    "ix_enterprise_status_key": (
        "enterprise_status",
        "enterprise_id date submitted_on ingested_at",
    ),
    "ix_enterprise_status_when": ("enterprise_status", "date"),
}


def _logs(metadata: sa.MetaData, t: dict) -> None:
    """The files, file_villages and issues logs."""
    sa.Table(
        "files",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("table", sa.Text, nullable=False),
        sa.Column("submitted_on", t["date"], nullable=False),
        sa.Column("rows_in", sa.Integer, nullable=False),
        sa.Column("accepted", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("ingested_at", t["datetime"], nullable=False),
        sa.Index("ix_files_day", "submitted_on", "ingested_at"),
        sa.UniqueConstraint("sha256", "file", "submitted_on", name="uq_files_submission"),
    )
    sa.Table(
        "file_villages",
        metadata,
        sa.Column("file_id", sa.Integer, sa.ForeignKey("files.id"), primary_key=True),
        sa.Column("table", sa.String(64), primary_key=True),
        sa.Column("village", sa.String(100), primary_key=True),
        sa.Index("ix_file_villages_table_village", "table", "village"),
    )
    sa.Table(
        "issues",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("table", sa.String(64)),
        sa.Column("submitted_on", t["date"], nullable=False),
        sa.Column("sheet", sa.Text),
        sa.Column("village", sa.String(100)),
        sa.Column("row", sa.Integer),
        sa.Column("column", sa.Text),
        sa.Column("value", sa.Text),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text),
        sa.CheckConstraint("severity IN ('rejected', 'warning')", name="ck_issues_severity"),
        sa.Index("ix_issues_day", "submitted_on"),
        sa.Index("ix_issues_sha256", "sha256"),
    )


def baseline_metadata() -> sa.MetaData:
    """The tables of the store at this revision.

    Returns
    -------
    sqlalchemy.MetaData
    """
    metadata = sa.MetaData()
    t = _types()
    indexes: dict[str, list] = {}
    for name, (table, columns) in INPUT_INDEXES.items():
        indexes.setdefault(table, []).append(sa.Index(name, *columns.split()))
    for name, spec in INPUT_TABLES.items():
        pairs = [column.split() for column in spec.split(", ")]
        sa.Table(
            name,
            metadata,
            sa.Column("store_id", sa.Integer, primary_key=True, autoincrement=True),
            *[sa.Column(column, t[kind]) for column, kind in pairs],
            *[sa.Column(c, t[kind], nullable=null) for c, kind, null in PROVENANCE],
            *indexes.get(name, []),
        )
    _logs(metadata, t)
    return metadata


def upgrade() -> None:
    """Create the tables of the baseline."""
    baseline_metadata().create_all(op.get_bind())


def downgrade() -> None:
    """Refused: below the baseline there is no store, and the store is never dropped."""
    raise NotImplementedError("the baseline is not undone: the store is the town's record")
