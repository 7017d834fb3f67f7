"""Reading and writing knowledge documents: the bundled data, and files that admins import.

Parsing never raises a bare YAML or pydantic error at the caller: every problem becomes a
`Problem` that names the place (a path like ``cards[0].functions[1].title`` and, where the
file has one, the line), so the CLI can print something an admin can act on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
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

    def __str__(self) -> str:
        place = f"{self.where} (line {self.line})" if self.line else self.where
        return f"{place}: {self.message}"


class DocumentError(Exception):
    """The file is not a valid knowledge document; `problems` says what and where."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:5]))


class _UniqueKeyLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader that refuses duplicate mapping keys (PyYAML keeps the last one silently)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _load_yaml(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DocumentError([Problem(name, f"not valid YAML/JSON: {exc.problem}", line)]) from exc
    except yaml.YAMLError as exc:
        raise DocumentError([Problem(name, f"not valid YAML/JSON: {exc}")]) from exc


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def _line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the node at `loc`, found by walking the composed YAML tree."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
    return node.start_mark.line + 1 if node is not None else None


def _simplify_message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return "must not be empty"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def validate_data(data: Any, name: str, text: str | None = None) -> KnowledgeDocument:
    """Validate already-parsed data as a knowledge document."""
    if isinstance(data, list):
        raise DocumentError(
            [
                Problem(
                    name,
                    "this is a flat list of entries (the output of `kb export --format json`); "
                    "import takes the knowledge document written by `kb export --format yaml`",
                )
            ]
        )
    if not isinstance(data, dict):
        raise DocumentError([Problem(name, "expected a mapping with order, standard, cards, ...")])
    try:
        return KnowledgeDocument.model_validate(data)
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
            line = _line_of(text, clean) if text else None
            problems.setdefault((where, message), Problem(where, message, line))
        raise DocumentError(problems.values()) from exc


def size_problem(size: int, name: str, max_bytes: int) -> Problem:
    return Problem(name, f"file is {size:,} bytes, larger than the limit of {max_bytes:,}")


def parse_document(raw: bytes, name: str, *, max_bytes: int) -> KnowledgeDocument:
    """Parse and fully validate an imported file (YAML or JSON)."""
    if len(raw) > max_bytes:
        raise DocumentError([size_problem(len(raw), name, max_bytes)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError([Problem(name, f"not UTF-8 text (byte {exc.start})")]) from exc
    if not text.strip():
        raise DocumentError([Problem(name, "the file is empty")])
    data = _load_yaml(text, name)
    return validate_data(data, name, text)


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
        """Read at most one byte over the limit, whatever the file claims to be."""
        file = Path(path)
        try:
            with file.open("rb") as handle:
                raw = handle.read(self.max_bytes + 1)
        except FileNotFoundError as exc:
            raise DocumentError([Problem(path, "file not found")]) from exc
        except IsADirectoryError as exc:
            raise DocumentError([Problem(path, "is a directory, not a file")]) from exc
        except OSError as exc:
            raise DocumentError([Problem(path, f"cannot read: {exc.strerror}")]) from exc
        if len(raw) > self.max_bytes:
            size = file.stat().st_size if file.is_file() else len(raw)
            raise DocumentError([size_problem(max(size, len(raw)), path, self.max_bytes)])
        return self.parse(raw, path)


def load_bundled() -> KnowledgeDocument:
    """The knowledge document shipped with the package (standard, cards, synonyms)."""
    data = _load_yaml(read_data("standard.yaml"), "standard.yaml")
    data["cards"] = [
        _load_yaml(read_data(f"cards/{level}.yaml"), f"cards/{level}.yaml") for level in CARD_FILES
    ]
    synonyms = _load_yaml(read_data("synonyms.yaml"), "synonyms.yaml") or {}
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
