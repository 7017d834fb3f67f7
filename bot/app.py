"""Factories for the Bot, the Dispatcher and the services.

Nothing is built at import time: `komekshi run` (bot.serve) calls these, and tests build
their own bots and dispatchers against a fake Bot API.
"""

from __future__ import annotations

import logging
from importlib import resources

import orjson
from aiogram import Bot, Dispatcher, methods
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import AiogramError
from aiogram.methods.base import Response
from aiogram.types import BotCommand, BotCommandScopeChat, LinkPreviewOptions
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.config import Settings
from bot.conversation import MemoryConversations, RedisConversations
from bot.library import open_library
from bot.metrics import ApiErrorCounter, Health, Metrics, UpdateCounter
from bot.middlewares import (
    InFlight,
    InFlightMiddleware,
    LibraryMiddleware,
    LocaleMiddleware,
    RetryAfterMiddleware,
    ThrottlingMiddleware,
)
from bot.pacing import MemoryPacer, Pacer, PacingMiddleware, RedisPacer, UserQueue
from bot.preferences import MemoryPreferences, Preferences, RedisPreferences
from bot.services import Services
from bot.throttling import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from bot.watcher import VersionWatcher
from handlers import get_routers
from handlers.ports import Conversations
from handlers.views.keyboards import EntryKeyboards
from handlers.views.texts import N_
from knowledge.library import Library
from knowledge.privacy import UserKeys
from knowledge.recorder import Recorder

log = logging.getLogger(__name__)

I18N_DOMAIN = "komekshi"
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]


def api_server(settings: Settings) -> TelegramAPIServer:
    """Telegram's servers, or [telegram] api_url (e.g. a self-hosted telegram-bot-api)."""
    if not settings.telegram.api_url:
        return PRODUCTION
    return TelegramAPIServer.from_base(
        settings.telegram.api_url.rstrip("/"), is_local=settings.telegram.api_is_local
    )


# Response types the bot parses most. aiogram builds Response[X] for every request;
# pydantic caches generic models only weakly, so without a lasting reference each reply
# would build the model class again (measured: about a tenth of the bot's CPU under load).
_HOT_METHODS = (
    methods.SendMessage, methods.EditMessageText, methods.AnswerCallbackQuery,
    methods.AnswerInlineQuery, methods.GetUpdates, methods.SendDocument, methods.GetFile,
)  # fmt: skip


def create_bot(settings: Settings, metrics: Metrics | None = None) -> Bot:
    token = settings.telegram.token
    if token is None:
        raise ValueError("a bot token is required ([telegram] token or KOMEKSHI_TELEGRAM__TOKEN)")
    session = AiohttpSession(
        api=api_server(settings),
        timeout=settings.telegram.request_timeout,
        json_loads=orjson.loads,
        json_dumps=lambda value: orjson.dumps(value).decode(),
    )
    session.middleware(
        RetryAfterMiddleware(
            settings.telegram.retry_attempts,
            settings.telegram.retry_max_wait,
            on_retry=metrics.api_retries.inc if metrics is not None else None,
        )
    )
    session.response_types = [Response[m.__returning__] for m in _HOT_METHODS]  # type: ignore[attr-defined,name-defined]
    return Bot(
        token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(
            parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
        ),
    )


def create_i18n(settings: Settings) -> I18n:
    path = resources.files("bot").joinpath("locales")
    return I18n(path=str(path), default_locale=settings.i18n.default_locale, domain=I18N_DOMAIN)


async def create_services(settings: Settings, metrics: Metrics | None = None) -> Services:
    """Open the library (the active version), set up pacing, throttling, preferences,
    the recorder, the version watcher and the metrics."""
    library = await open_library(settings)
    metrics = metrics or Metrics()
    metrics.follow(library)
    redis = Redis.from_url(settings.redis.url) if settings.redis.url else None
    key = settings.privacy.user_key_secret
    user_keys = UserKeys(key.get_secret_value().encode() if key else None)
    limiter: RateLimiter
    preferences: Preferences
    pacer: Pacer
    throttling = settings.throttling
    if redis is not None:
        limiter = RedisRateLimiter(redis, settings.throttling.rate, settings.throttling.burst)
        preferences = RedisPreferences(redis, user_keys)
        pacer = RedisPacer(redis, user_keys, throttling.private_interval, throttling.group_interval)
        await _forget_legacy_locales(preferences)
        if key is None:
            log.warning("Redis keys use an unkeyed hash of user ids; set [privacy] user_key_secret")
    else:
        limiter = MemoryRateLimiter(settings.throttling.rate, settings.throttling.burst)
        preferences = MemoryPreferences()
        pacer = MemoryPacer(throttling.private_interval, throttling.group_interval)
    conversations: Conversations | None = None
    seconds = settings.search.context_seconds
    if seconds > 0:
        conversations = (
            RedisConversations(redis, seconds, user_keys)
            if redis is not None
            else MemoryConversations(seconds)
        )
    recorder = Recorder(library.store, retention_days=settings.privacy.retention_days)
    recorder.start()
    watcher = VersionWatcher(library, settings.database.version_check_seconds, redis)
    watcher.start()
    return Services(
        settings=settings,
        library=library,
        limiter=limiter,
        preferences=preferences,
        user_keys=user_keys,
        admins=frozenset(settings.admin.user_ids),
        recorder=recorder,
        keyboards=EntryKeyboards(),
        pacer=pacer,
        watcher=watcher,
        metrics=metrics,
        health=Health(library, redis),
        conversations=conversations,
        redis=redis,
    )


def pace(bot: Bot, services: Services) -> None:
    """Pace what `bot` sends to each chat (see bot.pacing) and count what the Bot API
    refuses; call once per Bot."""
    bot.session.middleware(PacingMiddleware(services.pacer))
    bot.session.middleware(ApiErrorCounter(services.metrics))


async def _forget_legacy_locales(preferences: RedisPreferences) -> None:
    try:
        held = await preferences.forget_legacy()
    except RedisError as exc:
        log.warning("could not check Redis for the old language hash: %s", exc)
        return
    if held:
        log.info("deleted the old Redis hash of %d users' languages (it held raw ids)", held)


def create_dispatcher(services: Services, *, in_flight: InFlight | None = None) -> Dispatcher:
    settings = services.settings
    # No dialog states are kept: answers need no memory between messages.
    dispatcher = Dispatcher(disable_fsm=True, **services.handler_data())
    tracker = in_flight or InFlight()
    dispatcher["in_flight"] = tracker
    dispatcher["shutdown_grace"] = settings.telegram.shutdown_grace
    dispatcher.update.outer_middleware(InFlightMiddleware(tracker))
    dispatcher.update.outer_middleware(UpdateCounter(services.metrics))
    dispatcher.update.outer_middleware(LibraryMiddleware(services.library))
    i18n = create_i18n(settings)
    dispatcher["i18n"] = i18n
    LocaleMiddleware(i18n, services.preferences).setup(dispatcher)
    queue = UserQueue(
        services.user_keys,
        lambda: _(
            "⏳ Хабарламаларыңыз тым көп келді: алғашқы {n} сұраққа кезекпен жауап беремін, "
            "қалғанын өткізіп жібердім. Керек болса, кейін қайта жазыңыз."
        ),
        settings.throttling.max_waiting,
    )
    dispatcher.message.outer_middleware(queue)
    dispatcher["user_queue"] = queue
    presses = ThrottlingMiddleware(
        services.limiter, lambda: _("⏳ Сәл күте тұрыңыз."), services.user_keys
    )
    dispatcher.callback_query.outer_middleware(presses)
    dispatcher.include_routers(*get_routers())
    dispatcher.startup.register(_on_startup)
    dispatcher.shutdown.register(_on_shutdown)
    return dispatcher


COMMANDS = (
    ("start", N_("Бастау")),
    ("levels", N_("Кәсіп карточкалары")),
    ("firstaid", N_("Алғашқы көмек")),
    ("terms", N_("Терминдер")),
    ("help", N_("Көмек")),
    ("lang", N_("Тіл / Язык")),
)
ADMIN_COMMANDS = (
    ("export", N_("Білім қорын файлмен алу")),
    ("history", N_("Нұсқалар тарихы")),
    ("rollback", N_("Нұсқаны қайтару: /rollback 3")),
    ("misses", N_("Жауапсыз сұрақтар")),
    ("synonym", N_("Синоним қосу/алу: /synonym add күйік ожог")),
    ("synonyms", N_("Синоним топтары")),
    ("alias", N_("Балама сұрақ: /alias 4.1/F1/T2 күйіп қалса")),
    ("selftest", N_("Білім қорын тексеру")),
    ("unanswered", N_("Жауапсыз сұрақтарды саралау")),
    ("stats", N_("Статистика")),
    ("note", N_("Жергілікті ескертпе: /note тақырып | мәтін | дереккөз")),
)
MENU_LANGUAGES = (("kk", None), ("ru", "ru"))
"""The command menu in Kazakh for everyone, and in Russian for Russian-language clients."""


async def _on_startup(bot: Bot, library: Library, i18n: I18n, admins: frozenset[int]) -> None:
    me = await bot.me()
    log.info("bot @%s started (knowledge base version %s)", me.username, library.assistant.version)
    for locale, language_code in MENU_LANGUAGES:
        commands = [
            BotCommand(command=name, description=i18n.gettext(text, locale=locale))
            for name, text in COMMANDS
        ]
        extra = [
            BotCommand(command=name, description=i18n.gettext(text, locale=locale))
            for name, text in ADMIN_COMMANDS
        ]
        try:
            await bot.set_my_commands(commands, language_code=language_code)
            for admin in sorted(admins):  # only admins see the admin commands
                await bot.set_my_commands(
                    commands + extra,
                    scope=BotCommandScopeChat(chat_id=admin),
                    language_code=language_code,
                )
        except AiogramError as exc:  # the menu is a convenience; never block start-up
            log.warning("could not set the %s command menu: %s", locale, exc)


async def _on_shutdown(in_flight: InFlight, shutdown_grace: float) -> None:
    """Let updates being handled finish and send their replies, then close."""
    grace = shutdown_grace
    if in_flight.count:
        log.info("waiting up to %.0f s for %d update(s) in progress", grace, in_flight.count)
    if not await in_flight.wait_idle(grace):
        log.warning(
            "%d update(s) still running after %.0f s; stopping anyway", in_flight.count, grace
        )
