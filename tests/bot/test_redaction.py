"""Secrets never reach a log line, whichever logger writes it and however it is shaped."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.redaction import RedactingFilter, Redactor

TOKEN = "7100000001:AAHk3-very-secret-token-value_x"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    settings = Settings.model_validate(
        {"telegram": {"token": TOKEN, "webhook_secret": "hook-secret-42"}}
    )
    handler.addFilter(RedactingFilter(Redactor.for_settings(settings)))
    root = logging.getLogger("redaction-test")
    root.addHandler(handler)
    root.propagate = False
    try:
        yield root, stream
    finally:
        root.removeHandler(handler)


def test_the_token_is_hidden_in_messages_arguments_and_tracebacks(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    child = logger.getChild("aiogram.dispatcher")
    child.error("Failed to fetch updates: %s", f"502 for /bot{TOKEN}/getUpdates")
    child.warning("secret header hook-secret-42 rejected")
    try:
        raise RuntimeError(f"https://api.telegram.org/bot{TOKEN}/getMe")
    except RuntimeError:
        child.exception("request failed")
    text = stream.getvalue()
    assert TOKEN not in text and "hook-secret-42" not in text
    assert text.count("***") == 3 and "/bot***/getUpdates" in text
    assert "Traceback" in text and "RuntimeError" in text  # the rest of the record stays


def test_anything_shaped_like_a_token_is_hidden() -> None:
    redact = Redactor([])
    assert redact("bot 123456789:AAE0123456789abcdefghijklmnop answered") == "bot *** answered"
    assert redact("version 2026:12 and 6.2") == "version 2026:12 and 6.2"
