"""The revision of a store: new stores made at the head, old ones upgraded or refused.

Every :class:`fangkong.store.database.Store` is checked when it is opened
(:func:`prepare`): a new store gets the tables and the head revision; a store
made before migrations (tables, no ``alembic_version``) is recognised by its
tables and stamped at the baseline; a store behind the code is upgraded where
the caller writes (``fangkong db upgrade``, ``daily``, ``ingest``) and refused
where it reads; a store at a revision this fangkong does not know is refused
everywhere. Refusals are :class:`fangkong.store.errors.StoreVersionError`: one
line, no traceback, naming the store (without its password) and what to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from fangkong.store.errors import StoreOutdated, StoreTooNew, StoreUnrecognised
from fangkong.store.migrations import BASELINE, alembic_config, head_revision, script_directory
from fangkong.store.tables import METADATA

log = logging.getLogger("fangkong.store.versioning")

UPGRADE_COMMAND = "fangkong db upgrade"


@dataclass
class Revisions:
    """What :func:`prepare` found and did.

    Attributes
    ----------
    url : str
        The store's URL without its password.
    before : str or None
        The revision found; None for a new store or one made before migrations.
    after : str
        The revision the store is at now.
    head : str
        The code's head revision.
    created : bool
        The store was new: its tables were created.
    stamped : bool
        The store was made before migrations and was stamped at the baseline.
    """

    url: str
    before: str | None
    after: str
    head: str
    created: bool = False
    stamped: bool = False

    @property
    def upgraded(self) -> bool:
        """Whether migrations ran."""
        start = BASELINE if self.stamped else self.before
        return not self.created and start != self.after

    def describe(self) -> str:
        """One line: what happened to the store.

        Returns
        -------
        str
        """
        if self.created:
            return f"{self.url}: new store, created at revision {self.after} (head)"
        first = (
            f"{self.url}: made before migrations, its tables those of revision {BASELINE}:"
            f" stamped {BASELINE}"
            if self.stamped
            else f"{self.url}: at revision {self.before}"
        )
        if self.upgraded:
            return f"{first}; upgraded to {self.after} (head)"
        return f"{first}; at the head ({self.head}), nothing to upgrade"


def display_url(engine: sa.Engine) -> str:
    """The engine's URL with the password hidden.

    Parameters
    ----------
    engine : sqlalchemy.Engine

    Returns
    -------
    str
    """
    return engine.url.render_as_string(hide_password=True)


def current_revision(conn: sa.Connection) -> str | None:
    """The revision a store is stamped with; None when it has no ``alembic_version``.

    Parameters
    ----------
    conn : sqlalchemy.Connection

    Returns
    -------
    str or None
        Several heads (not made by fangkong) are joined by ``,``.
    """
    from alembic.runtime.migration import MigrationContext

    heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) if heads else None


def known(revision: str) -> bool:
    """Whether this fangkong's migrations contain ``revision``."""
    from alembic.util import CommandError

    try:
        return all(script_directory().get_revision(r) is not None for r in revision.split(","))
    except CommandError:
        return False


def baseline_differences(conn: sa.Connection) -> list[str]:
    """How a store without a revision differs from the baseline's tables.

    Parameters
    ----------
    conn : sqlalchemy.Connection

    Returns
    -------
    list of str
        One item per missing table and per table whose columns differ; empty
        when every baseline table is there with its columns (other tables are
        ignored).
    """
    expected = script_directory().get_revision(BASELINE).module.baseline_metadata()
    inspector = sa.inspect(conn)
    present = set(inspector.get_table_names())
    missing = [t.name for t in expected.sorted_tables if t.name not in present]
    problems = [f"missing tables: {', '.join(sorted(missing))}"] if missing else []
    for table in expected.sorted_tables:
        if table.name not in present:
            continue
        found = {c["name"] for c in inspector.get_columns(table.name)}
        wanted = {c.name for c in table.columns}
        if found != wanted:
            lacking = ", ".join(sorted(wanted - found)) or "none"
            extra = ", ".join(sorted(found - wanted)) or "none"
            problems.append(f"{table.name}: columns missing {lacking}, unexpected {extra}")
    return problems


def _has_store_tables(conn: sa.Connection) -> bool:
    names = set(sa.inspect(conn).get_table_names())
    return any(name in names for name in METADATA.tables)


def _create(engine: sa.Engine, head: str) -> None:
    """A new store: today's tables and the head revision."""
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as conn:
        METADATA.create_all(conn)
        MigrationContext.configure(conn).stamp(script_directory(), head)


def _stamp_baseline(engine: sa.Engine, url: str) -> None:
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as conn:
        problems = baseline_differences(conn)
        if problems:
            raise StoreUnrecognised(
                f"the store at {url} has tables but no revision, and they are not those of"
                f" revision {BASELINE} ({'; '.join(problems)}); it was not made by fangkong"
                " a2a4a24 or later: not touched"
            )
        MigrationContext.configure(conn).stamp(script_directory(), BASELINE)
    log.info("store %s: made before migrations; stamped at revision %s", url, BASELINE)


def _upgrade(engine: sa.Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def prepare(engine: sa.Engine, *, upgrade: bool = False) -> Revisions:
    """Bring a store to the code's head revision, or refuse it.

    Parameters
    ----------
    engine : sqlalchemy.Engine
    upgrade : bool, default False
        Upgrade a store behind the code (writers: ``db upgrade``, ``daily``,
        ``ingest``); otherwise refuse it (readers).

    Returns
    -------
    Revisions

    Raises
    ------
    StoreTooNew
        The store's revision is unknown to this fangkong.
    StoreOutdated
        The store is behind the code and ``upgrade`` is False.
    StoreUnrecognised
        The store has tables but no revision, and they are not the baseline's.
    """
    url, head = display_url(engine), head_revision()
    with engine.connect() as conn:
        before = current_revision(conn)
        fresh = before is None and not _has_store_tables(conn)
    done = Revisions(url, before, after=before or BASELINE, head=head)
    if before == head:
        return done
    if fresh:
        try:
            _create(engine, head)
        except sa.exc.DBAPIError:
            # Another process made it meanwhile (two notebooks opening a new store):
            # what it made is checked as any existing store is.
            with engine.connect() as conn:
                if current_revision(conn) is None:
                    raise
            return prepare(engine, upgrade=upgrade)
        done.after, done.created = head, True
        log.debug("store %s: created at revision %s", url, head)
        return done
    if before is not None and not known(before):
        raise StoreTooNew(
            f"the store at {url} is at revision {before}, newer than this fangkong"
            f" (head {head}); update fangkong"
        )
    if before is None:
        _stamp_baseline(engine, url)
        done.stamped = True
    if done.after == head:
        return done
    if not upgrade:
        raise StoreOutdated(
            f"the store at {url} is at revision {done.after}, older than this fangkong"
            f" (head {head}); upgrade it with `{UPGRADE_COMMAND}`"
        )
    _upgrade(engine)
    log.info("store %s: upgraded from revision %s to %s", url, done.after, head)
    done.after = head
    return done


def _no_sqlite_file(url: sa.URL) -> bool:
    db = url.database
    return (
        url.get_backend_name() == "sqlite"
        and bool(db)
        and db != ":memory:"
        and not db.startswith("file:")
        and not Path(db).expanduser().exists()
    )


def status(url: str) -> dict:
    """The store's revision and the code's head, without changing anything.

    Parameters
    ----------
    url : str
        The store's SQLAlchemy URL; a missing SQLite file is not created.

    Returns
    -------
    dict
        ``url`` (without password), ``current`` (None when unstamped), ``head``,
        ``state`` and ``ready``. ``state`` is one of ``"at head"``, ``"behind"``,
        ``"newer"``, ``"empty"`` (made at the head on first use), ``"before
        migrations"`` (stamped at the baseline on first use) and
        ``"unrecognised"``; ``ready`` tells whether every command can use the
        store without ``fangkong db upgrade``.
    """
    head = head_revision()
    engine = sa.create_engine(url)
    shown, current = display_url(engine), None
    try:
        if _no_sqlite_file(engine.url):
            state = "empty"
        else:
            with engine.connect() as conn:
                current = current_revision(conn)
                if current is None:
                    if not _has_store_tables(conn):
                        state = "empty"
                    elif baseline_differences(conn):
                        state = "unrecognised"
                    else:
                        state = "before migrations"
                elif current == head:
                    state = "at head"
                else:
                    state = "behind" if known(current) else "newer"
    finally:
        engine.dispose()
    ready = state in ("at head", "empty") or (state == "before migrations" and head == BASELINE)
    return {"url": shown, "current": current, "head": head, "state": state, "ready": ready}
