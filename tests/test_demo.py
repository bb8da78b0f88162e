"""The sample data through the real pipeline: every file read, every injected defect
caught by ingest with the reason the sample meant, and the source article's
resumption figures in reopening.json after a real notebook run."""

from __future__ import annotations

import json

import pytest
from fangkong.delivery.runner import run_reports
from fangkong.demo import ingest_days
from fangkong.store.database import open_store
from repo_paths import DEMO_TOWN_FILE
from sample_files import END

# Ingests the shared sample and runs a notebook.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_sample, demo_town):
    """The shared sample (tests/conftest.py) ingested day by day into a new store."""
    root = tmp_path_factory.mktemp("demo")
    sample_dir, manifest = demo_sample
    db_url = f"sqlite:///{root / 'store.db'}"
    store = open_store(db_url)
    summary = ingest_days(sample_dir, store=store, town=demo_town, rejects_dir=root / "rejects")
    yield type(
        "Demo",
        (),
        {"root": root, "manifest": manifest, "summary": summary, "store": store, "db_url": db_url},
    )
    store.close()


def test_every_sample_file_is_read_and_rows_add_up(demo):
    s = demo.summary
    assert len(s) == len(demo.manifest.files) > 0
    assert set(s["status"]) == {"ingested"}
    assert (s["rows_in"] == s["accepted"] + s["rejected"]).all()
    written = {f.path.rsplit("/", 1)[-1]: f.rows for f in demo.manifest.files}
    assert dict(zip(s["file"], s["rows_in"])) == written


def test_every_injected_defect_is_caught_with_its_reason(demo):
    issues = demo.store.issues()
    found = set(zip(issues["file"], issues["row"], issues["code"]))
    injected = [
        (f.path.rsplit("/", 1)[-1], d["row"], d["defect"])
        for f in demo.manifest.files
        for d in f.defects
    ]
    assert injected, "the sample injects defects"
    missed = [d for d in injected if d not in found]
    assert not missed


def test_last_day_shows_the_articles_resumption_figures(demo):
    manifest = run_reports(
        END,
        reports=["reopening"],
        town_file=DEMO_TOWN_FILE,
        outputs_dir=demo.root / "outputs",
        db_url=demo.db_url,
    )
    assert manifest["reports"]["reopening"]["status"] == "ok", manifest
    sidecar = json.loads((demo.root / "outputs" / END.isoformat() / "reopening.json").read_text())
    figures = sidecar["figures"]
    assert figures["above_size_rate"] == 1.0  # 规上企业已全部复产
    assert figures["below_size_rate"] > 0.9  # 规下企业复产率达到90%以上
    assert figures["street_shop_rate"] > 0.8  # 沿街门店复工复产率达到80%以上
    firms = demo.store.registry("enterprises", END)
    for firm in ("河南康晖水泥制品有限公司", "首创奥莱", "豫能热电"):
        assert (firms.loc[firms["name"] == firm, "category"] == "above_size").all()
        assert (firms["name"] == firm).sum() == 1


@pytest.mark.real("chromium")
def test_the_demo_days_reports_print_on_at_most_ten_a4_pages_and_are_pictured(
    demo, demo_sample, demo_town, browser, tmp_path
):
    """As ``make demo`` makes them: the villages answer the day before's alerts, the
    three reports run on the last day, each prints on at most 10 A4 pages in
    Chromium, and the pictures of the pages are written at a phone's and a
    desktop's width."""
    import io
    import shutil

    from fangkong import registry
    from fangkong.delivery.screens import WIDTHS, write_screens
    from fangkong.demo import answer_alerts
    from page_layout import A4_TEXT_WIDTH, printed_width
    from pypdf import PdfReader

    sample_dir = tmp_path / "sample"  # the feedback files go beside a copy of the sample
    shutil.copytree(demo_sample[0], sample_dir)
    answer_alerts(
        sample_dir, store=demo.store, town=demo_town, day=END, rejects_dir=tmp_path / "rejects"
    )
    outputs = tmp_path / "outputs"
    names = registry.names()
    manifest = run_reports(
        END, reports=names, town_file=DEMO_TOWN_FILE, outputs_dir=outputs, db_url=demo.db_url
    )
    day_dir = outputs / END.isoformat()
    assert all(manifest["reports"][n]["status"] == "ok" for n in names), manifest
    pages, wide = {}, {}
    for name in names:
        page = browser.new_page()
        try:
            page.goto((day_dir / f"{name}.html").as_uri())
            pdf = page.pdf(format="A4")
            wide[name] = printed_width(page)  # wider, and Chromium shrinks the pages
        finally:
            page.close()
        pages[name] = len(PdfReader(io.BytesIO(pdf)).pages)
    assert all(1 < n <= 10 for n in pages.values()), pages
    assert all(w <= A4_TEXT_WIDTH for w in wide.values()), wide
    written, said = write_screens(day_dir, names, browser)
    assert said.startswith("screens:") and len(written) == len(names) * len(WIDTHS), said
    for path in written:
        head = path.read_bytes()[:24]  # a PNG's IHDR chunk: width and height, big-endian
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert width == int(path.stem.rsplit("-", 1)[1]) and height > 900
