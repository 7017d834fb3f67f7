"""The message catalogues: complete, compiled, every Russian message translated."""

from __future__ import annotations

import gettext
from importlib import resources

from babel.messages.pofile import read_po


def test_catalogues_are_complete_and_compiled() -> None:
    locales = resources.files("bot").joinpath("locales")
    with locales.joinpath("komekshi.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    for locale in ("kk", "ru"):
        with locales.joinpath(f"{locale}/LC_MESSAGES/komekshi.po").open("rb") as handle:
            catalog = read_po(handle)
        assert {m.id for m in catalog if m.id} == template, locale
        with locales.joinpath(f"{locale}/LC_MESSAGES/komekshi.mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for message in catalog:
            if message.id and message.string:
                assert compiled.gettext(str(message.id)) == message.string
    with locales.joinpath("ru/LC_MESSAGES/komekshi.po").open("rb") as handle:
        assert all(m.string for m in read_po(handle) if m.id)
