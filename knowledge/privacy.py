"""Personal data: pseudonymous user keys instead of Telegram ids, and masking of what
people type (IINs, phone numbers, e-mails, card numbers, names) before it is stored."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

_UNKEYED = b"komekshi-user-pseudonym"
"""Without a configured secret, Redis keys and logs still never hold a raw id; such a hash
of a small number can be reversed by trying every id, which is why production sets
[privacy] user_key_secret."""


@dataclass(frozen=True, slots=True)
class UserKeys:
    """HMACs of user ids under a configured secret."""

    secret: bytes | None

    def of(self, user_id: int | None) -> str:
        """The key stored with feedback and questions; without a secret, none at all."""
        if self.secret is None or user_id is None:
            return ""
        return self._digest(self.secret, user_id)

    def pseudonym(self, user_id: int) -> str:
        """A stable stand-in for the id where some key is needed (Redis keys, log lines)."""
        return self._digest(self.secret or _UNKEYED, user_id)

    @staticmethod
    def _digest(secret: bytes, user_id: int) -> str:
        return hmac.new(secret, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


# --- masking -------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CARD = re.compile(r"(?<![\d+])\d{4}(?:[ -]?\d{4}){2}(?:[ -]?\d{1,7})(?!\d)")
_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?7|8)[ (-]*\d{3}[ )-]*\d{3}[ -]*\d{2}[ -]*\d{2}(?!\d)"
    r"|(?<![\w+])\d{3}[ -]\d{2}[ -]\d{2}(?!\d)"
)
_CAPITAL = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "а-яёәғқңөұүһі"
_WORD = rf"[{_CAPITAL}][{_LOWER}]+(?:-[{_CAPITAL}]?[{_LOWER}]+)?"
_SURNAME = re.compile(
    rf"\b[{_CAPITAL}][{_LOWER}]+(?:(?:ов|ова|ев|ева)[{_LOWER}]{{0,5}}|ович|овна|евич|евна|ұлы|қызы)\b"
    rf"(?:\s+{_WORD}){{0,2}}"
)
_HONOURED = re.compile(rf"\b{_WORD}(?=\s+(?:апай|ағай|апа|аға|әже|ата|мырза|ханым|ханум)\b)")
_NAMED = re.compile(
    rf"(?i:\b(?:атым|атымыз|есімім|есімі|аты-жөні|аты|тегі|меня зовут|зовут|фамилия|имя)"
    rf"\s*[:—-]?\s+)(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})"
)


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "[карта]" if 13 <= len(digits) <= 19 else match.group()


def mask_personal_data(text: str) -> str:
    """`text` with personal data replaced by a placeholder, so what admins review (and the
    database keeps) says what was asked, not who asked it or about whom."""
    text = _EMAIL.sub("[email]", text)
    text = _CARD.sub(_card, text)
    text = _IIN.sub("[ЖСН]", text)
    text = _PHONE.sub("[телефон]", text)
    text = _NAMED.sub(lambda m: m.group().replace(m.group("name"), "[аты]"), text)
    text = _HONOURED.sub("[аты]", text)
    return _SURNAME.sub("[аты]", text)
