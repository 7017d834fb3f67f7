"""/stats as a picture: questions a day and the share answered, for the last 30 days.

matplotlib (imported on first use: answering questions never needs it) draws with its Agg
backend into PNG bytes, in a worker thread, so the event loop keeps answering."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from knowledge.records import DayStats


def daily_chart(
    days: Sequence[DayStats], until: date, title: str, labels: tuple[str, str]
) -> bytes:
    """A PNG: bars of questions a day (every day of the 30, zero where none), and a line of
    the share answered on the right axis."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    span = [until - timedelta(days=n) for n in range(29, -1, -1)]
    by_day = {d.day: d for d in days}
    asked = [by_day[d].asked if d in by_day else 0 for d in span]
    rate = [
        100 * by_day[d].answered / by_day[d].asked if d in by_day and by_day[d].asked else None
        for d in span
    ]
    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.subplots()
    axes.bar(range(30), asked, color="#4C72B0", label=labels[0])
    axes.set_ylabel(labels[0])
    axes.set_xticks(range(0, 30, 5), [f"{span[i]:%d.%m}" for i in range(0, 30, 5)])
    share = axes.twinx()
    points = [(i, r) for i, r in enumerate(rate) if r is not None]
    if points:
        share.plot([p[0] for p in points], [p[1] for p in points], color="#DD8452", marker="o",
                   label=labels[1])  # fmt: skip
    share.set_ylim(0, 105)
    share.set_ylabel(labels[1])
    axes.set_title(title)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
