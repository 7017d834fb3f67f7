"""The bot process under load: update in -> sendMessage out, through a fake Bot API on loopback.

    python benchmarks/bot_throughput.py [--latency-updates 500] [--rate 50] [--burst-updates 3000]

Starts the fake Bot API (tests/fake_telegram.py) in this process and the real
`komekshi run` in another, then
1. latency: questions from distinct users at a steady rate, timed from the moment the
   update is queued to the moment the bot's sendMessage reaches the server (p50, p99);
2. throughput: a pile of questions queued at once, answered updates per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fake_telegram import FakeTelegram  # noqa: E402

QUESTIONS = [
    "күйікке алғашқы көмек", "4.2 деңгейдің міндеттері", "6.1 біліктілік талаптары",
    "жеке құзыреттер 4.3", "пролежень", "СБШ деген не", "тыныс алу жиілігі",
    "бухгалтерлік құжаттама жүргізу", "ауа райы болжамы", "kuiik",
]  # fmt: skip


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-updates", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50.0, help="updates a second, latency run")
    parser.add_argument("--burst-updates", type=int, default=3000)
    parser.add_argument("--profile", metavar="FILE", help="run the bot under cProfile into FILE")
    args = parser.parse_args()

    telegram = await FakeTelegram().start()
    workdir = Path(tempfile.mkdtemp(prefix="komekshi-bench-"))
    config = workdir / "bot.toml"
    database = workdir / "kb.sqlite3"
    lines = [
        "[telegram]",
        f'token = "{telegram.token}"',
        f'api_url = "{telegram.base_url}"',
        "polling_timeout = 1",
        "[database]",
        f'url = "sqlite+aiosqlite:///{database}"',
        "[logging]",
        'level = "WARNING"',
    ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMEKSHI_")}
    command = [str(Path(sys.executable).with_name("komekshi")), "run", "--config", str(config)]
    if args.profile:
        command = [sys.executable, "-m", "cProfile", "-o", args.profile, "-m", "bot", *command[1:]]
    process = await asyncio.create_subprocess_exec(*command, env=env)
    try:
        await telegram.wait_for("getUpdates", within=60)
        # warm-up: the first answers pay for caches
        for user in range(1, 21):
            await telegram.send_text(user, QUESTIONS[user % len(QUESTIONS)])
        await telegram.wait_for("sendMessage", count=20, within=60)

        pushed: dict[int, float] = {}
        base = 100_000
        for n in range(args.latency_updates):
            user = base + n
            pushed[user] = time.monotonic()
            await telegram.send_text(user, QUESTIONS[n % len(QUESTIONS)])
            await asyncio.sleep(1 / args.rate)
        await telegram.wait_for("sendMessage", count=20 + args.latency_updates, within=120)
        first_reply: dict[int, float] = {}
        for call in telegram.sent("sendMessage"):
            chat = int(call.params["chat_id"])
            if chat in pushed and chat not in first_reply:
                first_reply[chat] = call.at
        latencies = [(first_reply[u] - pushed[u]) * 1000 for u in pushed]

        before = len(telegram.sent("sendMessage"))
        base = 500_000
        started = time.monotonic()
        driver_cpu = time.process_time()
        bot_cpu = _cpu_seconds(process.pid)
        for n in range(args.burst_updates):
            await telegram.send_text(base + n, QUESTIONS[n % len(QUESTIONS)])
        calls = await telegram.wait_for(
            "sendMessage", count=before + args.burst_updates, within=600
        )
        finished = max(c.at for c in calls)
        throughput = args.burst_updates / (finished - started)
        driver_cpu = time.process_time() - driver_cpu
        bot_cpu = _cpu_seconds(process.pid) - bot_cpu
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        await process.wait()
        await telegram.stop()
    print(json.dumps({
        "latency_updates": args.latency_updates,
        "latency_rate_per_s": args.rate,
        "latency_p50_ms": round(statistics.median(latencies), 2),
        "latency_p99_ms": round(percentile(latencies, 0.99), 2),
        "latency_max_ms": round(max(latencies), 2),
        "throughput_updates": args.burst_updates,
        "throughput_updates_per_s": round(throughput, 1),
        "bot_cpu_per_update_ms": round(bot_cpu / args.burst_updates * 1000, 2),
        "fake_api_cpu_per_update_ms": round(driver_cpu / args.burst_updates * 1000, 2),
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
