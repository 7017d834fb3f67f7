"""Developer aid: show how a question is parsed and scored (groups, weights, top hits).

python scripts/explain.py "қан кетуді тоқтату" ["another question" ...]
"""

from __future__ import annotations

import asyncio
import sys

from bot.cli.search import load_assistant
from bot.config import load_settings


def main() -> None:
    assistant = asyncio.run(load_assistant(load_settings()))
    for query in sys.argv[1:]:
        explanation = assistant.explain(query)
        print(f"\n=== {query!r}  intent={explanation.levels} {explanation.wants}")
        for group in explanation.groups:
            alternatives = " | ".join(
                " ".join("/".join(terms) for terms in alternative)
                for alternative in group.alternatives
            )
            print(f"  group {group.surface!r} cue={group.cue} rarity={group.weight:.2f}: "
                  f"{alternatives}")  # fmt: skip
            for surface, matches in group.matches.items():
                print(f"     {surface}: {matches}")
        answer = explanation.answer
        print(f"  answered={answer.answered}")
        for hit in answer.hits:
            entry = hit.entry
            print(f"  {hit.score:7.3f} cov={hit.coverage:.2f} {entry.id:18s} {entry.title[:60]}")


if __name__ == "__main__":
    main()
