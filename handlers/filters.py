"""Message filters as coroutines.

aiogram runs a synchronous filter (a magic F filter included) in a worker thread; on the
path of every message that thread hop cost more than the search itself. These are the
same checks, awaited in place.
"""

from __future__ import annotations

from aiogram.types import Message

GROUP_CHATS = frozenset({"group", "supergroup"})
NON_TEXT = frozenset({
    "sticker", "photo", "voice", "video", "video_note", "audio", "animation", "document",
    "location", "venue", "contact", "poll", "dice", "story",
})  # fmt: skip


async def is_command(message: Message) -> bool:
    return bool(message.text) and message.text.startswith("/")  # type: ignore[union-attr]


async def has_text(message: Message) -> bool:
    return bool(message.text)


async def in_private_chat(message: Message) -> bool:
    return message.chat.type == "private"


async def in_group_chat(message: Message) -> bool:
    return message.chat.type in GROUP_CHATS


async def is_not_text(message: Message) -> bool:
    return message.content_type in NON_TEXT


async def has_document(message: Message) -> bool:
    return message.document is not None
