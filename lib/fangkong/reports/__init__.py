"""The reports: the registry, what reports share, then one folder per report.

Shared: base, data, sections, breakdown, html, charts, fonts, sidecar (masking is
at the top, :mod:`fangkong.masking`, for the way in and the reports alike).
"""
