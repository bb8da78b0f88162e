"""Report parameters as logged: secrets hidden."""

from __future__ import annotations

import json

from fangkong.delivery.parameters import redact


def test_redact_hides_secrets():
    out = redact(
        {
            "db_url": "postgresql://fk:s3cret@db.example/fangkong",
            "smtp_password": "hunter2",
            "lang": "zh",
        }
    )
    assert "s3cret" not in json.dumps(out)
    assert out["db_url"] == "postgresql://fk:***@db.example/fangkong"
    assert out["smtp_password"] == "***"
    assert out["lang"] == "zh"
