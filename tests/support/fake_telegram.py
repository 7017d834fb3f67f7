"""A fake Telegram Bot API server on loopback that behaves like Telegram where it matters.

It serves the methods the bot uses (getMe, getUpdates with long polling, sendMessage,
editMessageText, answerCallbackQuery, answerInlineQuery, getFile and file download,
sendDocument, deleteWebhook, setMyCommands), records every call, and lets tests push
updates. Like Telegram, it refuses invalid HTML, texts over 4,096 characters, callback
data over 64 bytes, edits that change nothing, a second answer to one callback query, and
(when asked to) more than a set number of messages a second to one chat, with 429.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

BOT_ID = 7000000001
BOT_USERNAME = "komekshi_test_bot"
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
JSON_FIELDS = {
    "reply_markup",
    "reply_parameters",
    "link_preview_options",
    "entities",
    "results",
    "commands",
    "allowed_updates",
    "button",
    "caption_entities",
    "scope",
}


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


class _TelegramHtml(HTMLParser):
    """Checks HTML the way Telegram's parser does and returns the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f'Unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f'Can\'t find end tag corresponding to start tag "{tag}"'
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user sees; ApiError as Telegram when the markup is broken or too long."""
    if parse_mode and parse_mode.upper() == "HTML":
        parser = _TelegramHtml()
        parser.feed(text)
        parser.close()
        if parser.error is None and parser.stack:
            parser.error = f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"'
        if parser.error:
            raise ApiError(400, f"Bad Request: can't parse entities: {parser.error}")
        plain = "".join(parser.text)
    else:
        plain = text
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(plain) > TEXT_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")
    return plain


def check_markup(markup: Any) -> None:
    if not markup:
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True
    error: str | None = None
    answered: bool = False
    """The response was written back to the bot."""


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    text: str
    markup: Any


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-TOKEN"
    host: str = "127.0.0.1"
    port: int = 0
    flood_limit: int | None = None
    """When set, more sends than this to one chat within a second get 429 retry_after=1."""
    send_delay: float = 0.0
    """Seconds sendMessage takes to answer (to catch a bot that stops mid-request)."""
    webhook_url: str | None = None
    broken_with: int | None = None
    """When set, every call fails with this status and an error text that echoes the
    request path, token included (as some proxies and gateways do)."""
    calls: list[Call] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    _query_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    _chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    _open_callbacks: set[str] = field(default_factory=set)
    _open_inline: set[str] = field(default_factory=set)
    _sends: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    _condition: asyncio.Condition | None = None
    _runner: web.AppRunner | None = None
    _offset: int = 0

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        self._condition = asyncio.Condition()
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server  # the bound port when port=0
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- what tests do -----------------------------------------------------------------

    async def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        assert self._condition is not None
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        self._remember(update)
        async with self._condition:
            self._updates.append(update)
            self._condition.notify_all()
        return update_id

    def _remember(self, update: dict[str, Any]) -> None:
        message = update.get("message") or update.get("edited_message")
        if message:
            self._chats[message["chat"]["id"]] = message["chat"]
        if "callback_query" in update:
            self._open_callbacks.add(update["callback_query"]["id"])
        if "inline_query" in update:
            self._open_inline.add(update["inline_query"]["id"])

    def user(self, user_id: int, *, language: str = "kk") -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "username": f"user{user_id}",
            "language_code": language,
        }

    def message(
        self,
        user_id: int,
        text: str | None = None,
        *,
        chat: dict[str, Any] | None = None,
        language: str = "kk",
        **content: Any,
    ) -> dict[str, Any]:
        chat = chat or {"id": user_id, "type": "private", "first_name": f"User{user_id}"}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id, language=language),
            **content,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    async def send_text(self, user_id: int, text: str, **kwargs: Any) -> int:
        return await self.push({"message": self.message(user_id, text, **kwargs)})

    async def press(self, user_id: int, message: StoredMessage, data: str) -> str:
        """Press a button of a message the bot sent; returns the callback query id."""
        query_id = f"cq{next(self._query_ids)}"
        chat = self._chats.get(message.chat_id, {"id": message.chat_id, "type": "private"})
        await self.push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "chat_instance": str(message.chat_id),
                    "data": data,
                    "message": {
                        "message_id": message.message_id,
                        "date": int(time.time()),
                        "chat": chat,
                        "from": self.bot_user(),
                        "text": message.text,
                    },
                }
            }
        )
        return query_id

    async def inline(self, user_id: int, query: str) -> str:
        query_id = f"iq{next(self._query_ids)}"
        await self.push(
            {
                "inline_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "query": query,
                    "offset": "",
                }
            }
        )
        return query_id

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Көмекші",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method
            and c.ok
            and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def messages_to(self, chat_id: int) -> list[StoredMessage]:
        return sorted(
            (m for (chat, _), m in self._messages.items() if chat == chat_id),
            key=lambda m: m.message_id,
        )

    async def wait_for(
        self,
        method: str,
        *,
        count: int = 1,
        chat_id: int | None = None,
        within: float = 10.0,
        ok: bool | None = True,
    ) -> list[Call]:
        deadline = time.monotonic() + within
        while True:
            calls = [
                c
                for c in self.calls
                if c.method == method
                and (ok is None or c.ok == ok)
                and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
            ]
            if len(calls) >= count:
                return calls
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{method}: {len(calls)} of {count} calls; seen: "
                    + ", ".join(f"{c.method}{'' if c.ok else '!'}" for c in self.calls[-20:])
                )
            await asyncio.sleep(0.01)

    # --- the API -----------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        if self.broken_with is not None:
            description = f"Bad Gateway: no upstream for {request.path}"
            failure = {"ok": False, "error_code": self.broken_with, "description": description}
            return web.json_response(failure, status=self.broken_with)
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        handler = getattr(self, f"api_{method.lower()}", None)
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
        except ApiError as exc:
            call.ok, call.error = False, exc.description
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            return await self._reply(request, call, web.json_response(body, status=exc.code))
        return await self._reply(request, call, web.json_response({"ok": True, "result": result}))

    async def _reply(
        self, request: web.Request, call: Call, response: web.Response
    ) -> web.Response:
        """Write the response now, so the call can be marked as answered."""
        try:
            await response.prepare(request)
            await response.write_eof()
        except ConnectionResetError:  # the bot hung up (e.g. a long poll cut by shutdown)
            return response
        call.answered = True
        return response

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if hasattr(value, "file"):
                params[key] = value.file.read()
            elif key in JSON_FIELDS and isinstance(value, str):
                params[key] = json.loads(value)
            else:
                params[key] = value
        for key, value in list(params.items()):  # multipart uploads are referenced as attach://
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.get(value.removeprefix("attach://"), b"")
        return params

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for stored_path, content in self.files.values():
            if stored_path == path:
                return web.Response(body=content)
        return web.Response(status=404)

    def _flood_check(self, chat_id: int) -> None:
        if self.flood_limit is None:
            return
        now = time.monotonic()
        recent = [t for t in self._sends[chat_id] if now - t < 1.0]
        if len(recent) >= self.flood_limit:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        recent.append(now)
        self._sends[chat_id] = recent

    async def api_getme(self, params: dict[str, Any]) -> Any:
        return self.bot_user()

    async def api_deletewebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def api_setwebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url", ""))
        if not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        self.webhook_url = url
        return True

    async def api_setmycommands(self, params: dict[str, Any]) -> Any:
        return True

    async def api_getupdates(self, params: dict[str, Any]) -> Any:
        assert self._condition is not None
        offset = int(params.get("offset", 0) or 0)
        limit = int(params.get("limit", 100) or 100)
        timeout = float(params.get("timeout", 0) or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        async with self._condition:
            while not self._updates:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._condition.wait(), remaining)
                except TimeoutError:
                    break
        return self._updates[:limit]

    def _message_json(self, stored: StoredMessage) -> dict[str, Any]:
        chat = self._chats.get(stored.chat_id) or {
            "id": stored.chat_id,
            "type": "private" if stored.chat_id > 0 else "supergroup",
        }
        body: dict[str, Any] = {
            "message_id": stored.message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user(),
            "text": stored.text,
        }
        if stored.markup:
            body["reply_markup"] = stored.markup
        return body

    async def api_sendmessage(self, params: dict[str, Any]) -> Any:
        if self.send_delay:
            await asyncio.sleep(self.send_delay)
        chat_id = int(params["chat_id"])
        text = visible_text(str(params.get("text", "")), params.get("parse_mode"))
        check_markup(params.get("reply_markup"))
        self._flood_check(chat_id)
        stored = StoredMessage(chat_id, next(self._message_ids), text, params.get("reply_markup"))
        self._messages[(chat_id, stored.message_id)] = stored
        return self._message_json(stored)

    async def api_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        key = (chat_id, int(params["message_id"]))
        stored = self._messages.get(key)
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        text = visible_text(str(params.get("text", "")), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_markup(markup)
        if text == stored.text and (markup or None) == (stored.markup or None):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        stored.text, stored.markup = text, markup
        return self._message_json(stored)

    async def api_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        key = (int(params["chat_id"]), int(params["message_id"]))
        stored = self._messages.get(key)
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        check_markup(markup)
        if (markup or None) == (stored.markup or None):
            raise ApiError(400, "Bad Request: message is not modified")
        stored.markup = markup
        return self._message_json(stored)

    async def api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        query_id = str(params["callback_query_id"])
        url = params.get("url")
        if url is not None and not str(url).startswith(f"https://t.me/{BOT_USERNAME}?start="):
            raise ApiError(400, "Bad Request: URL_INVALID")  # only links to the bot itself
        if query_id not in self._open_callbacks:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_callbacks.discard(query_id)
        return True

    async def api_answerinlinequery(self, params: dict[str, Any]) -> Any:
        query_id = str(params["inline_query_id"])
        if query_id not in self._open_inline:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        results = params.get("results", [])
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        for result in results:
            content = result.get("input_message_content", {})
            visible_text(content.get("message_text", ""), content.get("parse_mode") or "HTML")
            check_markup(result.get("reply_markup"))
        button = params.get("button")
        if button is not None:
            parameter = str(button.get("start_parameter", ""))
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", parameter) or not button.get("text"):
                raise ApiError(400, "Bad Request: START_PARAM_INVALID")
        self._open_inline.discard(query_id)
        return True

    async def api_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params["file_id"])
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": path,
        }

    async def api_senddocument(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        stored = StoredMessage(chat_id, next(self._message_ids), params.get("caption", ""), None)
        self._messages[(chat_id, stored.message_id)] = stored
        body = self._message_json(stored)
        document = params.get("document")
        size = len(document) if isinstance(document, bytes) else 0
        body["document"] = {"file_id": "uploaded", "file_unique_id": "uploaded", "file_size": size}
        return body

    async def api_sendphoto(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        photo = params.get("photo")
        if not isinstance(photo, bytes) or not photo.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if len(str(params.get("caption", ""))) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        stored = StoredMessage(chat_id, next(self._message_ids), params.get("caption", ""), None)
        self._messages[(chat_id, stored.message_id)] = stored
        body = self._message_json(stored)
        body["photo"] = [{"file_id": "photo", "file_unique_id": "photo", "width": 1, "height": 1}]
        return body

    def add_file(self, file_id: str, path: str, content: bytes) -> None:
        self.files[file_id] = (path, content)

    def html_of(self, call: Call) -> str:
        return html.unescape(str(call.params.get("text", "")))
