"""Schema migrations of the store, with Alembic, shipped inside the package.

The store is the town's permanent record: it is never deleted to change its
schema. Every schema change (a table, column or index added, renamed or
dropped in :mod:`fangkong.store.tables`) is a migration here, a file in
``versions/`` that takes a store from the previous revision to the new one with
portable Alembic operations (``op.add_column``, ``op.create_index``,
``op.batch_alter_table`` for what SQLite cannot alter in place; no SQL of one
database). A store remembers its revision in the ``alembic_version`` table;
``fangkong db upgrade`` brings it to the head, and so do ``fangkong daily`` and
``fangkong ingest``; reading it (reports) refuses a store behind the code.

Adding a migration:

1. change :mod:`fangkong.store.tables`;
2. write the revision, numbered after the head, e.g. from a store at the head::

       from alembic import command
       from fangkong.store.migrations import alembic_config
       command.revision(alembic_config("sqlite:///data/fangkong.db"),
                        message="gas requests: a driver column", rev_id="0002",
                        autogenerate=True)

   then read and trim the file it writes in ``versions/`` (autogenerate is a
   draft: it may miss renames and SQLite type variants);
3. test it by upgrading a store made at the previous revision, with rows in it
   (``tests/store/test_migrations.py`` shows how), and check that the upgraded
   schema equals the tables' (the same test module compares them).

A new store is made in one step: ``METADATA.create_all`` and a stamp at the head,
so that opening a store stays cheap; the tests check that the migrations from the
baseline give the same schema. The baseline, ``0001``, is the schema written by
fangkong before migrations (a2a4a24); :mod:`fangkong.store.versioning` recognises
such a store by its tables and stamps it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

#: The folder of env.py, script.py.mako and versions/.
MIGRATIONS_DIR = Path(__file__).resolve().parent
#: The revision of a store made before migrations.
BASELINE = "0001"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for the store's migrations, without an ini file.

    Parameters
    ----------
    url : str, optional
        The store's SQLAlchemy URL, for commands that connect themselves
        (``command.revision(..., autogenerate=True)``). Upgrades made by
        fangkong pass their connection in ``config.attributes["connection"]``.

    Returns
    -------
    alembic.config.Config
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@cache
def script_directory() -> ScriptDirectory:
    """The revisions shipped with this fangkong (read once per process).

    Returns
    -------
    alembic.script.ScriptDirectory
    """
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The revision this fangkong writes and reads.

    Returns
    -------
    str

    Raises
    ------
    RuntimeError
        If the revisions have more than one head (two migrations from one parent).
    """
    heads = script_directory().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"store migrations have {len(heads)} heads {heads}; merge them")
    return heads[0]
