"""CSRF for the HTML forms: a random id in a cookie, and the form carries it signed.

A forged cross-site form has neither the cookie's value nor our signature over it.
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "csrf"
FIELD = "csrf_token"
MAX_AGE = 12 * 3600


class Csrf:
    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="saqbol-csrf")

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(18)

    def token(self, cookie_id: str) -> str:
        return str(self._s.dumps(cookie_id))

    def valid(self, cookie_id: str | None, token: str | None) -> bool:
        if not cookie_id or not token:
            return False
        try:
            value = self._s.loads(token, max_age=MAX_AGE)
        except BadSignature:
            return False
        return isinstance(value, str) and hmac.compare_digest(value, cookie_id)
