"""Secrets never reach a log line: the bot token (also inside a URL path a server echoes
back), the webhook secret and the user-key secret are replaced wherever they appear."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from bot.config import Settings

_TOKEN_SHAPE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}")
"""What a Bot API token looks like (123456789:AAE...), even one that is not configured."""


class Redactor:
    """Replaces the configured secrets, and anything shaped like a bot token, in text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    @classmethod
    def for_settings(cls, settings: Settings) -> Redactor:
        values = (
            settings.telegram.token,
            settings.telegram.webhook_secret,
            settings.privacy.user_key_secret,
        )
        return cls(value.get_secret_value() for value in values if value is not None)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return _TOKEN_SHAPE.sub("***", text)


class RedactingFilter(logging.Filter):
    """A handler filter: the record's message and traceback are redacted before formatting."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self._redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True


def install(redact: Redactor) -> None:
    """Redact on every handler of the root logger (records of all loggers pass there)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter(redact))
