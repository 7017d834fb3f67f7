"""Measure the Kazakh analysis against hand-annotated lemmas (Universal Dependencies).

    python benchmarks/analysis_ud.py path/to/kk_ktb-ud-*.conllu [--show 30]

Reports, over content words (NOUN, PROPN, VERB, ADJ, ADV):
- agreement: the share of word forms whose terms meet the terms of their lemma;
- collapse: the share of distinct lemmas whose primary term another lemma also has.
The treebank is not part of the project (CC BY-SA); pass its files on the command line.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict

from knowledge.analysis.analyzer import Analyzer

CONTENT = {"NOUN", "PROPN", "VERB", "ADJ", "ADV"}


def read_conllu(paths: list[str]) -> list[tuple[str, str, str]]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4 or not cols[0].isdigit():
                    continue
                form, lemma, upos = cols[1], cols[2], cols[3]
                if upos in CONTENT and lemma != "_" and any(c.isalpha() for c in form):
                    rows.append((form, lemma, upos))
    return rows


Miss = tuple[str, str, str, list[str], list[str]]
"""A form whose terms miss its lemma's: form, lemma, part of speech, both term lists."""


def measure(
    rows: list[tuple[str, str, str]], analyzer: Analyzer
) -> tuple[float, float, list[Miss]]:
    agree = 0
    misses: list[Miss] = []
    for form, lemma, upos in rows:
        form_terms = set(analyzer.word_terms(form))
        lemma_terms = set(analyzer.word_terms(lemma))
        if form_terms & lemma_terms:
            agree += 1
        else:
            misses.append((form, lemma, upos, sorted(form_terms), sorted(lemma_terms)))
    by_primary: dict[str, set[str]] = defaultdict(set)
    lemmas = {lemma.lower() for _, lemma, _ in rows}
    for lemma in lemmas:
        terms = analyzer.word_terms(lemma)
        if terms:
            by_primary[terms[0]].add(lemma)
    collapsed = sum(len(group) for group in by_primary.values() if len(group) > 1)
    return agree / len(rows), collapsed / len(lemmas), misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conllu", nargs="+")
    parser.add_argument("--show", type=int, default=0, help="print N random misses")
    args = parser.parse_args()
    rows = read_conllu(args.conllu)
    for name, analyzer in (("stemming", Analyzer()), ("folding only", Analyzer(stemming=False))):
        agreement, collapse, misses = measure(rows, analyzer)
        print(
            f"{name:13s} content words={len(rows)}  agreement={agreement:.3f}  "
            f"lemma collapse={collapse:.3f}"
        )
        if args.show and name == "stemming":
            for miss in random.Random(1).sample(misses, min(args.show, len(misses))):
                print("   ", miss)


if __name__ == "__main__":
    main()
