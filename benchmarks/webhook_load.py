"""Webhook workers under rising load: updates posted from this process to one or two real
`komekshi run` workers in webhook mode (loopback), answers received by a fake Bot API.

    python benchmarks/webhook_load.py [--workers 1] [--rates 100,200,400,600,800] [--seconds 5]

For each rate: the sustained rate of answers, p50/p99 from post to sendMessage, worker
CPU per update, and lost or doubled answers (each update comes from its own user, so it
must get exactly one sendMessage). Stops when a rate loses answers or p99 passes 200 ms.
Not a test: the README quotes its figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot_throughput import QUESTIONS, _cpu_seconds, percentile  # noqa: E402  (this folder)

from tests.support.fake_telegram import FakeTelegram  # noqa: E402

SECRET = "load-test-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _start_worker(telegram: FakeTelegram, folder: Path, database: str, number: int):  # type: ignore[no-untyped-def]
    port = _free_port()
    config = folder / f"worker{number}.toml"
    config.write_text(
        "\n".join([
            "[telegram]", f'token = "{telegram.token}"', f'api_url = "{telegram.base_url}"',
            'mode = "webhook"', f'webhook_url = "http://127.0.0.1:{port}"',
            f'webhook_secret = "{SECRET}"', f"webhook_port = {port}",
            "[database]", f'url = "{database}"', "[logging]", 'level = "WARNING"',
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMEKSHI_")}
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("komekshi")), "run", "--config", str(config), env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            await asyncio.sleep(0.1)
    raise RuntimeError("the worker did not start")


async def _round(
    http: ClientSession, telegram: FakeTelegram, ports: list[int], rate: float,
    seconds: float, first_user: int, pids: list[int],
) -> dict[str, float]:  # fmt: skip
    count = int(rate * seconds)
    posted: dict[int, float] = {}
    cpu = sum(_cpu_seconds(pid) for pid in pids)
    started = time.monotonic()
    errors = 0
    for n in range(count):
        user = first_user + n
        update = {
            "update_id": user,
            "message": telegram.message(user, QUESTIONS[n % len(QUESTIONS)]),
        }
        posted[user] = time.monotonic()
        url = f"http://127.0.0.1:{ports[n % len(ports)]}/telegram/webhook"
        try:
            async with http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            ) as r:
                errors += r.status != 200
        except OSError:
            errors += 1
        delay = started + (n + 1) / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
    await asyncio.sleep(2.0)  # let the last answers arrive
    cpu = sum(_cpu_seconds(pid) for pid in pids) - cpu
    answers = Counter(int(c.params["chat_id"]) for c in telegram.sent("sendMessage")
                      if int(c.params["chat_id"]) in posted)  # fmt: skip
    first = {}
    for call in telegram.sent("sendMessage"):
        chat = int(call.params["chat_id"])
        if chat in posted and chat not in first:
            first[chat] = call.at
    latencies = [(first[u] - posted[u]) * 1000 for u in first]
    last = max(first.values(), default=started)
    return {
        "rate": rate, "posted": count, "post_errors": errors,
        "lost": sum(1 for u in posted if answers[u] == 0),
        "doubled": sum(1 for u in posted if answers[u] > 1),
        "answered_per_s": round(len(first) / max(1e-9, last - started), 1),
        "p50_ms": round(percentile(latencies, 0.5), 2) if latencies else -1,
        "p99_ms": round(percentile(latencies, 0.99), 2) if latencies else -1,
        "cpu_ms_per_update": round(cpu / max(1, len(first)) * 1000, 2),
    }  # fmt: skip


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rates", default="100,200,400,600,800")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="komekshi-webhook-"))
    database = args.database or f"sqlite+aiosqlite:///{folder / 'kb.sqlite3'}"
    telegram = await FakeTelegram().start()
    workers = [await _start_worker(telegram, folder, database, n) for n in range(args.workers)]
    ports = [port for _, port in workers]
    pids = [process.pid for process, _ in workers]
    results = []
    try:
        async with ClientSession(timeout=ClientTimeout(total=10)) as http:
            await _round(http, telegram, ports, 20, 2, 10_000, pids)  # warm-up
            for index, rate in enumerate(float(r) for r in args.rates.split(",")):
                result = await _round(http, telegram, ports, rate, args.seconds,
                                      1_000_000 * (index + 1), pids)  # fmt: skip
                results.append(result)
                print(json.dumps(result), flush=True)
                if result["lost"] or result["p99_ms"] > 200:
                    break
    finally:
        for process, _ in workers:
            process.send_signal(signal.SIGTERM)
            await process.wait()
        await telegram.stop()
    print(json.dumps({"workers": args.workers, "results": results}))


if __name__ == "__main__":
    asyncio.run(main())
