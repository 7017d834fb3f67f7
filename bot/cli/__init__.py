"""The `komekshi` command line: the bot, a terminal chat, questions, analysis, admin tools.

Heavy imports (aiogram, the store) happen inside the commands that need them, so a
one-off `komekshi ask` starts quickly.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from bot.cli.exits import EXIT_BAD_INPUT
from bot.config import ConfigError, Settings, load_settings
from bot.redaction import Redactor
from bot.redaction import install as install_redaction

log = logging.getLogger("komekshi")


def _config_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="TOML settings file (default: ./config.toml if present, or $KOMEKSHI_CONFIG)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    config = _config_parent()
    parser = argparse.ArgumentParser(
        prog="komekshi",
        description="Көмекші: answers from professional standard No. 146 "
        "(healthcare social workers), in Telegram and in the terminal.",
        parents=[config],
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", parents=[config], help="start the Telegram bot")
    run.add_argument(
        "--no-chat-fallback",
        action="store_true",
        help="without a token, exit instead of opening `komekshi chat`",
    )

    commands.add_parser(
        "webhook", parents=[config], help="register the webhook once (before starting workers)"
    )
    commands.add_parser("chat", parents=[config], help="chat with the assistant in the terminal")

    ask = commands.add_parser("ask", parents=[config], help="answer a question ('-': one per line)")
    ask.add_argument("query", nargs="+", help="the question, or - to read questions from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--limit", type=int, default=None, help="results to return (default 5)")

    analyze = commands.add_parser(
        "analyze", parents=[config], help="show how words are analysed for search"
    )
    analyze.add_argument("words", nargs="+", help="words, or - to read them from stdin")
    analyze.add_argument("--json", action="store_true", help="one JSON object per word")

    bench = commands.add_parser("bench", parents=[config], help="measure search latency")
    bench.add_argument("--scale", type=int, default=100, help="synthetic size multiplier")
    bench.add_argument("--rounds", type=int, default=20, help="passes over the questions")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench.add_argument("--queries", metavar="FILE", help="questions, one per line or .jsonl")

    kb = commands.add_parser("kb", parents=[config], help="manage the knowledge base")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    export = kb_commands.add_parser("export", parents=[config], help="write the knowledge base")
    export.add_argument("--format", choices=("json", "yaml"), default="yaml")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not stdout")
    export.add_argument("--version", type=int, metavar="N", help="export version N")
    for name, text in (
        ("import", "validate, then apply FILE as a new version"),
        ("validate", "check FILE without changing anything"),
        ("diff", "show what importing FILE would change"),
    ):
        sub = kb_commands.add_parser(name, parents=[config], help=text)
        sub.add_argument("file", metavar="FILE", help="a YAML or JSON knowledge document")
        if name == "import":
            sub.add_argument("--author", default=None, help="who imports (default: $USER)")
            sub.add_argument("--note", default="", help="why, for the history")
            sub.add_argument(
                "--force",
                action="store_true",
                help="import even if FILE was exported from an older version than the active one",
            )
    history = kb_commands.add_parser("history", parents=[config], help="list versions")
    history.add_argument("--limit", type=int, default=20)
    rollback = kb_commands.add_parser(
        "rollback", parents=[config], help="restore VERSION as a new version"
    )
    rollback.add_argument("version", type=int, metavar="VERSION")
    rollback.add_argument("--author", default=None)
    misses = kb_commands.add_parser(
        "misses", parents=[config], help="questions that nothing answered"
    )
    misses.add_argument("--limit", type=int, default=20)
    synonym = kb_commands.add_parser(
        "synonym", parents=[config], help="add or remove synonyms (a new version)"
    )
    synonym.add_argument("action", choices=("add", "remove"))
    synonym.add_argument("phrases", nargs="+", metavar="PHRASE", help="quote multi-word phrases")
    alias = kb_commands.add_parser(
        "alias", parents=[config], help="attach another phrasing to an entry (a new version)"
    )
    alias.add_argument("entry", metavar="ENTRY", help="an entry id, e.g. 4.1/F1/T2")
    alias.add_argument("phrase", nargs="+", metavar="WORD")
    alias.add_argument("--remove", action="store_true", help="detach the phrasing instead")
    note = kb_commands.add_parser(
        "note", parents=[config], help="add or remove a local note (a new version)"
    )
    note_actions = note.add_subparsers(dest="action", required=True, metavar="ACTION")
    note_add = note_actions.add_parser("add", help="a note with its title, text and source")
    note_add.add_argument("--title", required=True)
    note_add.add_argument("--text", required=True)
    note_add.add_argument("--source", required=True, help="where the note comes from")
    note_add.add_argument("--level", default=None, help="the card it concerns, e.g. 4.1")
    note_remove = note_actions.add_parser("remove", help="remove note N")
    note_remove.add_argument("number", type=int, metavar="N")
    for edit in (synonym, alias, note_add, note_remove):
        edit.add_argument("--author", default=None, help="who edits (default: $USER)")
        edit.add_argument("--note", default="", help="why, for the history")
        edit.add_argument("--dry-run", action="store_true", help="show the change, apply nothing")
    stats = kb_commands.add_parser(
        "stats", parents=[config], help="questions and answers a day, the most asked entries"
    )
    stats.add_argument("--days", type=int, default=30)
    kb_commands.add_parser(
        "selftest",
        parents=[config],
        help="ask every title and alias; exit 1 if any no longer finds its entry first",
    )
    return parser


def _setup_logging(settings: Settings, verbose: bool, command: str) -> None:
    """The bot logs at the configured level; one-off commands only say what went wrong."""
    level = logging.DEBUG if verbose else getattr(logging, settings.logging.level)
    if command != "run" and not verbose:
        level = max(level, logging.WARNING)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    install_redaction(Redactor.for_settings(settings))


def _run_async(coro: Coroutine[Any, Any, int]) -> int:
    import asyncio  # not needed by a quick start of `ask`

    return asyncio.run(coro)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"komekshi: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _setup_logging(settings, args.verbose, args.command)
    handler = _command(args)
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130


def _command(args: argparse.Namespace) -> Callable[[argparse.Namespace, Settings], int]:
    if args.command == "kb":
        from bot.cli import kb as cli_kb

        return cli_kb.COMMANDS[args.kb_command]
    if args.command == "bench":
        from bot.cli import bench as cli_bench

        return cli_bench.bench
    if args.command in ("ask", "analyze", "chat"):
        from bot.cli import search as cli_search

        return cli_search.COMMANDS[args.command]
    from bot.cli import run as cli_run

    return cli_run.webhook if args.command == "webhook" else cli_run.run


if __name__ == "__main__":
    sys.exit(main())
