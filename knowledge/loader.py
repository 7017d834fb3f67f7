"""Reading and writing knowledge documents: the bundled data, and files that admins import.

Parsing never raises a bare YAML or pydantic error at the caller: every problem becomes a
`Problem` that names the place (a path like ``cards[0].functions[1].title`` and, where the
file has one, the line), so the CLI can print something an admin can act on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.bundle import CARD_FILES, read_data
from knowledge.document import KnowledgeDocument


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    message: str
    line: int | None = None
    template: str = ""
    """The message before its values were filled in, for the bot to say it in the admin's
    language (empty for a parser's or validator's own words)."""
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, where: str, template: str, line: int | None = None, **values: object) -> Problem:
        text = {key: str(value) for key, value in values.items()}
        return cls(where, template.format(**text), line, template, tuple(text.items()))

    def __str__(self) -> str:
        place = f"{self.where} (line {self.line})" if self.line else self.where
        return f"{place}: {self.message}"


class DocumentError(Exception):
    """The file is not a valid knowledge document; `problems` says what and where."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:5]))


_CLoader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader

MAX_DEPTH = 32
"""Nesting a knowledge document never needs (it uses at most eight levels)."""


class _StrictLoader(_CLoader):  # type: ignore[misc,valid-type]
    """A safe loader that refuses duplicate mapping keys (PyYAML keeps the last one
    silently) and turns a value it cannot read into a marked error, never a ValueError."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, LookupError, ArithmeticError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({_first_line(exc)})", node.start_mark
            ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).split(";")[0].strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _construct_unique_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a plain name, not a list or a mapping",
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > 100:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number too long to be one ({digits} digits)", node.start_mark
        )
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _check_tree(root: yaml.Node, name: str) -> None:
    """Refuse aliases and deep nesting before constructing anything: an alias can make a
    small file expand to millions of values, and an exported document never has one."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise DocumentError(
                [Problem.of(name, "anchors and aliases (&name, *name) are not allowed", line)]
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise DocumentError(
                [Problem.of(name, "nested deeper than {depth} levels", line, depth=MAX_DEPTH)]
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


class _Lines:
    """Where each node of a composed document starts: built once, so locating a thousand
    problems reads the file once, not a thousand times."""

    def __init__(self, root: yaml.Node | None) -> None:
        self._root = root
        self._children: dict[int, dict[str, yaml.Node]] = {}

    def line(self, loc: tuple[int | str, ...]) -> int | None:
        node = self._root
        if node is None:
            return None
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                match = self._mapping(node).get(part)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                match = node.value[part] if 0 <= part < len(node.value) else None
            else:
                match = None
            if match is None:
                break
            node = match
        return node.start_mark.line + 1

    def _mapping(self, node: yaml.MappingNode) -> dict[str, yaml.Node]:
        children = self._children.get(id(node))
        if children is None:
            children = {
                str(key.value): value
                for key, value in node.value
                if isinstance(key, yaml.ScalarNode)
            }
            self._children[id(node)] = children
        return children


_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


def _join_surrogate_escapes(text: str) -> str:
    """JSON writes a character beyond U+FFFF as two escapes (Python's `json.dumps` does:
    🚑 is \\ud83d\\ude91); YAML reads each half alone and refuses it. Join the halves."""

    def join(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        return match.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _SURROGATE_PAIR.sub(join, text)


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def _load_yaml(text: str, name: str) -> tuple[Any, _Lines]:
    """The data of `text` and where its nodes stand; every problem is a `DocumentError`."""
    if _looks_like_json(text):
        text = _join_surrogate_escapes(text)
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, _Lines(None)
        _check_tree(root, name)
        return loader.construct_document(root), _Lines(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DocumentError(
            [Problem.of(name, "not valid YAML/JSON: {detail}", line, detail=exc.problem)]
        ) from exc
    except yaml.YAMLError as exc:
        raise DocumentError(
            [Problem.of(name, "not valid YAML/JSON: {detail}", detail=exc)]
        ) from exc
    except RecursionError as exc:
        raise DocumentError([Problem.of(name, "nested too deeply to read")]) from exc
    finally:
        loader.dispose()


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


_KNOWN_ERRORS = {
    "extra_forbidden": "unknown field",
    "missing": "required field is missing",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
}


def _simplify_message(error: Any) -> str:
    known = _KNOWN_ERRORS.get(error["type"])
    if known is not None:
        return known
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


Loc = tuple[int | str, ...]
DUPLICATE = "duplicate {field} {key} (first at [{first}])"


def _duplicates(document: KnowledgeDocument) -> Iterator[tuple[Loc, dict[str, object]]]:
    """Keys that must be unique, each second one with its own place."""

    def repeated(
        keys: Iterable[Any], where: Callable[[int], Loc], field: str
    ) -> Iterator[tuple[Loc, dict[str, object]]]:
        first: dict[Any, int] = {}
        for index, key in enumerate(keys):
            if key in first:
                yield where(index), {"field": field, "key": repr(key), "first": first[key]}
            else:
                first[key] = index

    yield from repeated((c.level for c in document.cards), lambda i: ("cards", i, "level"), "level")
    yield from repeated(
        (t.number for t in document.terms), lambda i: ("terms", i, "number"), "number"
    )
    yield from repeated(
        (a.abbr for a in document.abbreviations), lambda i: ("abbreviations", i, "abbr"), "abbr"
    )
    yield from repeated((n.number for n in document.notes), lambda i: ("notes", i, "number"),
                        "number")  # fmt: skip
    for c, card in enumerate(document.cards):
        yield from repeated(
            (f.id for f in card.functions),
            lambda i, c=c: ("cards", c, "functions", i, "id"),  # type: ignore[misc]
            "id",
        )
        for f, function in enumerate(card.functions):
            yield from repeated(
                (t.id for t in function.tasks),
                lambda i, c=c, f=f: ("cards", c, "functions", f, "tasks", i, "id"),  # type: ignore[misc]
                "id",
            )


def validate_data(data: Any, name: str, lines: _Lines | None = None) -> KnowledgeDocument:
    """Validate already-parsed data as a knowledge document."""
    located = lines or _Lines(None)
    if isinstance(data, list):
        raise DocumentError(
            [
                Problem.of(
                    name,
                    "this is a flat list of entries (the output of `kb export --format json`); "
                    "import takes the knowledge document written by `kb export --format yaml`",
                )
            ]
        )
    if not isinstance(data, dict):
        raise DocumentError(
            [Problem.of(name, "expected a mapping with order, standard, cards, ...")]
        )
    try:
        document = KnowledgeDocument.model_validate(data)
    except ValidationError as exc:
        problems: dict[tuple[str, str], Problem] = {}
        for error in exc.errors():
            loc = tuple(error["loc"])
            clean = tuple(
                p
                for p in loc
                if not (isinstance(p, str) and ("[" in p or p in ("str", "NestedItem")))
            )
            where = _format_loc(clean)
            message = _simplify_message(error)
            if (where, message) not in problems:
                template = message if message in _KNOWN_ERRORS.values() else ""
                problems[(where, message)] = Problem(where, message, located.line(clean), template)
        raise DocumentError(problems.values()) from exc
    duplicates = [
        Problem.of(_format_loc(loc), DUPLICATE, located.line(loc), **values)
        for loc, values in _duplicates(document)
    ]
    if duplicates:
        raise DocumentError(duplicates)
    dangling = _dangling_aliases(document, located)
    if dangling:
        raise DocumentError(dangling)
    return document


DANGLING = "no entry {entry} in this document"


def _dangling_aliases(document: KnowledgeDocument, located: _Lines) -> list[Problem]:
    if not document.aliases:
        return []
    from knowledge.derive import build_entries

    ids = {entry.id for entry in build_entries(document)}
    return [
        Problem.of(f"aliases[{i}].entry", DANGLING, located.line(("aliases", i, "entry")),
                   entry=alias.entry)
        for i, alias in enumerate(document.aliases)
        if alias.entry not in ids
    ]  # fmt: skip


def size_problem(size: int, name: str, max_bytes: int) -> Problem:
    return Problem.of(
        name,
        "file is {size} bytes, larger than the limit of {limit}",
        size=f"{size:,}",
        limit=f"{max_bytes:,}",
    )


def parse_document(raw: bytes, name: str, *, max_bytes: int) -> KnowledgeDocument:
    """Parse and fully validate an imported file (YAML or JSON)."""
    if len(raw) > max_bytes:
        raise DocumentError([size_problem(len(raw), name, max_bytes)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [Problem.of(name, "not UTF-8 text (byte {byte})", byte=exc.start)]
        ) from exc
    if not text.strip():
        raise DocumentError([Problem.of(name, "the file is empty")])
    data, lines = _load_yaml(text, name)
    return validate_data(data, name, lines)


@dataclass(frozen=True, slots=True)
class DocumentReader:
    """Reads documents that admins import, within one size limit, from anywhere they come
    from (a file, a Telegram upload): the one place that limit is enforced."""

    max_bytes: int

    def check_size(self, size: int | None, name: str) -> None:
        """Refuse a document by its announced size before fetching it (None: unknown)."""
        if size is not None and size > self.max_bytes:
            raise DocumentError([size_problem(size, name, self.max_bytes)])

    def parse(self, raw: bytes, name: str) -> KnowledgeDocument:
        return parse_document(raw, name, max_bytes=self.max_bytes)

    def read_file(self, path: str) -> KnowledgeDocument:
        """Read a regular file, at most one byte over the limit whatever it claims to be;
        a FIFO, a device or a socket is refused at once instead of read or waited on."""
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError as exc:
            raise DocumentError([Problem.of(path, "file not found")]) from exc
        except IsADirectoryError as exc:
            raise DocumentError([Problem.of(path, "is a directory, not a file")]) from exc
        except OSError as exc:
            raise DocumentError([Problem(path, f"cannot read: {exc.strerror}")]) from exc
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            os.close(descriptor)
            raise DocumentError(
                [Problem(path, f"is {_file_kind(status.st_mode)}, not a regular file")]
            )
        with os.fdopen(descriptor, "rb") as handle:
            try:
                raw = handle.read(self.max_bytes + 1)
            except OSError as exc:
                raise DocumentError([Problem(path, f"cannot read: {exc.strerror}")]) from exc
        if len(raw) > self.max_bytes:
            size = max(status.st_size, len(raw))
            raise DocumentError([size_problem(size, path, self.max_bytes)])
        return self.parse(raw, path)


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def load_bundled() -> KnowledgeDocument:
    """The knowledge document shipped with the package (standard, cards, synonyms)."""
    data = _load_yaml(read_data("standard.yaml"), "standard.yaml")[0]
    data["cards"] = [
        _load_yaml(read_data(f"cards/{level}.yaml"), f"cards/{level}.yaml")[0]
        for level in CARD_FILES
    ]
    synonyms = _load_yaml(read_data("synonyms.yaml"), "synonyms.yaml")[0] or {}
    data["synonyms"] = synonyms.get("synonyms", [])
    return validate_data(data, "bundled data")


def document_to_data(document: KnowledgeDocument) -> dict[str, Any]:
    return document.model_dump(mode="json", exclude_defaults=True)


def dump_yaml(document: KnowledgeDocument) -> str:
    header = (
        "# Көмекші knowledge document: order No. 146 of 23.08.2023 and the professional standard\n"
        '# "Денсаулық сақтау саласындағы әлеуметтік жұмыскер". Edit, then `komekshi kb validate`\n'
        "# and `komekshi kb import` this file.\n"
    )
    body = yaml.dump(
        document_to_data(document),
        Dumper=yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return header + body


def document_checksum(document: KnowledgeDocument) -> str:
    canonical = json.dumps(document_to_data(document), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
