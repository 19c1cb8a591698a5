"""Staff accounts, their sessions, the login throttle and the audit log, in one SQLite file.

The database lives under the instance folder (``instance/c400.sqlite3``; ``C400_DATABASE``
overrides it). The app creates it and brings its schema up to date on start-up
(``PRAGMA user_version`` holds the schema's version; ``MIGRATIONS`` are applied in order).
No account exists until ``flask --app webapp user add`` creates one.

Public visitors are never recorded here: only staff logins, failed logins (by the name
typed, and a keyed hash of the address, never the address itself) and staff actions.

Sessions: the signed cookie (Flask's) holds only a random session id; the id must also be a
live row of ``sessions``. So a new id is issued at every login (no session fixation),
logging out, removing an account or changing its password ends its sessions at once, and a
cookie past its lifetime or forged is simply no session.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("editor", "admin")
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024
MAX_NAME_CHARS = 64
#: Failed logins of one account (or from one address) before it is locked out for a while.
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW_S = 15 * 60
LOCKOUT_S = 15 * 60
SESSION_KEY = "sid"
WRONG_LOGIN = _l("Wrong user name or password.")
LOCKED_OUT = _l("Too many failed logins: wait 15 minutes and try again.")
#: The hash a login with an unknown name is checked against, so both take as long.
_DUMMY_HASH = generate_password_hash("not a password of anyone", method="scrypt")

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        sid TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE TABLE login_failures (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        first_at REAL NOT NULL,
        locked_until REAL NOT NULL DEFAULT 0
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_at ON audit(at);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class AccountError(ValueError):
    """An account cannot be created or changed; the message says why in one line."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created_at: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


# --- the database --------------------------------------------------------------------------------


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the schema up to date (created on first use)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=15, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    migrate(db)
    return db


def migrate(db: sqlite3.Connection) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"the database's schema (version {version}) is newer than this program's "
                           f"({SCHEMA_VERSION}); update the program")
    for number in range(version, SCHEMA_VERSION):
        db.executescript(f"BEGIN; {MIGRATIONS[number]}; PRAGMA user_version = {number + 1}; COMMIT;")


def db() -> sqlite3.Connection:
    """This request's connection (closed when the request ends)."""
    if "c400_db" not in g:
        g.c400_db = connect(current_app.config["DATABASE"])
    return g.c400_db


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- accounts ------------------------------------------------------------------------------------


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS or not all(ch.isalnum() or ch in "._-@" for ch in name):
        raise AccountError(f"user name must be 1 to {MAX_NAME_CHARS} letters, digits or . _ - @")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"the password must have at most {MAX_PASSWORD_CHARS} characters")


def _hash(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def add_user(connection: sqlite3.Connection, name: str, role: str, password: str) -> User:
    name = check_name(name)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)} (not {role!r})")
    check_password(password)
    try:
        cursor = connection.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                                    (name, role, _hash(password), _now_text()))
    except sqlite3.IntegrityError:
        raise AccountError(f"a user named {name!r} already exists") from None
    return User(cursor.lastrowid, name, role)


def users(connection: sqlite3.Connection) -> list[User]:
    rows = connection.execute("SELECT id, name, role, created_at FROM users ORDER BY name COLLATE NOCASE")
    return [User(row["id"], row["name"], row["role"], row["created_at"]) for row in rows]


def find_user(connection: sqlite3.Connection, name: str) -> User | None:
    row = connection.execute("SELECT id, name, role, created_at FROM users WHERE name = ?", (name.strip(),)).fetchone()
    return User(row["id"], row["name"], row["role"], row["created_at"]) if row else None


def remove_user(connection: sqlite3.Connection, name: str) -> User:
    user = find_user(connection, name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    connection.execute("DELETE FROM users WHERE id = ?", (user.id,))  # sessions go with it (cascade)
    return user


def set_password(connection: sqlite3.Connection, name: str, password: str) -> User:
    user = find_user(connection, name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    check_password(password)
    connection.execute("UPDATE users SET password_hash = ? WHERE id = ?", (_hash(password), user.id))
    connection.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))  # everywhere logged out
    return user


def admins(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COUNT(*) FROM users WHERE role = 'admin'").fetchone()[0]


# --- logging in ----------------------------------------------------------------------------------


def _address_key(address: str) -> str:
    """The throttle's key for a client address: a keyed hash, so the database holds no address."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return "address:" + hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


def _locked(connection: sqlite3.Connection, key: str, now: float) -> bool:
    row = connection.execute("SELECT locked_until FROM login_failures WHERE key = ?", (key,)).fetchone()
    return bool(row and row["locked_until"] > now)


def _count_failure(connection: sqlite3.Connection, key: str, limit: int, now: float) -> None:
    row = connection.execute("SELECT failures, first_at FROM login_failures WHERE key = ?", (key,)).fetchone()
    if row is None or now - row["first_at"] > FAILURE_WINDOW_S:
        failures, first = 1, now
    else:
        failures, first = row["failures"] + 1, row["first_at"]
    locked = now + LOCKOUT_S if failures >= limit else 0
    connection.execute("INSERT OR REPLACE INTO login_failures (key, failures, first_at, locked_until) "
                       "VALUES (?, ?, ?, ?)", (key, failures, first, locked))


def authenticate(connection: sqlite3.Connection, name: str, password: str, address: str) -> tuple[User | None, Any]:
    """The user, or None with the one message shown for any refusal (wrong name and wrong
    password read alike; a locked account or address says it is locked, whatever was typed)."""
    now = time.time()
    account_key, address_key = "account:" + name.strip().lower(), _address_key(address)
    if _locked(connection, account_key, now) or _locked(connection, address_key, now):
        return None, LOCKED_OUT
    row = connection.execute("SELECT id, name, role, created_at, password_hash FROM users WHERE name = ?",
                             (name.strip(),)).fetchone()
    valid = check_password_hash(row["password_hash"] if row else _DUMMY_HASH, password[:MAX_PASSWORD_CHARS])
    if row is None or not valid:
        _count_failure(connection, account_key, MAX_FAILURES_PER_ACCOUNT, now)
        _count_failure(connection, address_key, MAX_FAILURES_PER_ADDRESS, now)
        locked = _locked(connection, account_key, now) or _locked(connection, address_key, now)
        return None, LOCKED_OUT if locked else WRONG_LOGIN
    connection.execute("DELETE FROM login_failures WHERE key = ?", (account_key,))
    return User(row["id"], row["name"], row["role"], row["created_at"]), ""


def start_session(user: User) -> None:
    """A fresh session for ``user``: whatever the browser held before (a planted id, a CSRF
    token) is dropped, and a new random id is both the cookie's and the database's."""
    session.clear()
    sid = secrets.token_urlsafe(32)
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    now = time.time()
    connection = db()
    connection.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))
    connection.execute("INSERT INTO sessions (sid, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                       (sid, user.id, now, now + lifetime))
    session[SESSION_KEY] = sid
    session.permanent = True
    g.c400_user = user


def end_session() -> None:
    sid = session.get(SESSION_KEY)
    if sid:
        db().execute("DELETE FROM sessions WHERE sid = ?", (str(sid),))
    session.clear()
    g.c400_user = None


def current_user() -> User | None:
    """The logged-in staff member, or None (no cookie, a forged, expired or ended session)."""
    if "c400_user" in g:
        return g.c400_user
    user = None
    cookie = current_app.config["SESSION_COOKIE_NAME"] in request.cookies  # a visitor has none: nothing is read
    if cookie and not current_app.config.get("DATABASE_ERROR"):
        sid = session.get(SESSION_KEY)
        if isinstance(sid, str):
            row = db().execute(
                "SELECT users.id, users.name, users.role, users.created_at FROM sessions JOIN users "
                "ON users.id = sessions.user_id WHERE sessions.sid = ? AND sessions.expires_at > ?",
                (sid, time.time())).fetchone()
            if row:
                user = User(row["id"], row["name"], row["role"], row["created_at"])
    g.c400_user = user
    return user


def audience() -> str:
    """Who the current request is for: "staff" when a staff member is logged in, else "public"
    (outside a request too)."""
    if not has_request_context():
        return "public"
    return "staff" if current_user() is not None else "public"


def as_audience(method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``method(*args)`` of the search service for this request's audience: a visitor's call is
    the plain one (the service's default audience is the public), staff's adds ``audience``."""
    who = audience()
    return method(*args, **kwargs) if who == "public" else method(*args, audience=who, **kwargs)


# --- the audit log -------------------------------------------------------------------------------

AUDIT_COLUMNS = ("at", "actor", "action", "subject", "detail")


def audit(action: str, subject: str = "", detail: dict[str, Any] | None = None, actor: str | None = None,
          connection: sqlite3.Connection | None = None) -> None:
    """Record a staff action (who, when, what; before and after for an edit)."""
    if actor is None:
        user = current_user()
        actor = user.name if user else "-"
    (connection or db()).execute(
        "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (_now_text(), actor, action, subject, json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))


def audit_entries(connection: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT at, actor, action, subject, detail FROM audit ORDER BY id DESC"
    rows = connection.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
    return [{**dict(row), "detail": json.loads(row["detail"] or "{}")} for row in rows]


# --- the cookie ----------------------------------------------------------------------------------


class StaffSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, set only by ``/admin/*`` (a public page never sends one, even
    to a logged-in member), ``Secure`` when the request came over HTTPS or
    ``C400_SECURE_COOKIES`` is on."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SECURE_COOKIES")) or request.is_secure

    def save_session(self, app: Flask, session_, response) -> None:  # noqa: ANN001 - Flask's signature
        if not request.path.startswith("/admin"):
            return
        super().save_session(app, session_, response)


def load_secret_key(instance: Path) -> str:
    """``C400_SECRET_KEY`` if set, else a random key kept in ``instance/secret_key`` (mode 600),
    made on first start, so sessions survive a restart."""
    path = instance / "secret_key"
    key = secrets.token_hex(32)
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        instance.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            path.chmod(0o600)
            handle.write(key)
    except FileExistsError:  # another worker made it first
        return path.read_text(encoding="utf-8").strip()
    except OSError:  # a read-only instance folder: staff logins last as long as this process
        return key
    return key


def install(app: Flask) -> None:
    """Settings, the cookie, and closing the request's connection."""
    app.session_interface = StaffSessionInterface()

    @app.teardown_appcontext
    def close_db(_error: BaseException | None) -> None:
        connection = g.pop("c400_db", None)
        if connection is not None:
            connection.close()

    try:
        connect(app.config["DATABASE"]).close()  # created and migrated before the first request
    except (sqlite3.Error, OSError) as error:  # the public site still runs; the staff pages say why
        app.config["DATABASE_ERROR"] = f"the staff database {app.config['DATABASE']} cannot be used: {error}"
        app.logger.warning(app.config["DATABASE_ERROR"])
