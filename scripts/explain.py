"""Developer aid: show how a question is parsed and scored (groups, weights, top hits).

python scripts/explain.py "қан кетуді тоқтату" ["another question" ...]
"""

from __future__ import annotations

import asyncio
import sys

from bot.cli_search import load_assistant
from bot.config import load_settings
from knowledge.analysis.analyzer import Analyzer


def main() -> None:
    assistant = asyncio.run(load_assistant(load_settings(), Analyzer()))
    parser = assistant._parser
    ranker = assistant._ranker
    for query in sys.argv[1:]:
        parsed = parser.parse(query)
        print(
            f"\n=== {query!r}  intent={sorted(parsed.intent.levels)} {sorted(parsed.intent.wants)}"
        )
        for group in parsed.groups:
            rarity = ranker.group_scores(group).weight
            alts = " | ".join(
                " ".join("/".join(s.terms) for s in alt) for alt in group.alternatives
            )
            print(f"  group {group.surface!r} cue={group.cue} rarity={rarity:.2f}: {alts}")
            for slot in group.alternatives[0]:
                print(f"     {slot.surface}: {ranker.slot_matches(slot)}")
        answer = assistant.ask(query, limit=6)
        print(f"  answered={answer.answered}")
        for hit in answer.hits:
            entry = hit.entry
            print(f"  {hit.score:7.3f} cov={hit.coverage:.2f} {entry.id:18s} {entry.title[:60]}")


if __name__ == "__main__":
    main()
