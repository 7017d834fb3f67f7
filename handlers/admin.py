"""Admin commands, for the user ids in [admin] user_ids only.

/export sends the knowledge document as YAML; sending a YAML or JSON document imports it
as a new version (validated first, applied atomically); /history lists versions;
/rollback N restores one; /misses lists questions nothing answered.
"""

from __future__ import annotations

import asyncio
import html
import io
import logging
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import BufferedInputFile, Message, TelegramObject
from aiogram.utils.i18n import gettext as _

from handlers.filters import has_document
from handlers.views.admin_texts import changes_line, problem_line
from handlers.views.texts import N_
from knowledge.library import Library
from knowledge.loader import DocumentError, dump_yaml
from knowledge.store import StaleDocument, VersionNotFound

log = logging.getLogger(__name__)


class IsAdmin(Filter):
    async def __call__(self, event: TelegramObject, admins: frozenset[int], **_: Any) -> bool:
        user = getattr(event, "from_user", None)
        return user is not None and user.id in admins


def _author(message: Message) -> str:
    user = message.from_user
    if user is None:
        return "telegram"
    return f"telegram:{user.username or user.id}"


async def export(message: Message, library: Library) -> None:
    document = await library.export()
    payload = dump_yaml(document).encode("utf-8")
    number = document.based_on_version or 0
    await message.answer_document(
        BufferedInputFile(payload, filename=f"komekshi-kb-v{number}.yaml"),
        caption=_("Білім қоры, {n}-нұсқа. Өңдеп, қайта жіберіңіз.").format(n=number),
        parse_mode=None,
    )


async def import_document(message: Message, bot: Bot, library: Library) -> None:
    document = message.document
    assert document is not None
    name = document.file_name or "document"
    try:
        library.documents.check_size(document.file_size, name)
    except DocumentError as exc:
        await _refuse(message, exc)
        return
    file = await bot.get_file(document.file_id)
    buffer = io.BytesIO()
    if file.file_path is None:
        await message.reply(_("Telegram файлды бермеді, қайта жіберіп көріңіз."), parse_mode=None)
        return
    await bot.download_file(file.file_path, destination=buffer)
    try:
        # Off the event loop: a large file with many problems keeps nobody else waiting.
        parsed = await asyncio.to_thread(library.documents.parse, buffer.getvalue(), name)
    except DocumentError as exc:
        await _refuse(message, exc)
        return
    try:
        version = await library.apply(parsed, author=_author(message), source_name=name)
    except StaleDocument as exc:
        stale = _(
            "Бұл файл {based_on}-нұсқадан алынған, ал қазір {active}-нұсқа қолданыста: "
            "оны жүктесеңіз, {next}–{active} нұсқалардағы өзгерістер жойылады. "
            "/export арқылы жаңа нұсқаны алып, өзгерісті соған енгізіңіз."
        ).format(based_on=exc.based_on, active=exc.active, next=exc.based_on + 1)
        await message.reply(f"<b>{html.escape(_(REFUSED))}</b>\n{html.escape(stale)}")
        return
    accepted = _("✅ {n}-нұсқа қабылданды: {changes}").format(
        n=version.id, changes=changes_line(version.changes, _)
    )
    await message.reply(html.escape(accepted))


SHOWN_PROBLEMS = 15
REFUSED = N_("Файл қабылданбады, білім қоры өзгерген жоқ.")


async def _refuse(message: Message, exc: DocumentError) -> None:
    lines = [f"• {html.escape(problem_line(p, _))}" for p in exc.problems[:SHOWN_PROBLEMS]]
    if len(exc.problems) > SHOWN_PROBLEMS:
        more = _("… тағы {n} қате").format(n=len(exc.problems) - SHOWN_PROBLEMS)
        lines.append(html.escape(more))
    body = "\n".join(lines)
    await message.reply(f"<b>{html.escape(_(REFUSED))}</b>\n{body}")


async def history(message: Message, library: Library) -> None:
    versions = await library.store.history(10)
    lines = [
        f"{v.id}. {v.created_at:%Y-%m-%d %H:%M} {v.action} – {v.author}: "
        f"{changes_line(v.changes, _)}"
        for v in versions
    ]
    await message.answer(html.escape("\n".join(lines) or _("Нұсқалар жоқ.")))


async def rollback(message: Message, command: CommandObject, library: Library) -> None:
    argument = (command.args or "").strip()
    if not argument.isdigit():
        await message.reply(_("Нұсқа нөмірін жазыңыз: /rollback 3"), parse_mode=None)
        return
    try:
        version = await library.rollback(int(argument), author=_author(message))
    except VersionNotFound:
        await message.reply(_("{n}-нұсқа жоқ.").format(n=argument), parse_mode=None)
        return
    restored = _("↩️ {old}-нұсқа {new}-нұсқа ретінде қайтарылды: {changes}").format(
        old=argument, new=version.id, changes=changes_line(version.changes, _)
    )
    await message.reply(html.escape(restored))


async def misses(message: Message, library: Library) -> None:
    rows = await library.store.misses(20)
    lines = [f"{row.count} × {row.query}" for row in rows]
    await message.answer(html.escape("\n".join(lines) or _("Жауапсыз сұрақтар жоқ.")))


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(IsAdmin())
    router.message.register(export, Command("export"))
    router.message.register(import_document, has_document)
    router.message.register(history, Command("history"))
    router.message.register(rollback, Command("rollback"))
    router.message.register(misses, Command("misses"))
    return router
