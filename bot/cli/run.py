"""`komekshi run`: the Telegram bot; without a token, how to get one, then the terminal chat."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable

from bot.cli.exits import EXIT_FAILURE, EXIT_OK, err
from bot.config import Settings
from bot.redaction import Redactor
from knowledge.schema import StoreUnavailable

NO_TOKEN = """\
No Telegram bot token is configured, so the bot cannot start.

To get one: open Telegram, talk to @BotFather, send /newbot and follow the steps; it
answers with a token like 123456789:AAE... Then either
  export KOMEKSHI_TELEGRAM__TOKEN=123456789:AAE...
or put it into config.toml (see config.example.toml):
  [telegram]
  token = "123456789:AAE..."
and run `make run` again. For inline mode, also send /setinline to @BotFather.

Meanwhile, here is the same assistant in the terminal (`komekshi chat`):
"""


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop where it exists (Linux, macOS): a faster event loop for aiohttp and aiogram."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def webhook(args: argparse.Namespace, settings: Settings) -> int:
    """Register the webhook once, for all the workers that will serve it."""
    if settings.telegram.token is None:
        err("no bot token is configured ([telegram] token or KOMEKSHI_TELEGRAM__TOKEN)")
        return EXIT_FAILURE
    from bot.serve import BotApiUnavailable, register_once

    try:
        asyncio.run(register_once(settings))
    except (BotApiUnavailable, ValueError) as exc:
        err(Redactor.for_settings(settings)(str(exc)))
        return EXIT_FAILURE
    print(f"webhook registered: {settings.telegram.webhook_url}{settings.telegram.webhook_path}")
    return EXIT_OK


def run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.telegram.token is None:
        print(NO_TOKEN, file=sys.stderr)
        if args.no_chat_fallback:
            return EXIT_FAILURE
        logging.getLogger().setLevel(logging.WARNING)  # the chat is for people, not logs
        from bot.cli.search import chat

        return chat(args, settings)
    from bot.serve import BotApiUnavailable, run_polling, run_webhook

    runner = run_webhook if settings.telegram.mode == "webhook" else run_polling
    try:
        with asyncio.Runner(loop_factory=_loop_factory()) as loop_runner:
            loop_runner.run(runner(settings))
    except (StoreUnavailable, BotApiUnavailable, ValueError) as exc:
        err(Redactor.for_settings(settings)(str(exc)))
        return EXIT_FAILURE
    return EXIT_OK
