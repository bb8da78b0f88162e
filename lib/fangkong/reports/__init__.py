"""The reports: the registry, what reports share, then one folder per report.

Shared: base, data, sections, breakdown, html, charts, fonts, masking, sidecar.
"""
