"""Tokenisation that keeps what the standard's users type as one thing.

Levels ("4.2", also "4,2"), group codes ("3412-0"), education codes ("4S09120101", "6B101",
"6В012" with a Cyrillic В) and plain numbers stay whole; words split on anything that is
not a letter, hyphenated words ("қарым-қатынас") into their parts.
Input is expected to be `clean()` text (NFC, hyphen-minus dashes); tokens come out in
lower case, with a flag for words typed in capitals (abbreviations such as БА, СБШ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.analysis.normalize import lower


class TokenType(StrEnum):
    LEVEL = "level"
    CODE = "code"
    NUMBER = "number"
    WORD = "word"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    type: TokenType
    upper: bool = False


_LETTERS = "a-zа-яёәғқңөұүһіäğıñöşūüçáíóúýǵńŋ'ʼ`"
_PATTERN = re.compile(
    rf"""
    (?P<level>(?<![\d.,])[1-9][.,][1-9](?![\d]|[.,]\d))   # 4.2, 4,2
    |(?P<group>(?<!\d)\d{{4}}-\d(?!\d))                          # 3412-0
    |(?P<code>\d[\d{_LETTERS}]*\d(?:[{_LETTERS}]\d+)*)            # 4s09120101, 6b101, 01140100
    |(?P<number>\d+)
    |(?P<word>[{_LETTERS}]+)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_CODE_HAS_LETTER = re.compile(rf"[{_LETTERS}]")
_APOSTROPHES = "'ʼ`"


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _PATTERN.finditer(text):
        kind = match.lastgroup
        raw = match.group(0)
        value = lower(raw)
        if kind == "level":
            digits = [c for c in value if c.isdigit()]
            tokens.append(Token(f"{digits[0]}.{digits[1]}", TokenType.LEVEL))
        elif kind == "group":
            tokens.append(Token(value, TokenType.CODE))
        elif kind == "code":
            is_code = _CODE_HAS_LETTER.search(value) is not None or len(value) >= 5
            tokens.append(Token(value, TokenType.CODE if is_code else TokenType.NUMBER))
        elif kind == "number":
            tokens.append(Token(value, TokenType.NUMBER))
        else:
            # an apostrophe inside a word is a letter of Latin spelling (o'qu); at its
            # edges it is a quotation mark: «'Еңбек функциясы' деген сөз»
            raw, value = raw.strip(_APOSTROPHES), value.strip(_APOSTROPHES)
            if not value:
                continue
            upper = len(raw) >= 2 and raw.isupper()
            tokens.append(Token(value, TokenType.WORD, upper))
    return tokens


def count_words(text: str) -> int:
    """How many WORD tokens `tokenize(text)` gives, without building them."""
    return sum(
        1
        for match in _PATTERN.finditer(text)
        if match.lastgroup == "word" and match.group(0).strip(_APOSTROPHES)
    )
