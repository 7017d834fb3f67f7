"""Kill `komekshi kb import` at random moments and check that the store is always exactly
the old or exactly the new version: never a mix, never a broken history.

    python benchmarks/kill_during_import.py --kills 40 --url sqlite+aiosqlite:////tmp/k.db
    python benchmarks/kill_during_import.py --kills 40 --url postgresql+asyncpg://...

Not a test: it takes minutes. The README's "Reliability" section quotes its figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

KOMEKSHI = [str(Path(sys.executable).with_name("komekshi"))]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KOMEKSHI, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def state(env: dict[str, str]) -> tuple[int, str]:
    """(the active version's number, the active entries as exported)."""
    history = run(env, "kb", "history", "--limit", "1")
    assert history.returncode == 0, history.stderr
    latest = int(history.stdout.split()[0])
    return latest, run(env, "kb", "export", "--format", "json").stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the database to try it on (emptied)")
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--seed", type=int, default=146)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    env = {**os.environ, "KOMEKSHI_DATABASE__URL": args.url}
    folder = Path(tempfile.mkdtemp(prefix="komekshi-kill-"))
    base = folder / "kb.yaml"
    assert run(env, "kb", "export", "-o", str(base)).returncode == 0
    start = time.perf_counter()
    done = run(env, "kb", "import", str(base), "--force")
    full = time.perf_counter() - start
    outcomes = {"old": 0, "new": 0}
    for kill in range(args.kills):
        version, before = state(env)
        data = yaml.safe_load(base.read_text(encoding="utf-8"))
        data.pop("based_on_version", None)
        data["terms"][0]["definition"] += f" ({kill})"
        edited = folder / f"edit-{kill}.yaml"
        edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        process = subprocess.Popen(
            [*KOMEKSHI, "kb", "import", str(edited)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.0, full * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        after_version, after = state(env)
        if (after_version, after) == (version, before):
            outcomes["old"] += 1
        elif after_version > version and f"({kill})" in after:  # PostgreSQL ids may skip
            outcomes["new"] += 1
        else:
            print(f"kill {kill}: the store is neither the old nor the new version", file=sys.stderr)
            return 1
    print(json.dumps({"url": args.url.split("://")[0], "kills": args.kills,
                      "import_seconds": round(full, 2), "done_ok": done.returncode == 0,
                      **outcomes}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
