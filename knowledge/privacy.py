"""Pseudonymous user keys: what the store keeps instead of a Telegram user id."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UserKeys:
    """An HMAC of the user id under a configured secret, so stored feedback and misses
    never hold Telegram ids. Without a secret, no key is kept at all."""

    secret: bytes | None

    def of(self, user_id: int | None) -> str:
        if self.secret is None or user_id is None:
            return ""
        digest = hmac.new(self.secret, str(user_id).encode(), hashlib.sha256).hexdigest()
        return digest[:32]
