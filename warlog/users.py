"""Users of the web interface (`warlog user add NAME`): only they can write (review, merge, edit).
Passwords are hashed with argon2id (argon2-cffi); the hash is stored, never the password."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .errors import ConfigError
from .store import Store, User

MIN_PASSWORD = 8
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_hasher = PasswordHasher()
# a hash to verify against when the user does not exist, so a wrong name takes as long as a wrong password
_DUMMY = _hasher.hash("warlog-no-such-user")


def add_user(store: Store, name: str, password: str) -> User:
    if not _NAME.fullmatch(name):
        raise ConfigError(f"user name {name!r}: letters, digits and . _ @ - only, 1 to 64 characters")
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"the password needs at least {MIN_PASSWORD} characters")
    return store.add_user(name, _hasher.hash(password))


def get_user(store: Store, name: str) -> User | None:
    return store.user(name)


def list_users(store: Store) -> list[User]:
    return store.users()


def disable_user(store: Store, name: str, *, disabled: bool = True) -> None:
    store.set_user(name, disabled=disabled)


def set_password(store: Store, name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"the password needs at least {MIN_PASSWORD} characters")
    store.set_user(name, password_hash=_hasher.hash(password))


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when the name and password match an enabled user; None otherwise."""
    user = store.user(name)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled_at is not None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        store.set_user(name, password_hash=_hasher.hash(password))
    return user
