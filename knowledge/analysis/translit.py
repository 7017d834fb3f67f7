"""Latin -> Cyrillic transliteration for Kazakh typed in Latin script.

Covers the 2021 Kazakh Latin alphabet (ä ğ ı ñ ö ş ū ü ç: "ı" is і, "y" is ы, "i" is и/й)
and the informal chat spellings people use without those letters ("sh", "gh", "ng", "kh",
"zh", "ch"; "q" for қ; "i" for і). The output only has to meet the index after
Russian-keyboard folding, so ambiguous letters map to the reading that folding keeps apart
least: "u" -> у (ұ, ү and у fold together), "i" -> і (і and и fold together).
"""

from __future__ import annotations

import re

# Longest first: digraphs before single letters.
_MULTI = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("gh", "ғ"),
    ("kh", "х"),
    ("ng", "ң"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
)

_SINGLE = {
    "a": "а",
    "ä": "ә",
    "á": "ә",
    "b": "б",
    "c": "к",
    "ç": "ч",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "ğ": "ғ",
    "ǵ": "ғ",
    "h": "һ",
    "ı": "і",
    "i": "і",
    "í": "і",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "ñ": "ң",
    "ń": "ң",
    "ŋ": "ң",
    "o": "о",
    "ö": "ө",
    "ó": "ө",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "ş": "ш",
    "t": "т",
    "u": "у",
    "ū": "ұ",
    "ú": "ү",
    "ü": "ү",
    "v": "в",
    "w": "у",
    "x": "х",
    "y": "ы",
    "ý": "ү",
    "z": "з",
    "'": "",
    "`": "",
    "ʼ": "",
}

_VOWELS = set("аәеиоөұүуыіэюя")
_SOFTENING = frozenset("eiıyé")
_TOKEN = re.compile("|".join(re.escape(m) for m, _ in _MULTI) + "|.", re.DOTALL)
_MULTI_MAP = dict(_MULTI)


def latin_to_cyrillic(word: str) -> str:
    """Transliterate one lower-case Latin word to Cyrillic Kazakh spelling."""
    out: list[str] = []
    for match in _TOKEN.finditer(word):
        piece = match.group(0)
        if piece in _MULTI_MAP:
            out.append(_MULTI_MAP[piece])
            continue
        letter = _SINGLE.get(piece, piece)
        # "c" is in no Kazakh Latin alphabet: it comes with loanwords, ц before a front
        # vowel (funkcia, licenzia, medicina), к elsewhere (kolledj as "college").
        if piece == "c" and match.end() < len(word) and word[match.end()] in _SOFTENING:
            letter = "ц"
        # "i" after a vowel is й in both spellings: "üi" -> үй, "kuiik" -> куйік.
        if piece in ("i", "ı") and out and out[-1] and out[-1][-1] in _VOWELS:
            letter = "й"
        # so is "y" (Kazakh has no vowel before ы): "qanday" -> қандай, "boyynsha" -> бойынша
        if piece == "y" and out and out[-1] and out[-1][-1] in _VOWELS:
            letter = "й"
        out.append(letter)
    return "".join(out)


LATIN_TABLES = (_MULTI, tuple(sorted(_SINGLE.items())))
"""The transliteration tables, for the analyser's version fingerprint."""
