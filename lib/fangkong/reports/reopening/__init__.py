"""The reopening report (复工复产日报): data, firms, resumption, checks, trend, charts, sections."""
