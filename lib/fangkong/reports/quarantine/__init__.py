"""The quarantine report (居家隔离日报): data, computations, figures, alerts, trend, sections."""
