"""Sample data for the benchmarks, written once and reused while unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from fangkong.bench.measure import timed

#: Days of demo-town sample data (as ``fangkong demo``) and in quick mode.
DEMO_DAYS, QUICK_DEMO_DAYS = 30, 3
SEED = 0


def _sample_code_hash() -> str:
    import fangkong.sample

    digest = hashlib.sha256()
    for path in sorted(Path(fangkong.sample.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_sample(folder: Path, town, days: int, scale: int) -> tuple[Path, float, bool]:
    """Sample data in ``folder/sample``, written unless an identical one is there.

    Parameters
    ----------
    folder : Path
    town : Town
        The demo town (scaled up when ``scale > 1``).
    days, scale : int

    Returns
    -------
    (Path, float, bool)
        The sample folder, the seconds it took to write (when reused: as
        recorded then) and whether it was reused.
    """
    from fangkong.sample import DEMO_END, write_sample

    sample = folder / "sample"
    stamp_path = folder / "sample.json"
    wanted = {"days": days, "scale": scale, "seed": SEED, "end": DEMO_END.isoformat(),
              "town": town.id, "code": _sample_code_hash()}  # fmt: skip
    if stamp_path.exists() and sample.exists():
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        if stamp.get("wanted") == wanted:
            return sample, stamp["seconds"], True
    shutil.rmtree(sample, ignore_errors=True)
    stamp_path.unlink(missing_ok=True)
    seconds, _ = timed(
        write_sample, sample, town=town, days=days, scale=scale, seed=SEED, end=DEMO_END
    )
    stamp_path.write_text(json.dumps({"wanted": wanted, "seconds": round(seconds, 1)}))
    return sample, round(seconds, 1), False


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
