"""Admin commands, for the user ids in [admin] user_ids only.

/export sends the knowledge document as YAML. Sending an edited document back, /rollback N,
/synonym add|remove and /alias show a preview (what would be added, removed and changed,
field by field) with apply / cancel; only a confirmation writes the new version, once, and
only over the version the preview was made against. /history lists versions; /misses the
questions nothing answered; /synonyms the synonym groups; /selftest asks every title and
alias again. Anyone else using these commands is told they are for admins.
"""

from __future__ import annotations

import asyncio
import html
import io
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import BufferedInputFile, CallbackQuery, Message, TelegramObject
from aiogram.utils.i18n import gettext as _

from handlers.filters import has_document
from handlers.views import delivery
from handlers.views.admin_texts import EDIT_TEXTS, changes_line, problem_line, render_preview
from handlers.views.charts import daily_chart
from handlers.views.keyboards import (
    ProposalAction,
    Triage,
    proposal_keyboard,
    proposal_sure_keyboard,
    triage_keyboard,
)
from handlers.views.rendering import Rendered, Span, Style
from handlers.views.texts import N_
from knowledge.derive import build_entries
from knowledge.document import KnowledgeDocument
from knowledge.edits import (
    EditError,
    add_alias,
    add_note,
    add_synonyms,
    parse_note,
    remove_note,
    remove_synonym,
)
from knowledge.library import Library
from knowledge.loader import DocumentError, dump_yaml
from knowledge.preview import describe
from knowledge.privacy import UserKeys
from knowledge.selftest import run_selftest
from knowledge.store import (
    ProposalGone,
    StaleProposal,
    StoreUnavailable,
    VersionNotFound,
)

log = logging.getLogger(__name__)

ADMIN_COMMANDS = (
    "export", "history", "rollback", "misses", "synonym", "synonyms", "alias", "selftest",
    "unanswered", "stats", "note",
)  # fmt: skip
SHOWN_PROBLEMS = 15
REFUSED = N_("Файл қабылданбады, білім қоры өзгерген жоқ.")
GONE = N_("Бұл ұсыныс қолданылып қойған немесе одан бас тартылған.")
NOT_SAVED = N_("Дерекқор қазір қолжетімсіз, ештеңе өзгертілмеді. Сәлден соң қайталаңыз.")


class IsAdmin(Filter):
    async def __call__(self, event: TelegramObject, admins: frozenset[int], **_: Any) -> bool:
        user = getattr(event, "from_user", None)
        return user is not None and user.id in admins


def _author(event: Message | CallbackQuery) -> str:
    user = event.from_user
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
    await _propose(message, bot, library, parsed, what=name, source_name=name, action="import")


async def _propose(
    message: Message,
    bot: Bot,
    library: Library,
    document: KnowledgeDocument,
    *,
    what: str,
    source_name: str,
    action: str,
    note: str = "",
    author: str | None = None,
) -> None:
    """Keep the change for confirmation and show what it would do."""
    proposal = await library.propose(
        document,
        author=author or _author(message),
        action=action,
        note=note,
        source_name=source_name,
    )
    if proposal.changes.empty:
        await library.store.discard(proposal.id)
        await message.reply(
            _("Бұл {what} ештеңені өзгертпейді: жаңа нұсқа жасалмады.").format(what=what),
            parse_mode=None,
        )
        return
    based_on = document.based_on_version
    undoes = (
        (based_on, proposal.base_version)
        if based_on is not None and based_on < proposal.base_version
        else None
    )
    lines = describe(proposal.changes, library.assistant.entry, build_entries(document.content()))
    rendered = render_preview(
        what, proposal.changes, lines, _, base_version=proposal.base_version, undoes=undoes
    )
    markup = proposal_keyboard(proposal.id, _, warn=undoes is not None)
    await delivery.send(bot, message.chat.id, rendered, markup)


async def proposal_action(
    callback: CallbackQuery, callback_data: ProposalAction, library: Library
) -> None:
    """Apply (once), ask again after a warning, or cancel; every outcome said plainly."""
    if callback_data.act == "ask":
        if isinstance(callback.message, Message):
            await callback.message.edit_reply_markup(
                reply_markup=proposal_sure_keyboard(callback_data.id, _)
            )
        await delivery.acknowledge(
            callback, _("Жаңа нұсқалардағы өзгерістер жойылады. Сенімдісіз бе?")
        )
        return
    if callback_data.act == "cancel":
        cancelled = await library.store.discard(callback_data.id)
        text = _("✖️ Бас тартылды, білім қоры өзгерген жоқ.") if cancelled else _(GONE)
        await delivery.show_text(callback, text)
        await delivery.acknowledge(callback)
        return
    try:
        version = await library.confirm(callback_data.id)
    except ProposalGone:
        await delivery.acknowledge(callback, _(GONE))
        return
    except StaleProposal as exc:
        text = _(
            "Алдын ала қарау ескірді: содан бері {active}-нұсқа қолданысқа енді. "
            "Ештеңе өзгертілмеді; файлды қайта жіберіңіз."
        ).format(active=exc.active)
        await delivery.show_text(callback, text)
        await delivery.acknowledge(callback)
        return
    except StoreUnavailable as exc:
        log.error("applying proposal %s failed: %s", callback_data.id, exc)
        await delivery.acknowledge(callback, _(NOT_SAVED))
        return
    text = _("✅ {n}-нұсқа қабылданды: {changes}").format(
        n=version.id, changes=changes_line(version.changes, _)
    )
    await delivery.show_text(callback, text)
    await delivery.acknowledge(callback)


async def _refuse(message: Message, exc: DocumentError) -> None:
    lines = [f"• {html.escape(problem_line(p, _))}" for p in exc.problems[:SHOWN_PROBLEMS]]
    if len(exc.problems) > SHOWN_PROBLEMS:
        more = _("… тағы {n} қате").format(n=len(exc.problems) - SHOWN_PROBLEMS)
        lines.append(html.escape(more))
    body = "\n".join(lines)
    await message.reply(f"<b>{html.escape(_(REFUSED))}</b>\n{body}")


async def history(message: Message, library: Library) -> None:
    versions = await library.store.history(10)
    lines = []
    for v in versions:
        note = f" – {v.note}" if v.note else ""
        lines.append(
            f"{v.id}. {v.created_at:%Y-%m-%d %H:%M} {v.action} · {v.author}: "
            f"{changes_line(v.changes, _)}{note}"
        )
    await message.answer(html.escape("\n".join(lines) or _("Нұсқалар жоқ.")))


async def rollback(message: Message, command: CommandObject, bot: Bot, library: Library) -> None:
    argument = (command.args or "").strip()
    if not argument.isdigit():
        await message.reply(_("Нұсқа нөмірін жазыңыз: /rollback 3"), parse_mode=None)
        return
    try:
        document = await library.store.document(int(argument))
    except VersionNotFound:
        await message.reply(_("{n}-нұсқа жоқ.").format(n=argument), parse_mode=None)
        return
    what = _("{n}-нұсқаны қайтару").format(n=argument)
    await _propose(
        message,
        bot,
        library,
        document,
        what=what,
        source_name=f"version {argument}",
        action="rollback",
        note=f"rollback to version {argument}",
    )


async def misses(message: Message, library: Library) -> None:
    rows = await library.store.misses(20)
    lines = [f"{row.count} × {row.query}" for row in rows]
    await message.answer(html.escape("\n".join(lines) or _("Жауапсыз сұрақтар жоқ.")))


def _phrases(text: str) -> list[str]:
    """«күйік ожог» is two words; «күйіп қалу = ожог» keeps phrases whole."""
    for separator in ("=", ","):
        if separator in text:
            return [p.strip() for p in text.split(separator) if p.strip()]
    return text.split()


def _edit_error_text(exc: EditError) -> str:
    """Why an edit cannot be made, in the admin's language."""
    template = EDIT_TEXTS.get(exc.template)
    return _(template).format(**exc.values) if template else str(exc)


async def _say_edit_error(message: Message, exc: EditError) -> None:
    await message.reply(_edit_error_text(exc), parse_mode=None)


async def synonym(message: Message, command: CommandObject, bot: Bot, library: Library) -> None:
    """/synonym add күйік ожог · /synonym add күйіп қалу = ожог · /synonym remove ожог"""
    action, _space, rest = (command.args or "").strip().partition(" ")
    document = await library.store.document()
    try:
        if action == "add":
            phrases = _phrases(rest)
            edited = add_synonyms(document, phrases)
            what = _("синонимдер: {phrases}").format(phrases=" = ".join(phrases))
        elif action == "remove" and rest.strip():
            edited = remove_synonym(document, rest.strip())
            what = _("синонимді алып тастау: {phrase}").format(phrase=rest.strip())
        else:
            await message.reply(
                _("Мысалы: /synonym add күйік ожог немесе /synonym remove ожог"), parse_mode=None
            )
            return
    except EditError as exc:
        await _say_edit_error(message, exc)
        return
    await _propose(message, bot, library, edited, what=what, source_name="/synonym",
                   action="synonym", note=what)  # fmt: skip


async def synonyms(message: Message, bot: Bot, library: Library) -> None:
    document = await library.store.document()
    rendered = Rendered()
    rendered.add(Span(_("Синоним топтары ({n}):").format(n=len(document.synonyms)), Style.BOLD))
    for number, group in enumerate(document.synonyms, 1):
        rendered.add(f"{number}. {' = '.join(group.phrases)}")
    await delivery.send(bot, message.chat.id, rendered)


async def alias(message: Message, command: CommandObject, bot: Bot, library: Library) -> None:
    """/alias 4.1/F1/T2 күйіп қалса не істеймін"""
    entry_id, _space, phrase = (command.args or "").strip().partition(" ")
    if not entry_id or not phrase.strip():
        await message.reply(_("Мысалы: /alias 4.1/F1/T2 күйіп қалса не істеймін"), parse_mode=None)
        return
    document = await library.store.document()
    known = {entry.id for entry in library.assistant.entries()}
    try:
        edited = add_alias(document, entry_id, phrase, known)
    except EditError as exc:
        await _say_edit_error(message, exc)
        return
    added = edited.aliases[-1]
    what = _("балама сұрақ: «{phrase}» → {entry}").format(phrase=added.phrase, entry=added.entry)
    await _propose(message, bot, library, edited, what=what, source_name="/alias",
                   action="alias", note=what)  # fmt: skip


async def note(message: Message, command: CommandObject, bot: Bot, library: Library) -> None:
    """/note [4.1 |] тақырып | мәтін | дереккөз · /note remove 3"""
    args = (command.args or "").strip()
    document = await library.store.document()
    try:
        if args.startswith("remove ") and args.removeprefix("remove ").strip().isdigit():
            number = int(args.removeprefix("remove ").strip())
            edited = remove_note(document, number)
            what = _("ескертпені алып тастау: note/{n}").format(n=number)
        elif args:
            level, title, text, source = parse_note(args)
            edited = add_note(document, title, text, source, level)
            what = _("жергілікті ескертпе: «{title}»").format(title=title)
        else:
            await message.reply(
                _("Мысалы: /note 4.1 | Әлеуметтік бөлім | Телефон: 8 7172 00 00 00 | "
                  "Емхана бұйрығы, 2026"),
                parse_mode=None,
            )  # fmt: skip
            return
    except EditError as exc:
        await _say_edit_error(message, exc)
        return
    await _propose(message, bot, library, edited, what=what, source_name="/note",
                   action="note", note=what)  # fmt: skip


SHOWN_MISSES = 15
TRIAGE_QUESTIONS = 5
WINDOW_DAYS = 30
"""What /unanswered and /stats look back over."""


async def unanswered(message: Message, bot: Bot, library: Library) -> None:
    """The most frequent unanswered questions of the last 30 days, and those whose answer
    got 👎, each with buttons: make it another phrasing of one of the entries search comes
    closest with, or dismiss it."""
    since = datetime.now(UTC) - timedelta(days=WINDOW_DAYS)
    missed = await library.store.misses(TRIAGE_QUESTIONS, since=since)
    disliked = await library.store.disliked(TRIAGE_QUESTIONS, since=since)
    if not missed and not disliked:
        await message.answer(_("Соңғы 30 күнде жауапсыз сұрақ болған жоқ."), parse_mode=None)
        return
    assistant = library.assistant
    for rows, is_disliked in ((missed, False), (disliked, True)):
        for row in rows:
            suggestions = [hit.entry for hit in assistant.ask(row.query, limit=3).hits]
            template = (
                _("👎 «{query}» – {n} рет, соңғысы {day}")
                if is_disliked
                else _("❓ «{query}» – {n} рет, соңғысы {day}")
            )
            text = template.format(query=row.query, n=row.count, day=f"{row.last_seen:%Y-%m-%d}")
            markup = triage_keyboard(row.example_id, suggestions, _, disliked=is_disliked)
            await bot.send_message(message.chat.id, text, parse_mode=None, reply_markup=markup)


async def triage(
    callback: CallbackQuery, callback_data: Triage, bot: Bot, library: Library
) -> None:
    store = library.store
    if callback_data.f:
        query, dismiss = await store.disliked_query(callback_data.m), store.dismiss_disliked
    else:
        query, dismiss = await store.miss_query(callback_data.m), store.dismiss_miss
    if query is None:
        await delivery.acknowledge(callback, _("Бұл сұрақ қаралып қойған."))
        return
    if not callback_data.e:
        await dismiss(query)
        await delivery.show_text(callback, _("✖️ «{query}» тізімнен алынды.").format(query=query))
        await delivery.acknowledge(callback)
        return
    document = await library.store.document()
    known = {entry.id for entry in library.assistant.entries()}
    try:
        edited = add_alias(document, callback_data.e, query, known)
    except EditError as exc:
        await delivery.acknowledge(callback, _edit_error_text(exc))
        return
    await dismiss(query)
    await delivery.acknowledge(callback)
    if not isinstance(callback.message, Message):
        return
    what = _("балама сұрақ: «{phrase}» → {entry}").format(phrase=query, entry=callback_data.e)
    await _propose(callback.message, bot, library, edited, what=what, source_name="/unanswered",
                   action="alias", note=what, author=_author(callback))  # fmt: skip


async def selftest(message: Message, library: Library) -> None:
    """Every title and alias asked again: which no longer find their own entry first."""
    document = await library.store.document()
    aliases = [(a.entry, a.phrase) for a in document.aliases]
    report = await asyncio.to_thread(run_selftest, library.assistant, aliases)
    if report.passed:
        text = _("✅ {n} сұрақ тексерілді: әрқайсысы өз жазбасын бірінші табады.").format(
            n=report.checked
        )
        await message.answer(text, parse_mode=None)
        return
    lines = [
        _("⚠️ {n} сұрақ тексерілді, {m} өз жазбасын бірінші таппайды:").format(
            n=report.checked, m=len(report.misses)
        )
    ]
    for miss in report.misses[:SHOWN_MISSES]:
        lines.append(
            _("• «{question}»: {expected} керек, {found} шықты").format(
                question=miss.question, expected=miss.expected, found=miss.found or "—"
            )
        )
    await message.answer("\n".join(lines), parse_mode=None)


async def stats(message: Message, library: Library) -> None:
    """A chart of the last 30 days and a few lines: the most asked entries, the most 👎."""
    now = datetime.now(UTC)
    since = now - timedelta(days=WINDOW_DAYS)
    days = await library.store.question_days(since)
    top = await library.store.top_entries(since)
    votes = await library.store.feedback_counts()
    asked = sum(d.asked for d in days)
    answered = sum(d.answered for d in days)
    lines = [
        _("📊 Соңғы 30 күн: {asked} сұрақ, {share}% жауап тапты.").format(
            asked=asked, share=round(100 * answered / asked) if asked else 0
        )
    ]
    if top:
        lines.append(_("Жиі сұралғандар:"))
        lines += [f"• {entry} – {count}" for entry, count in top]
    disliked = sorted(((down, e) for e, (_up, down) in votes.items() if down), reverse=True)[:5]
    if disliked:
        lines.append(_("Ең көп 👎:"))
        lines += [f"• {entry} – {down}" for down, entry in disliked]
    picture = await asyncio.to_thread(
        daily_chart,
        days,
        now.date(),
        _("Сұрақтар мен жауаптар, 30 күн"),
        (_("сұрақ / күн"), _("жауап, %")),
    )
    await message.answer_photo(
        BufferedInputFile(picture, filename="komekshi-stats.png"),
        caption="\n".join(lines)[:1024],
        parse_mode=None,
    )


async def not_for_you(message: Message, user_keys: UserKeys) -> None:
    """An admin command from anyone else: one line, logged by pseudonym, never a question."""
    user = message.from_user
    log.info("admin command %s refused for user %s", (message.text or "").split()[0],
             user_keys.pseudonym(user.id) if user else None)  # fmt: skip
    await message.reply(_("Бұл команда тек әкімшілерге арналған."), parse_mode=None)


async def not_for_you_button(callback: CallbackQuery) -> None:
    await delivery.acknowledge(callback, _("Бұл батырма тек әкімшілерге арналған."))


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher): admins' commands
    first, then the same commands from anyone else, answered with a refusal."""
    router = Router(name=__name__)
    admins = Router(name=f"{__name__}.admins")
    admins.message.filter(IsAdmin())
    admins.callback_query.filter(IsAdmin())
    admins.message.register(export, Command("export"))
    admins.message.register(import_document, has_document)
    admins.message.register(history, Command("history"))
    admins.message.register(rollback, Command("rollback"))
    admins.message.register(misses, Command("misses"))
    admins.message.register(synonym, Command("synonym"))
    admins.message.register(synonyms, Command("synonyms"))
    admins.message.register(alias, Command("alias"))
    admins.message.register(note, Command("note"))
    admins.message.register(selftest, Command("selftest"))
    admins.message.register(unanswered, Command("unanswered"))
    admins.message.register(stats, Command("stats"))
    admins.callback_query.register(triage, Triage.filter())
    admins.callback_query.register(proposal_action, ProposalAction.filter())
    others = Router(name=f"{__name__}.others")
    others.message.register(not_for_you, Command(*ADMIN_COMMANDS))
    others.callback_query.register(not_for_you_button, ProposalAction.filter())
    others.callback_query.register(not_for_you_button, Triage.filter())
    router.include_routers(admins, others)
    return router
