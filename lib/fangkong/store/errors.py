"""Why a store cannot be used as it is: one-line errors, raised when it is opened.

Kept apart from :mod:`fangkong.store.versioning` so that the command line can
catch them without importing SQLAlchemy and Alembic.
"""

from __future__ import annotations


class StoreVersionError(RuntimeError):
    """The store cannot be used by this fangkong as it is; the message says why."""


class StoreOutdated(StoreVersionError):
    """The store is at a revision older than the code's head."""


class StoreTooNew(StoreVersionError):
    """The store is at a revision this fangkong does not know: a newer fangkong wrote it."""


class StoreUnrecognised(StoreVersionError):
    """The store has tables but no revision, and they are not the baseline's."""
