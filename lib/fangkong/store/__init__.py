"""The append-only store: its tables, writes, as-of reads, submissions and migrations."""
