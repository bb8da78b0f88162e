"""The revisions of the store, one file each, loaded by Alembic from their paths."""
