"""The staff pages under ``/admin/``: log in, the library's documents, upload, describe,
publish, remove, re-extract; for admins the accounts and the audit log.

Only these pages set a cookie (see ``webapp.accounts``); every form carries a CSRF token and
every change is a POST. Each change is written to the audit log.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFProtect

from search.cache import ExtractionCache
from search.catalog import CatalogError, catalog_mismatches, load_catalog
from search.catalog_edit import entry_values, remove_entry, set_entry
from search.config import Settings
from search.fields import all_fields, field_named, vocabulary_value
from search.ingest import EXTRACTION_VERSION, printable, scan_corpus
from search.models import CatalogEntry, DocumentMeta
from search.records import build_record, document_id
from search.service import IndexMissing
from search.store import IndexStore, StoreError
from search.workers import ExtractJob, Limits, run_extractions, timed_out
from webapp import accounts, publish
from webapp.forms import ActionForm, LoginForm, MetadataForm, PasswordForm, UploadForm, UserForm
from webapp.status import redaction_detail
from webapp.uploads import UploadRefused, move_to_trash, store_upload

bp = Blueprint("admin", __name__, url_prefix="/admin")
csrf = CSRFProtect()
#: Seconds an upload's extraction may take before the form opens without its findings (the
#: publish then extracts it under the indexer's own limits). Below gunicorn's worker timeout
#: (30 s, webapp/gunicorn_conf.py), which would otherwise end the request.
UPLOAD_EXTRACTION_S = 20
CATALOG_BUSY = _l("A publish is running, so the catalog cannot be changed now; nothing was saved. "
                  "Try again when it ends.")
METADATA_FIELDS = MetadataForm.KEYS


def _service():
    return current_app.extensions["search"]


def _settings() -> Settings:
    return Settings(corpus_dir=Path(current_app.config["CORPUS_DIR"]), index_dir=Path(current_app.config["INDEX_DIR"]))


def _instance() -> Path:
    return Path(current_app.instance_path)


@contextmanager
def catalog_lock():
    """The indexer's lock, not waited for: an edit during a publish is refused, not queued."""
    with IndexStore(_settings().index_dir).writer_lock(wait=False):
        yield


# --- access ------------------------------------------------------------------------------------


@bp.before_request
def require_login() -> Response | None:
    if current_app.config.get("DATABASE_ERROR"):
        abort(503, current_app.config["DATABASE_ERROR"])
    if request.endpoint in ("admin.login", "admin.static"):
        return None
    if accounts.current_user() is None:
        return redirect(url_for("admin.login", next=request.path if request.method == "GET" else None))
    return None


def admin_only(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        user = accounts.current_user()
        if user is None or not user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.app_context_processor
def staff_context() -> dict[str, Any]:
    """Templates know who is logged in (None for a visitor: nothing is read without a cookie)."""
    return {"staff_user": accounts.current_user}


def _local_next(target: str | None) -> str:
    """Where to go after logging in: only a path of the staff pages, never another site."""
    if target and target.startswith("/admin") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    message = ""
    if form.validate_on_submit():
        user, message = accounts.authenticate(accounts.db(), form.username.data, form.password.data,
                                              request.remote_addr or "-")
        if user is not None:
            accounts.start_session(user)
            accounts.audit("login", user.name, actor=user.name)
            return redirect(_local_next(request.args.get("next")), code=303)
        accounts.audit("failed login", form.username.data[:accounts.MAX_NAME_CHARS], {"reason": str(message)},
                       actor="-")
    elif request.method == "POST":
        message = accounts.WRONG_LOGIN
    return render_template("admin/login.html", form=form, message=message), 401 if message else 200


@bp.post("/logout")
def logout():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    user = accounts.current_user()
    accounts.audit("logout", user.name if user else "")
    accounts.end_session()
    return redirect(url_for("pages.search"), code=303)


# --- the library -------------------------------------------------------------------------------


def _catalog() -> tuple[dict[str, CatalogEntry], str]:
    try:
        return load_catalog(_settings().corpus_dir), ""
    except CatalogError as error:
        return {}, printable(str(error))


def _indexed() -> list[DocumentMeta]:
    try:
        return _service().documents("staff")
    except IndexMissing:
        return []


def library_view() -> dict[str, Any]:
    """Every document with its metadata and warnings, files without an entry, entries
    without a file (with their near misses), and what is waiting to be published."""
    settings = _settings()
    catalog, catalog_error = _catalog()
    files, skipped = scan_corpus(settings.corpus_dir)
    present = [item.rel_path for item in files]
    indexed = _indexed()
    by_path = {meta.path: meta for meta in indexed}
    try:
        manifest = _service().manifest()
    except IndexMissing:
        manifest = None
    failed = {path: entry.reason for path, entry in (manifest.failed.items() if manifest else [])}
    documents = []
    for path in sorted(set(present) | set(by_path)):
        meta = by_path.get(path)
        entry = catalog.get(path)
        served = (meta.extra.get("visibility") or "public") if meta else ""
        visibility = (entry.extra.get("visibility") if entry else "") or served or "public"
        documents.append({
            "path": path,
            "meta": meta,
            "title": (meta.title if meta else "") or (entry.title if entry else "") or path,
            "visibility": visibility,
            #: What the search serves now, when it differs from the catalog (until the next publish).
            "served_visibility": served if served and served != visibility else "",
            "in_catalog": entry is not None,
            "published": meta is not None,
            "on_disk": path in present,
            "failed": failed.get(path, ""),
            "warnings": list(meta.warnings) if meta else [],
            "ocr_pages": list(meta.ocr_pages) if meta else [],
        })
    empty = {path: list(entry.empty_pages) for path, entry in (manifest.files.items() if manifest else [])
             if entry.empty_pages}
    for item in documents:
        item["empty_pages"] = empty.get(item["path"], [])
        item["sources"] = _field_sources(item["meta"])
    mismatches = catalog_mismatches(catalog, present)
    return {
        "documents": documents,
        "without_entry": [path for path in present if path not in catalog],
        "mismatches": mismatches,
        "skipped": skipped,
        "catalog_error": catalog_error,
        "redactions": redaction_detail(manifest) if manifest else [],
        "publish": publish.read_state(_instance()),
    }


def _field_sources(meta) -> list[tuple[str, str]]:
    """Where each field of a published document came from (``catalog``, ``caption``, ``stamp``,
    ``pdf-metadata``, ``heading``...), labelled as the fields table labels it, so the legal desk
    sees at a glance which values were read from the file and should be checked."""
    if meta is None:
        return []
    record = _service().document(meta.id, audience="staff")
    if record is None:
        return []
    labels = {item.name: item.label for item in all_fields()}
    return [(_(labels.get(name, name)), source) for name, source in record.provenance.items() if name in labels]


@bp.get("/")
def index():
    view = library_view()
    return render_template("admin/index.html", **view, action=ActionForm(), upload=UploadForm())


@bp.get("/publish/status")
def publish_status():
    """The publish run as JSON (progress while it runs, then the summary)."""
    return publish.read_state(_instance()).to_json()


@bp.post("/publish")
def start_publish():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    _start_publish()
    return redirect(url_for("admin.index"), code=303)


def _start_publish(again: frozenset[str] = frozenset()) -> None:
    user = accounts.current_user()
    database = current_app.config["DATABASE"]

    def finished(state: publish.PublishState) -> None:
        connection = accounts.connect(database)
        try:
            accounts.audit("publish", state.state, {"summary": state.summary.splitlines()[:1],
                                                    "failed": state.failed, "error": state.error},
                           actor=user.name, connection=connection)
        finally:
            connection.close()

    started = publish.start(_settings(), _instance(), user.name, again, finished)
    if started is None:
        flash(_("A publish is already running."))
    else:
        accounts.audit("publish started", ", ".join(sorted(again)))
        flash(_("Publishing: the site keeps serving the previous index until the new one is ready."))


# --- upload ------------------------------------------------------------------------------------


def _known_hashes() -> dict[str, str]:
    """SHA-256 of every file in the corpus -> its path (the manifest's, else hashed now)."""
    from search.cache import file_sha256

    settings = _settings()
    try:
        manifest = _service().manifest()
        recorded = {path: entry.sha256 for path, entry in [*manifest.files.items(), *manifest.failed.items()]}
    except IndexMissing:
        recorded = {}
    files, _skipped = scan_corpus(settings.corpus_dir)
    found: dict[str, str] = {}
    for item in files:
        digest = recorded.get(item.rel_path) or file_sha256(item.path)
        found.setdefault(digest, item.rel_path)
    return found


def extract_for_form(rel_path: str, password: str | None = None) -> tuple[dict[str, str], dict[str, str], str]:
    """What extraction finds in a corpus file: field values, where each came from, and the
    failure's one-line reason (""). Through the indexer's cache and worker (time and memory
    limits), so publishing later reuses it."""
    settings = _settings()
    path = (settings.corpus_dir / rel_path).resolve()
    if not path.is_relative_to(settings.corpus_dir.resolve()) or not path.is_file():
        return {}, {}, _("the file is not in the corpus")
    from search.cache import file_sha256

    sha = file_sha256(path)
    cache = ExtractionCache(settings.cache_dir, EXTRACTION_VERSION)
    failure = settings.cache_dir / "staff-form-failures" / f"{sha}-{EXTRACTION_VERSION}-{bool(password)}.txt"
    error = ""
    if cache.has(sha, "auto"):
        pass
    elif failure.exists():  # tried already: the form opens at once, with the reason
        error = failure.read_text(encoding="utf-8")
    else:
        outcomes = []
        seconds = current_app.config.get("UPLOAD_EXTRACTION_S", UPLOAD_EXTRACTION_S)
        run_extractions([ExtractJob(rel_path, path, sha, password, "auto")], cache,
                        Limits(processes=1, timeout_s=seconds), outcomes.append)
        error = (outcomes[0].error or "") if outcomes else ""
        if error and timed_out(error):
            error = _("reading the file takes longer than %(seconds)s s, so the form opens without what it "
                      "holds; Publish reads it under the indexer's own time limit", seconds=seconds)
        if error:
            failure.parent.mkdir(parents=True, exist_ok=True)
            failure.write_text(printable(error), encoding="utf-8")
    extraction = cache.get(sha, "auto")
    if extraction is None:
        return {}, {}, printable(error or _("the file could not be read"))
    record = build_record(rel_path, sha, extraction, None)
    values = {name: str(record.value(name) or "") for name in METADATA_FIELDS}
    values["visibility"] = ""
    return values, dict(record.provenance), ""


@bp.route("/upload", methods=["GET", "POST"])
def upload():
    form = UploadForm()
    results: list[dict[str, str]] = []
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        files = [item for item in request.files.getlist("file") if item and item.filename is not None]
        if not files:
            flash(_("Choose at least one file."))
        limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
        known = _known_hashes()
        corpus = _settings().corpus_dir
        for item in files:
            shown = printable(item.filename or "")[:200]
            data = item.stream.read(limit + 1)
            try:
                with catalog_lock():
                    stored = store_upload(corpus, item.filename or "", data, limit, known)
                    try:
                        set_entry(corpus, stored.rel_path, {"visibility": "staff"})
                    except BaseException:
                        (corpus / stored.rel_path).unlink(missing_ok=True)
                        raise
            except UploadRefused as error:
                results.append({"name": shown, "error": str(error)})
                continue
            except StoreError:
                results.append({"name": shown, "error": str(CATALOG_BUSY)})
                continue
            except CatalogError as error:
                results.append({"name": shown, "error": printable(str(error))})
                continue
            known[stored.sha256] = stored.rel_path
            accounts.audit("upload", stored.rel_path, {"original": shown, "type": stored.kind,
                                                       "sha256": stored.sha256})
            results.append({"name": shown, "stored": stored.rel_path, "error": ""})
        stored_files = [entry["stored"] for entry in results if not entry["error"]]
        if len(files) == 1 and len(stored_files) == 1:
            return redirect(url_for("admin.edit", file=stored_files[0], new=1), code=303)
    status = 400 if results and all(entry["error"] for entry in results) else 200
    return render_template("admin/upload.html", form=form, results=results,
                           max_mb=current_app.config["MAX_UPLOAD_MB"]), status


# --- metadata ----------------------------------------------------------------------------------


def _corpus_file(rel_path: str | None) -> str:
    """``rel_path`` if it names a file of the corpus or an entry of the catalog; else 404.

    The value is only ever compared with the names the corpus and catalog hold, so nothing a
    client sends reaches the file system."""
    if not rel_path:
        abort(404)
    files, _skipped = scan_corpus(_settings().corpus_dir)
    catalog, _error = _catalog()
    if rel_path in {item.rel_path for item in files} or rel_path in catalog:
        return rel_path
    abort(404)


@bp.route("/edit", methods=["GET", "POST"])
def edit():
    rel_path = _corpus_file(request.values.get("file"))
    corpus = _settings().corpus_dir
    written = entry_values(corpus, rel_path)
    found, provenance, problem = extract_for_form(rel_path, written.get("password") or None)
    form = MetadataForm()
    if request.method == "GET":
        form.file.data = rel_path
        for name in METADATA_FIELDS:
            getattr(form, name).data = written.get(name) or found.get(name, "")
        form.visibility.data = written.get("visibility") or "public"
    sources = {}
    for name in METADATA_FIELDS:
        if written.get(name):
            sources[name] = _("catalog")
        elif found.get(name):
            sources[name] = _("found in the file: %(source)s", source=provenance.get(name, "file"))
        else:
            sources[name] = _("not set")
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.validate_on_submit():
        values = {name: (getattr(form, name).data or "").strip() for name in METADATA_FIELDS}
        if values["doc_type"]:
            values["doc_type"] = vocabulary_value(field_named("doc_type"), values["doc_type"]) or values["doc_type"]
        if form.password.data:
            values["password"] = form.password.data
        try:
            with catalog_lock():
                before, after = set_entry(corpus, rel_path, values)
        except StoreError:
            flash(str(CATALOG_BUSY))
            status = 409  # the form keeps what was typed
        except CatalogError as error:
            flash(printable(str(error)))
        else:
            masked = {key: "(set)" if key == "password" else value for key, value in before.items()}
            accounts.audit("edit", rel_path, {"before": masked,
                                              "after": {k: "(set)" if k == "password" else v
                                                        for k, v in after.items()}})
            flash(_("Saved. Publish to bring the change to the search."))
            return redirect(url_for("admin.edit", file=rel_path), code=303)
    return render_template("admin/edit.html", form=form, file=rel_path, sources=sources, problem=problem,
                           doc_id=document_id(rel_path), action=ActionForm(), new=request.args.get("new")), status


@bp.post("/remove")
def remove():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    rel_path = _corpus_file(form.file.data)
    corpus = _settings().corpus_dir
    try:
        with catalog_lock():
            moved = move_to_trash(corpus, rel_path) if (corpus / rel_path).is_file() else ""
            before = remove_entry(corpus, rel_path)
    except StoreError:
        flash(str(CATALOG_BUSY))
        return redirect(url_for("admin.edit", file=rel_path), code=303)
    except (UploadRefused, CatalogError) as error:
        flash(printable(str(error)))
        return redirect(url_for("admin.index"), code=303)
    accounts.audit("remove", rel_path, {"before": {k: v for k, v in before.items() if k != "password"},
                                        "trash": moved})
    flash(_("%(file)s moved to %(trash)s; publish to take it out of the search.", file=rel_path,
            trash=moved or _("(no file)")))
    return redirect(url_for("admin.index"), code=303)


@bp.post("/reextract")
def reextract():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    rel_path = _corpus_file(form.file.data)
    failures = _settings().cache_dir / "staff-form-failures"
    for stale in failures.glob("*.txt") if failures.is_dir() else ():
        stale.unlink(missing_ok=True)  # the form tries the file again too
    _start_publish(frozenset({rel_path}))
    return redirect(url_for("admin.index"), code=303)


# --- accounts (admins) -------------------------------------------------------------------------


@bp.route("/users", methods=["GET", "POST"])
@admin_only
def users():
    form = UserForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                user = accounts.add_user(accounts.db(), form.username.data, form.role.data, form.password.data)
            except accounts.AccountError as error:
                flash(str(error))
            else:
                accounts.audit("account added", user.name, {"role": user.role})
                flash(_("Account %(name)s added.", name=user.name))
                return redirect(url_for("admin.users"), code=303)
        elif "csrf_token" in form.errors:
            abort(400)
    return render_template("admin/users.html", form=form, users=accounts.users(accounts.db()),
                           action=ActionForm(), password_form=PasswordForm()), 400 if form.errors else 200


@bp.post("/users/<name>/remove")
@admin_only
def remove_user(name: str):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    connection = accounts.db()
    target = accounts.find_user(connection, name)
    if target is None:
        abort(404)
    if target.is_admin and accounts.admins(connection) <= 1:
        flash(_("The last admin cannot be removed."))
    else:
        accounts.remove_user(connection, name)
        accounts.audit("account removed", target.name, {"role": target.role})
        flash(_("Account %(name)s removed.", name=target.name))
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<name>/password")
@admin_only
def reset_password(name: str):
    form = PasswordForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash(_("The password must have at least %(count)s characters.", count=accounts.MIN_PASSWORD_CHARS))
        return redirect(url_for("admin.users"), code=303)
    try:
        user = accounts.set_password(accounts.db(), name, form.password.data)
    except accounts.AccountError as error:
        flash(str(error))
    else:
        accounts.audit("password reset", user.name)
        flash(_("Password of %(name)s changed; their sessions are ended.", name=user.name))
    return redirect(url_for("admin.users"), code=303)


# --- the audit log (admins) --------------------------------------------------------------------


@bp.get("/audit")
@admin_only
def audit():
    return render_template("admin/audit.html", entries=accounts.audit_entries(accounts.db(), limit=1000))


@bp.get("/audit.csv")
@admin_only
def audit_csv():
    from webapp.export import spreadsheet_safe
    from webapp.security import content_disposition

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(accounts.AUDIT_COLUMNS)
    for entry in accounts.audit_entries(accounts.db()):
        row = [entry["at"], entry["actor"], entry["action"], entry["subject"],
               json.dumps(entry["detail"], ensure_ascii=False, sort_keys=True)]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = content_disposition("chicago400-audit.csv", "attachment")
    return response


# --- the command line --------------------------------------------------------------------------

user_cli = AppGroup("user", help="Staff accounts: add, list, remove, set-password.")


@contextmanager
def _cli_db() -> Iterator[sqlite3.Connection]:
    """The accounts database for one ``user`` command; an account error is its one-line message."""
    connection = accounts.connect(current_app.config["DATABASE"])
    try:
        yield connection
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    finally:
        connection.close()


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_cli.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="editor", show_default=True)
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def user_add(name: str, role: str, password_stdin: bool) -> None:
    """Create an account (the password is asked for, never given on the command line)."""
    with _cli_db() as connection:
        user = accounts.add_user(connection, name, role, _read_password(password_stdin))
        accounts.audit("account added", user.name, {"role": user.role, "by": "command line"},
                       actor="command line", connection=connection)
    click.echo(f"added {user.name} ({user.role})")


@user_cli.command("list")
def user_list() -> None:
    """The accounts, one a line: name, role, created."""
    with _cli_db() as connection:
        for user in accounts.users(connection):
            click.echo(f"{user.name}\t{user.role}\t{user.created_at}")


@user_cli.command("remove")
@click.argument("name")
def user_remove(name: str) -> None:
    """Delete an account and end its sessions."""
    with _cli_db() as connection:
        user = accounts.remove_user(connection, name)
        accounts.audit("account removed", user.name, {"by": "command line"}, actor="command line",
                       connection=connection)
    click.echo(f"removed {user.name}")


@user_cli.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def user_set_password(name: str, password_stdin: bool) -> None:
    """Give an account a new password (its sessions end)."""
    with _cli_db() as connection:
        user = accounts.set_password(connection, name, _read_password(password_stdin))
        accounts.audit("password reset", user.name, {"by": "command line"}, actor="command line",
                       connection=connection)
    click.echo(f"password of {user.name} changed")


def install(app: Flask) -> None:
    """CSRF protection for every state-changing request, and the ``user`` commands."""
    csrf.init_app(app)
    app.cli.add_command(user_cli)
