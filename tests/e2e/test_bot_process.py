"""The real `komekshi run` process against the fake Bot API on loopback."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import sys
from pathlib import Path

import pytest
import yaml

from handlers.views.keyboards import OpenEntry
from handlers.views.rendering import SUMMARY_CHARS
from tests.conftest import komekshi_command
from tests.support.fake_telegram import BOT_USERNAME, FakeTelegram, visible_text

pytestmark = pytest.mark.e2e
USER = 2002
GROUP_ID = -100777
GROUP = {"id": GROUP_ID, "type": "supergroup", "title": "Бригада"}


def write_config(path: Path, telegram: FakeTelegram, database: Path, **extra: str) -> Path:
    lines = [
        "[telegram]",
        f'token = "{telegram.token}"',
        f'api_url = "{telegram.base_url}"',
        "polling_timeout = 1",
        f"shutdown_grace = {extra.get('grace', '10')}",
        "[database]",
        f'url = "sqlite+aiosqlite:///{database}"',
        "[throttling]",
        "rate = 1.0",
        "burst = 3",
        "[logging]",
        'level = "INFO"',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def start_bot(config: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *komekshi_command(), "run", "--config", str(config),
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def stop_bot(process: asyncio.subprocess.Process) -> tuple[int, str]:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode or 0, stderr.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
async def test_the_bot_process_serves_users(
    telegram: FakeTelegram, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "bot.toml", telegram, tmp_path / "kb.sqlite3")
    process = await start_bot(config, cli_env)
    try:
        await telegram.wait_for("getUpdates", within=30)
        assert telegram.sent("deleteWebhook")
        menus = {c.params.get("language_code"): c.params["commands"]
                 for c in telegram.sent("setMyCommands")}  # fmt: skip
        assert menus[None][0]["description"] == "Бастау"
        assert menus["ru"][0]["description"] == "Начать"

        # a private question
        await telegram.send_text(USER, "күйікке алғашқы көмек")
        [answer] = await telegram.wait_for("sendMessage", chat_id=USER)
        assert "Дәрігерге дейінгі" in answer.params["text"]

        # a button press edits the message in place
        message = telegram.messages_to(USER)[0]
        await telegram.press(USER, message, OpenEntry(id="4.1/F1").pack())
        await telegram.wait_for("editMessageText")
        await telegram.wait_for("answerCallbackQuery")

        # inline mode
        await telegram.inline(USER, "жеке құзырет 4.2")
        [inline] = await telegram.wait_for("answerInlineQuery")
        assert inline.params["results"][0]["id"] == "4.2/competencies"

        # a group command, and chatter that is ignored
        await telegram.send_text(3003, "бүгін кезекші кім?", chat=GROUP)
        await telegram.send_text(3003, f"/q@{BOT_USERNAME} 6.1 біліктілік талаптары", chat=GROUP)
        [group] = await telegram.wait_for("sendMessage", chat_id=GROUP_ID)
        assert "Біліктілік талаптары" in group.params["text"]

        # a sticker and a 4,000-character message from another user
        sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1,
                   "height": 1, "is_animated": False, "is_video": False}  # fmt: skip
        await telegram.push({"message": telegram.message(4004, sticker=sticker)})
        await telegram.send_text(4004, "қан кету " * 444)
        sent = await telegram.wait_for("sendMessage", chat_id=4004, count=2)
        assert "мәтіндік сұрақтарға" in sent[0].params["text"]

        assert all(len(c.params["text"]) <= 4096 for c in telegram.sent("sendMessage"))
        visible = [len(visible_text(c.params["text"], c.params.get("parse_mode", "HTML")))
                   for c in telegram.sent("sendMessage")]  # fmt: skip
        assert max(visible) <= SUMMARY_CHARS  # nobody pressed «Толығырақ»
        assert not [c for c in telegram.calls if not c.ok and "parse entities" in (c.error or "")]
    finally:
        code, stderr = await stop_bot(process)
    assert code == 0, stderr
    assert "Traceback" not in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
async def test_every_question_is_answered_in_order_and_only_a_flood_is_cut(
    telegram: FakeTelegram, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "bot.toml", telegram, tmp_path / "kb.sqlite3")
    process = await start_bot(config, cli_env)
    try:
        await telegram.wait_for("getUpdates", within=30)
        # 20 questions, each sent right after the previous answer
        for number in range(20):
            await telegram.send_text(USER, f"4.1/F1/T{number % 6 + 1} міндеті")
            await telegram.wait_for("sendMessage", chat_id=USER, count=number + 1, within=10)
        assert len(telegram.sent("sendMessage", chat_id=USER)) == 20

        # four questions within one second: all answered, in order, within 5 s
        quick = ["6.1 біліктілік талаптары", "6.2 біліктілік талаптары",
                 "6.3 біліктілік талаптары", "4.2 біліктілік талаптары"]  # fmt: skip
        started = asyncio.get_running_loop().time()
        for question in quick:
            await telegram.send_text(6006, question)
            await asyncio.sleep(0.2)
        answers = await telegram.wait_for("sendMessage", chat_id=6006, count=4, within=5)
        assert asyncio.get_running_loop().time() - started < 5
        levels = [next(lv for lv in ("6.1", "6.2", "6.3", "4.2") if lv in a.params["text"])
                  for a in answers]  # fmt: skip
        assert levels == ["6.1", "6.2", "6.3", "4.2"]
        stamps = [a.at for a in answers]
        assert all(b - a >= 0.9 for a, b in itertools.pairwise(stamps))  # paced: ~1 a second

        # 50 messages in one second: at most 20 replies, one notice
        for number in range(50):
            await telegram.send_text(5005, f"пролежень {number}")
        await telegram.wait_for("sendMessage", chat_id=5005, count=12, within=30)
        await asyncio.sleep(1.5)
        flood = [c.params["text"] for c in telegram.sent("sendMessage", chat_id=5005)]
        assert all(
            len(visible_text(c.params["text"], c.params.get("parse_mode", "HTML"))) <= SUMMARY_CHARS
            for c in telegram.sent("sendMessage")
        )
        assert len(flood) <= 20
        assert sum("қалғанын өткізіп жібердім" in text for text in flood) == 1
    finally:
        code, stderr = await stop_bot(process)
    assert code == 0, stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
async def test_sigterm_lets_updates_in_progress_finish(
    telegram: FakeTelegram, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "bot.toml", telegram, tmp_path / "kb.sqlite3")
    process = await start_bot(config, cli_env)
    await telegram.wait_for("getUpdates", within=30)
    telegram.send_delay = 2.0
    await telegram.send_text(USER, "тыныс алу жиілігі")
    [call] = await telegram.wait_for("sendMessage", chat_id=USER, within=10)  # request in flight
    assert not call.answered
    code, stderr = await stop_bot(process)
    assert code == 0, stderr
    assert call.answered, "the reply was cut off by the shutdown:\n" + stderr
    assert "Traceback" not in stderr


async def test_run_without_a_token_explains_and_opens_the_chat(cli_env: dict[str, str]) -> None:
    env = {k: v for k, v in cli_env.items() if k != "KOMEKSHI_TELEGRAM__TOKEN"}
    process = await asyncio.create_subprocess_exec(
        *komekshi_command(), "run", env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        cwd=os.path.dirname(cli_env["XDG_DATA_HOME"]),
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(
        process.communicate("күйікке алғашқы көмек\n".encode()), 60
    )
    assert process.returncode == 0
    assert "@BotFather" in stderr.decode()
    assert "Дәрігерге дейінгі медициналық көмек көрсету" in stdout.decode()


@pytest.mark.parametrize("trouble", ["refused token", "unreachable", "echoing gateway"])
async def test_a_bot_that_cannot_start_says_why_in_one_line(
    telegram: FakeTelegram, tmp_path: Path, cli_env: dict[str, str], trouble: str
) -> None:
    config = write_config(tmp_path / "config.toml", telegram, tmp_path / "kb.sqlite3")
    text = config.read_text(encoding="utf-8")
    if trouble == "refused token":
        telegram.token = "654321:ANOTHER-TOKEN"  # the bot's token is no longer valid
    elif trouble == "unreachable":
        text = text.replace(telegram.base_url, "http://127.0.0.1:1")
    else:
        telegram.broken_with = 502
    config.write_text(text, encoding="utf-8")
    process = await start_bot(config, cli_env)
    _, stderr_bytes = await asyncio.wait_for(process.communicate(), 60)
    stderr = stderr_bytes.decode()
    assert process.returncode == 1, stderr
    assert stderr.startswith("komekshi: ") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr and "Unclosed" not in stderr
    assert "123456:TEST-TOKEN" not in stderr and "TEST-TOKEN" not in stderr
    expected = {
        "refused token": "refused the token (401 Unauthorized)",
        "unreachable": "cannot reach the Bot API at http://127.0.0.1:1",
        "echoing gateway": "Bad Gateway: no upstream for /bot***/getMe",
    }[trouble]
    assert expected in stderr, stderr


async def test_a_cli_import_reaches_the_running_bot_within_two_seconds(
    telegram: FakeTelegram, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    database = tmp_path / "kb.sqlite3"
    config = write_config(tmp_path / "bot.toml", telegram, database)
    process = await start_bot(config, cli_env)
    try:
        await telegram.wait_for("getUpdates", within=30)
        env = cli_env  # the same database as the bot (the environment wins over its config)
        exported = tmp_path / "kb.yaml"
        export = await asyncio.create_subprocess_exec(
            *komekshi_command(), "kb", "export", "-o", str(exported), env=env
        )
        assert await export.wait() == 0
        data = yaml.safe_load(exported.read_text(encoding="utf-8"))
        marker = "ЖАҢАРТЫЛҒАН АНЫҚТАМА"
        data["terms"][0]["definition"] = f"{marker}: {data['terms'][0]['definition']}"
        edited = tmp_path / "edited.yaml"
        edited.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        imported = await asyncio.create_subprocess_exec(
            *komekshi_command(), "kb", "import", str(edited), env=env
        )
        assert await imported.wait() == 0
        done = asyncio.get_running_loop().time()
        await asyncio.sleep(2.0)
        term = data["terms"][0]["term"]
        await telegram.send_text(USER, f"{term} деген не")
        [answer] = await telegram.wait_for("sendMessage", chat_id=USER, within=10)
        assert marker in answer.params["text"]
        assert answer.at - done < 4  # 2 s of waiting, then the answer itself
    finally:
        code, stderr = await stop_bot(process)
    assert code == 0, stderr
    assert "now serving knowledge-base version 2" in stderr


async def test_polling_mode_serves_metrics_on_its_port(
    telegram: FakeTelegram, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    import socket

    from aiohttp import ClientSession

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = write_config(tmp_path / "bot.toml", telegram, tmp_path / "kb.sqlite3")
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f'[metrics]\nhost = "127.0.0.1"\nport = {port}\n')
    process = await start_bot(config, cli_env)
    try:
        await telegram.wait_for("getUpdates", within=30)
        await telegram.send_text(USER, "күйікке алғашқы көмек")
        await telegram.wait_for("sendMessage", chat_id=USER)
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/readyz") as ready:
                assert ready.status == 200
            async with http.get(f"http://127.0.0.1:{port}/metrics") as page:
                text = await page.text()
        assert 'komekshi_questions_total{outcome="answered"} 1.0' in text
    finally:
        code, stderr = await stop_bot(process)
    assert code == 0, stderr


async def test_several_webhook_workers_register_once_and_answer(
    telegram: FakeTelegram, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    import socket

    from aiohttp import ClientSession

    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    base = write_config(tmp_path / "base.toml", telegram, tmp_path / "kb.sqlite3").read_text()
    hook = ['mode = "webhook"', 'webhook_url = "https://bot.example.kz"',
            'webhook_secret = "s3cret-hook"', "webhook_register = false"]  # fmt: skip
    configs = []
    for number, port in enumerate(ports):
        config = tmp_path / f"worker{number}.toml"
        config.write_text(base.replace("[telegram]\n", "[telegram]\n" + "\n".join(
            [*hook, f"webhook_port = {port}"]) + "\n", 1), encoding="utf-8")  # fmt: skip
        configs.append(config)
    register = await asyncio.create_subprocess_exec(
        *komekshi_command(), "webhook", "--config", str(configs[0]), env=cli_env,
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await register.communicate()
    assert register.returncode == 0 and b"webhook registered" in out
    assert telegram.webhook_url == "https://bot.example.kz/telegram/webhook"
    workers = [await start_bot(config, cli_env) for config in configs]
    try:
        async with ClientSession() as http:
            for port in ports:
                for _ in range(100):
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/readyz") as ready:
                            if ready.status == 200:
                                break
                    except OSError:
                        await asyncio.sleep(0.2)
            for number in range(20):
                update = {
                    "update_id": number,
                    "message": telegram.message(7000 + number, "пролежень"),
                }
                port = ports[number % 2]
                async with http.post(
                    f"http://127.0.0.1:{port}/telegram/webhook", json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-hook"},
                ) as response:  # fmt: skip
                    assert response.status == 200
        for number in range(20):
            await telegram.wait_for("sendMessage", chat_id=7000 + number, within=10)
        assert all(len(telegram.sent("sendMessage", chat_id=7000 + n)) == 1 for n in range(20))
        assert len(telegram.sent("setWebhook")) == 1  # the workers did not register again

        workers[0].kill()  # one worker dies; the other answers all it is sent, once
        await workers[0].wait()
        async with ClientSession() as http:
            for number in range(20, 30):
                update = {"update_id": number, "message": telegram.message(7000 + number, "күйік")}
                async with http.post(
                    f"http://127.0.0.1:{ports[1]}/telegram/webhook", json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-hook"},
                ) as response:  # fmt: skip
                    assert response.status == 200
        for number in range(20, 30):
            await telegram.wait_for("sendMessage", chat_id=7000 + number, within=10)
        assert all(len(telegram.sent("sendMessage", chat_id=7000 + n)) == 1 for n in range(30))
    finally:
        code, stderr = await stop_bot(workers[1])
        assert code == 0, stderr
        if workers[0].returncode is None:
            await stop_bot(workers[0])
