"""Alembic's environment for the store: run by ``alembic.command``, not imported.

fangkong passes an open connection in ``config.attributes["connection"]`` (see
:mod:`fangkong.store.versioning`); otherwise the URL of the configuration is used
(``alembic_config(url)``, e.g. for ``command.revision(..., autogenerate=True)``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from fangkong.store.tables import METADATA


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=METADATA,
        # SQLite alters a table by copying it; batch mode does that portably.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    if context.is_offline_mode():
        raise RuntimeError("the store's migrations run online only (no --sql)")
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


_main()
