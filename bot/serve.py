"""Running the bot: long polling, or a webhook server behind a reverse proxy."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiohttp import web

from bot.app import ALLOWED_UPDATES, create_bot, create_dispatcher, create_services
from bot.config import Settings

log = logging.getLogger(__name__)


def settle_heap() -> None:
    """What start-up built (the index, the entries, aiogram's and pydantic's models) lives as
    long as the process: frozen, it is left out of every later garbage collection. Measured
    with benchmarks/bot_throughput.py: from about 2.2 to 1.6-1.8 ms of CPU an update."""
    gc.collect()
    gc.freeze()


async def run_polling(settings: Settings) -> None:
    services = await create_services(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(services)
    settle_heap()
    try:
        try:
            await bot.delete_webhook(drop_pending_updates=settings.telegram.drop_pending_updates)
        except TelegramAPIError as exc:  # polling reports a webhook conflict itself
            log.warning("deleteWebhook failed: %s", exc)
        await dispatcher.start_polling(
            bot,
            polling_timeout=settings.telegram.polling_timeout,
            allowed_updates=ALLOWED_UPDATES,
            handle_signals=True,
        )
    finally:
        await services.close()


def create_webhook_app(settings: Settings, bot: Bot, dispatcher: Dispatcher) -> web.Application:
    """The aiohttp application Telegram posts updates to (it checks the secret token)."""
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    secret = settings.telegram.webhook_secret
    app = web.Application()
    SimpleRequestHandler(
        dispatcher, bot, secret_token=secret.get_secret_value() if secret else None
    ).register(app, path=settings.telegram.webhook_path)
    setup_application(app, dispatcher, bot=bot)
    return app


async def run_webhook(settings: Settings) -> None:
    if not settings.telegram.webhook_url:
        raise ValueError("[telegram] webhook_url is required in webhook mode")
    services = await create_services(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(services)
    secret = settings.telegram.webhook_secret
    app = create_webhook_app(settings, bot, dispatcher)
    settle_heap()
    await bot.set_webhook(
        settings.telegram.webhook_url.rstrip("/") + settings.telegram.webhook_path,
        secret_token=secret.get_secret_value() if secret else None,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=settings.telegram.drop_pending_updates,
    )
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, settings.telegram.webhook_host, settings.telegram.webhook_port)
    await site.start()
    log.info(
        "webhook listening on %s:%s", settings.telegram.webhook_host, settings.telegram.webhook_port
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()  # runs the dispatcher's shutdown: updates in progress finish
        await services.close()
