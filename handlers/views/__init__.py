"""What the user sees: rendering, keyboards, delivery and deep links.

Views take knowledge-base objects and produce Telegram text and markup; they hold no SQL
and know no dispatcher, so a handler stays a few lines: parse, ask, render, send.
"""
