"""Character-level normalisation: one canonical spelling for what users and the source type.

Everything here is a pure function of its input. The pipeline is:
NFC -> case folding -> dashes and invisible characters -> script repair (Latin look-alikes
inside Cyrillic words) -> Latin -> Cyrillic transliteration -> Russian-keyboard folding.
"""

from __future__ import annotations

import re
import unicodedata

# Kazakh letters a Russian keyboard lacks, and what people type instead.
RUSSIAN_KEYBOARD_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ё": "е",
    }
)

# Latin letters that look like Cyrillic ones, as they appear inside Cyrillic words of
# the source ("уәкiлеттi") or of users typing on a mixed keyboard.
LATIN_LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "i": "і",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "h": "һ",
        "t": "т",
        "b": "в",
    }
)

# Cyrillic letters that look like the Latin ones used in education codes (4S..., 6B...).
CODE_LOOKALIKES = str.maketrans({"в": "b", "с": "s", "ѕ": "s"})

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad\u200b-\u200d\u2060\ufeff]")
_SOFT = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")
_LATIN = re.compile(r"[a-zäğıñöşūüçİ]")


def clean(text: str) -> str:
    """NFC, invisible characters removed, every dash a hyphen-minus; case kept.

    NFC comes first: a decomposed "й" (и + combining breve) would otherwise split a word.
    """
    text = unicodedata.normalize("NFC", text)
    text = _SOFT.sub("", text)
    return _DASHES.sub("-", text)


def lower(text: str) -> str:
    # "İ".lower() gives "i̇" (with a combining dot); map it before case folding.
    lowered = text.replace("İ", "i").lower()
    if unicodedata.is_normalized("NFC", lowered):
        return lowered
    return unicodedata.normalize("NFC", lowered)


def canonical(text: str) -> str:
    """`clean()` and lower case: the form every comparison starts from."""
    return lower(clean(text))


def has_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


def has_latin(word: str) -> bool:
    return _LATIN.search(word) is not None


def repair_mixed_script(word: str) -> str:
    """A Cyrillic word with stray Latin look-alikes ("уәкiлеттi") becomes all Cyrillic."""
    if has_cyrillic(word) and has_latin(word):
        return word.translate(LATIN_LOOKALIKES)
    return word


def fold_russian_keyboard(word: str) -> str:
    """ә->а, ғ->г, қ->к, ң->н, ө->о, ұ/ү->у, һ->х, і->и: the spelling a Russian keyboard allows."""
    return word.translate(RUSSIAN_KEYBOARD_FOLD)


def normalize_code(token: str) -> str:
    """Education and group codes compare in Latin lower case: 6В012 -> 6b012, 4С09 -> 4s09."""
    return token.translate(CODE_LOOKALIKES)
