"""Running the bot: long polling, or a webhook server behind a reverse proxy."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramUnauthorizedError
from aiohttp import web

from bot.app import ALLOWED_UPDATES, create_bot, create_dispatcher, create_services, pace
from bot.config import Settings
from bot.metrics import Metrics, add_routes
from bot.services import Services
from knowledge.resident import settle

log = logging.getLogger(__name__)


def settle_heap() -> None:
    """What start-up built (the index, the entries, aiogram's and pydantic's models) lives as
    long as the process: frozen, it is left out of every later garbage collection. Measured
    with benchmarks/bot_throughput.py: from about 2.2 to 1.6-1.8 ms of CPU an update. (The
    library does the same for each new version it loads.)"""
    settle()


class BotApiUnavailable(Exception):
    """The Bot API cannot be reached or refuses the token: the bot cannot start."""


def _api_name(settings: Settings) -> str:
    return (settings.telegram.api_url or "https://api.telegram.org").rstrip("/")


async def connect(bot: Bot, settings: Settings) -> None:
    """Ask the Bot API who the bot is before anything else starts: a refused token or an
    unreachable server is one clear `BotApiUnavailable`, not a traceback at start-up."""
    try:
        await bot.me()
    except TelegramUnauthorizedError as exc:
        raise BotApiUnavailable(
            f"the Bot API at {_api_name(settings)} refused the token (401 Unauthorized); "
            "check [telegram] token or KOMEKSHI_TELEGRAM__TOKEN"
        ) from exc
    except TelegramNetworkError as exc:
        raise BotApiUnavailable(
            f"cannot reach the Bot API at {_api_name(settings)}: {exc.message}"
        ) from exc
    except TelegramAPIError as exc:
        raise BotApiUnavailable(
            f"the Bot API at {_api_name(settings)} answered getMe with an error: {exc.message}"
        ) from exc


async def run_polling(settings: Settings) -> None:
    metrics = Metrics()
    bot = create_bot(settings, metrics)
    try:
        await connect(bot, settings)
        services = await create_services(settings, metrics)
        monitor: web.AppRunner | None = None
        try:
            pace(bot, services)
            dispatcher = create_dispatcher(services)
            monitor = await _start_monitor(settings, services)
            settle_heap()
            try:
                await bot.delete_webhook(
                    drop_pending_updates=settings.telegram.drop_pending_updates
                )
            except TelegramAPIError as exc:  # polling reports a webhook conflict itself
                log.warning("deleteWebhook failed: %s", exc)
            await dispatcher.start_polling(
                bot,
                polling_timeout=settings.telegram.polling_timeout,
                allowed_updates=ALLOWED_UPDATES,
                handle_signals=True,
            )
        finally:
            if monitor is not None:
                await monitor.cleanup()
            await services.close()
    finally:
        await bot.session.close()


async def _start_monitor(settings: Settings, services: Services) -> web.AppRunner | None:
    """Polling mode: /metrics, /healthz and /readyz on [metrics] port, when set."""
    if not settings.metrics.port:
        return None
    app = web.Application()
    add_routes(app, services.health, services.metrics)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.metrics.host, settings.metrics.port).start()
    log.info("metrics on %s:%s", settings.metrics.host, settings.metrics.port)
    return runner


def create_webhook_app(
    settings: Settings, bot: Bot, dispatcher: Dispatcher, services: Services
) -> web.Application:
    """The aiohttp application Telegram posts updates to (it checks the secret token), with
    /healthz, /readyz and /metrics for the load balancer and the monitoring."""
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    secret = settings.telegram.webhook_secret
    app = web.Application()
    SimpleRequestHandler(
        dispatcher, bot, secret_token=secret.get_secret_value() if secret else None
    ).register(app, path=settings.telegram.webhook_path)
    setup_application(app, dispatcher, bot=bot)
    add_routes(app, services.health, services.metrics)
    return app


async def register_webhook(bot: Bot, settings: Settings, webhook_url: str) -> None:
    """Tell Telegram where to post updates (once for all workers: see `komekshi webhook`)."""
    secret = settings.telegram.webhook_secret
    await bot.set_webhook(
        webhook_url.rstrip("/") + settings.telegram.webhook_path,
        secret_token=secret.get_secret_value() if secret else None,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=settings.telegram.drop_pending_updates,
    )


async def register_once(settings: Settings) -> None:
    """`komekshi webhook`: register the webhook and exit, before starting the workers."""
    webhook_url = settings.telegram.webhook_url
    if not webhook_url:
        raise ValueError("[telegram] webhook_url is required to register a webhook")
    bot = create_bot(settings)
    try:
        await connect(bot, settings)
        await register_webhook(bot, settings, webhook_url)
    finally:
        await bot.session.close()


async def run_webhook(settings: Settings) -> None:
    webhook_url = settings.telegram.webhook_url
    if not webhook_url:
        raise ValueError("[telegram] webhook_url is required in webhook mode")
    metrics = Metrics()
    bot = create_bot(settings, metrics)
    try:
        await connect(bot, settings)
        services = await create_services(settings, metrics)
        try:
            pace(bot, services)
            await _serve_webhook(settings, bot, services, webhook_url)
        finally:
            await services.close()
    finally:
        await bot.session.close()


async def _serve_webhook(
    settings: Settings, bot: Bot, services: Services, webhook_url: str
) -> None:
    dispatcher = create_dispatcher(services)
    app = create_webhook_app(settings, bot, dispatcher, services)
    settle_heap()
    if settings.telegram.webhook_register:
        await register_webhook(bot, settings, webhook_url)
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
