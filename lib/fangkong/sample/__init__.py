"""Deterministic sample data: the files a town's villages would send.

``write_sample`` writes registries, daily village tables and town-level tables
over a period, in the layout ingest reads (``<day>/<village>_<table>.xlsx``),
with a documented share of defects recorded in ``manifest.json``;
``write_feedback`` writes the villages' feedback on the alerts a day's reports
recorded. See ``docs/sample-data.md``.
"""

from fangkong.sample.build import DEMO_END, write_sample
from fangkong.sample.feedback import write_feedback
from fangkong.sample.manifest import FileEntry, SampleManifest
from fangkong.sample.scale import scaled_town, write_town_file

__all__ = [
    "DEMO_END",
    "FileEntry",
    "SampleManifest",
    "scaled_town",
    "write_feedback",
    "write_sample",
    "write_town_file",
]
