"""The benchmark's results: targets met or not, and the page, from a hand-made result."""

from __future__ import annotations

from fangkong.bench.measure import stat
from fangkong.bench.results import check_targets, markdown


def test_targets_and_page_from_a_hand_made_result():
    s = stat([10.0, 12.0, 11.0])

    def rows(layout, table, fmt, n, seconds, files=1):
        return {"layout": layout, "table": table, "format": fmt, "files": files, "rows": n,
                "seconds": seconds, "rows_per_s": round(n / seconds)}  # fmt: skip

    village, one = "village files", "one file per table"
    results = {
        "started_at": "2020-03-10T20:00:00",
        "seconds": 100.0,
        "machine": {"cores": 2, "cpu": "x", "memory_gb": 24, "system": "Linux",
                    "python": "3.11", "load_average": [0.5]},  # fmt: skip
        "versions": {"pandas": "3.1", "jupyterlab": None},
        "settings": {"repeats": 3},
        "floor": {"town": "贾峪镇", "day": "2020-03-10", "floor": s, "reports": s, "ratio": 1.6},
        "city": {
            "scale": 2, "days": 2, "villages": 30, "population": 130000, "sample_seconds": 1.0,
            "sample_files": 10, "sample_mb": 1.0, "day": "2020-03-10", "format_days": "d",
            "tables": [
                rows(village, "quarantine", "csv", 200_000, 1.0, files=400),
                rows(village, "households", "csv", 90_000, 2.0),
                rows(village, "all", "csv", 290_000, 3.0),
                rows(village, "households", "xlsx", 9, 1.0),
                rows(village, "all", "xlsx", 9, 1.0),
                rows(one, "all", "csv", 300_000, 2.0),
                rows(one, "whole day, one call", "csv", 300_000, 1.5, files=12),
                rows("every day, one file per table", "whole day, one call", "csv", 90_000, 1.0),
            ],
            "insert_floor": {"rows": 88_000, "seconds": 0.5, "rows_per_s": 176_000},
            "daily": {"seconds": stat([59.0, 61.0, 62.0]), "peak_mb": stat([100.0])},
            "sizes": {"welfare": {"email_html_body_bytes": 100 * 1024},
                      "quarantine": {"email_html_body_bytes": 5}},
        },
    }  # fmt: skip
    targets = {t["key"]: (t["value"], t["met"]) for t in check_targets(results)}
    assert targets == {
        "demo_ratio": (1.6, False),
        "city_wall": (61.0, False),
        "city_peak": (100.0, True),
        "csv_rows_per_s": (96_667, False),  # 290,000 rows in 3 s, all CSV tables
        "csv_one_file": (200_000, True),  # the whole day in one call, when measured
        "csv_bulk": (90_000, False),
        "email_body": (100 * 1024, True),
    }
    results["targets"] = check_targets(results)
    page = markdown(results)
    assert (
        "| ingest from CSV, a day's village files | ≥ 100,000 rows/s | 96,667 rows/s | NO |" in page
    )
    assert "| quarantine | 400 | 200,000 | 1 | 200,000 | – | – | – | – |" in page
    assert "| households | 1 | 90,000 | 2 | 45,000 | 1 | 9 | 1 | 9 |" in page
    assert "| **all** | 1 | 300,000 | 2 | 150,000 | – | – | – | – |" in page
    assert "| **whole day, one call** | 12 | 300,000 | 1.5 | 200,000 | – | – | – | – |" in page
    assert "11 s (10–12, n=3)" in page and "Not installed: jupyterlab." in page
    assert "88,000 stored rows" in page and "**176,000 rows/s**" in page
