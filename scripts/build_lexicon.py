"""Write the Kazakh lemma list the stemmer checks, from Hunspell's Kazakh dictionary.

    python scripts/build_lexicon.py /usr/share/hunspell/kk_KZ.dic [--out PATH]

The dictionary is Debian's hunspell-kk (`apt-get download hunspell-kk`); the .aff file is
read from next to the .dic. What comes out is one line an entry, sorted, plain UTF-8:

- every entry lower-cased, as the dictionary lists it; entries with anything but
  Cyrillic letters are left out;
- a verb entry (one with the dictionary's verb flag) gives its stem, marked with a final
  "-": the dictionary's own imperative rule (flag x: жабу -> жап, сүю -> сүй), otherwise
  the verbal noun's -у off (бастау -> баста-).

Nothing else is done to the entries: the stemmer asks the list only whether a stem it
reached is a word at all, and whether a longer form of the word is one.
The script is the project's; the data it writes is the dictionary's (see the README next
to the data file for its licence).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from knowledge.analysis.lexicon import VERB_MARK

OUT = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "lexicon" / "kk_lemmas.txt"
STEM_FLAG = "x"
"""The dictionary's imperative: the bare verb stem."""
VERB_FLAG = "M"
WORD = re.compile(r"^[а-яәғқңөұүһіё]+$")

Rule = tuple[str, str, re.Pattern[str]]
"""What to strip, what to add, the condition on the word's end."""


def read_affixes(path: Path) -> dict[str, list[Rule]]:
    """The suffix rules of the .aff file, by flag."""
    rules: dict[str, list[Rule]] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split()
        if len(fields) < 4 or fields[0] != "SFX" or fields[2] in {"Y", "N"}:
            continue
        if len(fields) == 4:  # "SFX x у [аоуұыэ]ку": the add field left out, i.e. "0"
            flag, strip, condition = fields[1], fields[2], fields[3]
            add = "0"
        else:
            flag, strip, add, condition = fields[1:5]
        rule = (
            "" if strip == "0" else strip,
            "" if add == "0" else add,
            re.compile(f"(?:{condition})$"),
        )
        rules.setdefault(flag, []).append(rule)
    return rules


def read_entries(path: Path) -> list[tuple[str, str]]:
    """(lower-cased word, flags) of each entry; the first line is the entry count."""
    entries = []
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        word, _, flags = line.strip().partition("/")
        entries.append((word.lower(), flags))
    return entries


def apply(word: str, rules: list[Rule]) -> list[str]:
    return [
        word[: len(word) - len(strip)] + add
        for strip, add, condition in rules
        if word.endswith(strip) and condition.search(word)
    ]


def verb_stems(word: str, flags: str, affixes: dict[str, list[Rule]]) -> list[str]:
    """The stems of a verb entry: its imperative, else the verbal noun without -у."""
    stems = apply(word, affixes.get(STEM_FLAG, [])) if STEM_FLAG in flags else []
    if not stems and word.endswith("у"):
        stems = [word[:-1]]
    return [s for s in stems if len(s) >= 2]


def derive(dic: Path) -> list[str]:
    """The sorted lines: words as listed, verbs' stems with VERB_MARK."""
    affixes = read_affixes(dic.with_suffix(".aff"))
    lines: set[str] = set()
    for word, flags in read_entries(dic):
        if not WORD.match(word):
            continue
        if VERB_FLAG in flags:
            lines.update(f"{s}{VERB_MARK}" for s in verb_stems(word, flags, affixes))
        else:
            lines.add(word)
    return sorted(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dic", type=Path, help="kk_KZ.dic (its .aff next to it)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    lines = derive(args.dic)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} lines -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
