"""Users of the web interface (`warlog user add NAME`): only they can write (review, merge, edit).
Passwords are hashed with argon2id (argon2-cffi); the hash is stored, never the password.

Checking a password costs tens of milliseconds of CPU on purpose (argon2), so `check_password` touches
no store and the web desk runs it in a worker thread; `authenticate` is the same check for callers
that may block. Disabling a user or setting a new password ends the user's web sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    if disabled:
        store.end_sessions(user=name)


def set_password(store: Store, name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"the password needs at least {MIN_PASSWORD} characters")
    store.set_user(name, password_hash=_hasher.hash(password))
    store.end_sessions(user=name)


@dataclass(frozen=True, slots=True)
class PasswordCheck:
    """What checking a password found: `ok` when it is an enabled user's password; `new_hash` when
    argon2's parameters changed since the stored hash was made (store it in place of the old one)."""

    ok: bool
    new_hash: str | None = None


def check_password(user: User | None, password: str) -> PasswordCheck:
    """Whether `password` is the password of `user` (as `store.user(name)` found it), an enabled user.
    Costs the same time for a missing user. Pure CPU, no store: safe to run in a worker thread."""
    try:
        _hasher.verify(user.password_hash if user else _DUMMY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return PasswordCheck(False)
    if user is None or user.disabled_at is not None:
        return PasswordCheck(False)
    if _hasher.check_needs_rehash(user.password_hash):
        return PasswordCheck(True, _hasher.hash(password))
    return PasswordCheck(True)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when the name and password match an enabled user; None otherwise."""
    user = store.user(name)
    check = check_password(user, password)
    if not check.ok or user is None:
        return None
    if check.new_hash:
        store.set_user(name, password_hash=check.new_hash)
    return user
