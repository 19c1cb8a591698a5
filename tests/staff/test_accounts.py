"""Accounts, logging in and out, sessions, CSRF, roles and the audit log."""

from __future__ import annotations

import csv
import io
import time

import pytest

from tests.staff.conftest import PASSWORD, add_user, build_app, csrf_token, login, make_library, token_from


@pytest.fixture
def app(tmp_path):
    """An app of its own (the login throttle and the audit log start empty); no index needed."""
    from search.config import load_settings

    corpus = make_library(tmp_path / "corpus")
    app = build_app(load_settings(corpus, tmp_path / "index"), tmp_path / "instance")
    add_user(app, "editor1", "editor")
    add_user(app, "admin1", "admin")
    return app


def audit_actions(app) -> list[tuple[str, str, str]]:
    from webapp import accounts

    connection = accounts.connect(app.config["DATABASE"])
    try:
        return [(entry["actor"], entry["action"], entry["subject"]) for entry in accounts.audit_entries(connection)]
    finally:
        connection.close()


def test_the_database_is_created_versioned_and_starts_without_accounts(tmp_path):
    from webapp import accounts

    connection = accounts.connect(tmp_path / "new" / "c400.sqlite3")
    assert connection.execute("PRAGMA user_version").fetchone()[0] == accounts.SCHEMA_VERSION
    assert accounts.users(connection) == []
    connection.close()


def test_user_commands_add_list_set_password_remove(app):
    runner = app.test_cli_runner()
    added = runner.invoke(args=["user", "add", "desk", "--role", "admin", "--password-stdin"],
                          input="a long enough password\n")
    assert added.exit_code == 0, added.output
    assert "a long enough password" not in added.output
    short = runner.invoke(args=["user", "add", "shorty", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    again = runner.invoke(args=["user", "add", "DESK", "--password-stdin"], input="a long enough password\n")
    assert again.exit_code != 0 and "already exists" in again.output
    listed = runner.invoke(args=["user", "list"])
    assert "desk\tadmin" in listed.output and "editor1\teditor" in listed.output
    prompted = runner.invoke(args=["user", "set-password", "desk"], input="another long password\n" * 2)
    assert prompted.exit_code == 0, prompted.output
    client = app.test_client()
    assert login(client, "desk", "a long enough password").status_code == 401
    assert login(client, "desk", "another long password").status_code == 303
    removed = runner.invoke(args=["user", "remove", "desk"])
    assert removed.exit_code == 0
    assert client.get("/admin/").status_code == 302  # removing the account ended its session
    assert runner.invoke(args=["user", "remove", "desk"]).exit_code != 0


def test_login_sets_a_strict_http_only_cookie_and_logout_ends_it(app):
    client = app.test_client()
    response = login(client)
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie  # plain HTTP in the test, and C400_SECURE_COOKIES is off
    assert client.get("/admin/").status_code == 200
    stolen = client.get_cookie("c400_staff").value
    out = client.post("/admin/logout", data={"csrf_token": token_from(client)})
    assert out.status_code == 303
    assert client.get("/admin/").status_code == 302
    other = app.test_client()
    other.set_cookie("c400_staff", stolen)  # the cookie from before the logout is worth nothing now
    assert other.get("/admin/").status_code == 302
    assert [action for _, action, _ in audit_actions(app)][:2] == ["logout", "login"]


def test_secure_cookies_over_https_or_when_asked(app, tmp_path):
    client = app.test_client()
    page = client.get("/admin/login", base_url="https://library.example")
    assert "Secure" in page.headers["Set-Cookie"]
    app.config["SECURE_COOKIES"] = True
    assert "Secure" in app.test_client().get("/admin/login").headers["Set-Cookie"]


def test_wrong_name_and_wrong_password_read_alike(app):
    client = app.test_client()
    wrong_password = login(client, "editor1", "not the password at all")
    wrong_name = login(client, "nobody-here", PASSWORD)
    assert wrong_password.status_code == wrong_name.status_code == 401
    message = "Wrong user name or password."
    assert message in wrong_password.get_data(as_text=True) and message in wrong_name.get_data(as_text=True)
    assert ("-", "failed login", "nobody-here") in audit_actions(app)


def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(app):
    client = app.test_client()
    for _ in range(5):
        login(client, "editor1", "wrong password number")
    locked = login(client, "editor1", PASSWORD)
    assert locked.status_code == 401
    assert "Too many failed logins" in locked.get_data(as_text=True)
    assert login(app.test_client(), "admin1", PASSWORD).status_code == 303  # another account is not locked


def test_an_address_is_locked_after_failures_across_accounts(app):
    client = app.test_client()
    for number in range(20):
        login(client, f"guess{number}", "wrong password number")
    assert "Too many failed logins" in login(client, "admin1", PASSWORD).get_data(as_text=True)
    elsewhere = app.test_client()
    response = elsewhere.get("/admin/login", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    token = csrf_token(response.get_data(as_text=True))
    ok = elsewhere.post("/admin/login", data={"username": "admin1", "password": PASSWORD, "csrf_token": token},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert ok.status_code == 303


def test_a_session_cookie_from_before_login_is_not_the_session_after(app):
    """Session fixation: whatever cookie a browser holds before logging in, logging in issues
    a new session; the old cookie (which an attacker may have planted) stays logged out."""
    client = app.test_client()
    client.get("/admin/login")
    planted = client.get_cookie("c400_staff").value
    assert login(client).status_code == 303
    after = client.get_cookie("c400_staff").value
    assert after != planted
    attacker = app.test_client()
    attacker.set_cookie("c400_staff", planted)
    assert attacker.get("/admin/").status_code == 302


def test_an_expired_session_is_logged_out(app, monkeypatch):
    client = app.test_client()
    assert login(client).status_code == 303
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/admin/").status_code == 302


def test_requests_without_a_csrf_token_are_refused(app):
    client = app.test_client()
    no_token = client.post("/admin/login", data={"username": "editor1", "password": PASSWORD})
    assert no_token.status_code in (400, 401)
    assert client.get("/admin/").status_code == 302
    assert login(client).status_code == 303
    for path, data in (("/admin/publish", {}), ("/admin/logout", {}), ("/admin/remove", {"file": "public/order.pdf"}),
                       ("/admin/edit?file=public/order.pdf", {"title": "Changed"}),
                       ("/admin/upload", {})):
        assert client.post(path, data=data).status_code == 400, path
        assert client.post(path, data={**data, "csrf_token": "forged"}).status_code == 400, path
    assert client.get("/admin/").status_code == 200  # still logged in, nothing changed
    assert "Changed" not in (app.config["CORPUS_DIR"] / "catalog.toml").read_text()
    assert client.get("/admin/logout").status_code == 405  # state changes are POST only


def test_editors_cannot_manage_accounts_or_read_the_audit_log(app):
    client = app.test_client()
    login(client, "editor1")
    for path in ("/admin/users", "/admin/audit", "/admin/audit.csv"):
        assert client.get(path).status_code == 403


def test_admins_manage_accounts_in_the_browser(app):
    client = app.test_client()
    login(client, "admin1")
    token = token_from(client, "/admin/users")
    added = client.post("/admin/users", data={"username": "volunteer", "role": "editor",
                                              "password": "volunteer password 1", "csrf_token": token})
    assert added.status_code == 303
    assert "<td>volunteer</td>" in client.get("/admin/users").get_data(as_text=True)
    short = client.post("/admin/users", data={"username": "x2", "role": "editor", "password": "short",
                                              "csrf_token": token})
    assert short.status_code == 400
    volunteer = app.test_client()
    assert login(volunteer, "volunteer", "volunteer password 1").status_code == 303
    reset = client.post("/admin/users/volunteer/password", data={"password": "a brand new password",
                                                                 "csrf_token": token})
    assert reset.status_code == 303
    assert volunteer.get("/admin/").status_code == 302  # their session ended with the old password
    assert login(app.test_client(), "volunteer", "a brand new password").status_code == 303
    assert client.post("/admin/users/volunteer/remove", data={"csrf_token": token}).status_code == 303
    assert "<td>volunteer</td>" not in client.get("/admin/users").get_data(as_text=True)
    client.post("/admin/users/admin1/remove", data={"csrf_token": token})
    assert "<td>admin1</td>" in client.get("/admin/users").get_data(as_text=True)  # the last admin stays
    actions = [action for _, action, _ in audit_actions(app)]
    assert {"account added", "password reset", "account removed"} <= set(actions)


def test_the_audit_log_is_shown_to_admins_and_exported_as_csv(app):
    client = app.test_client()
    login(client, "editor1", "a wrong password!")
    login(client, "admin1")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "failed login" in page and "login" in page
    exported = client.get("/admin/audit.csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["at", "actor", "action", "subject", "detail"]
    assert any(row[2] == "failed login" and row[3] == "editor1" for row in rows[1:])


def test_visitors_are_never_recorded(app):
    client = app.test_client()
    for url in ("/", "/?q=shelter", "/api/search?q=parole", "/help", "/status"):
        response = client.get(url)
        assert "Set-Cookie" not in response.headers
    assert audit_actions(app) == []


def test_after_login_only_staff_pages_are_redirected_to(app):
    client = app.test_client()
    page = client.get("/admin/login?next=https://evil.example/")
    token = csrf_token(page.get_data(as_text=True))
    response = client.post("/admin/login?next=https://evil.example/",
                           data={"username": "editor1", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"].endswith("/admin/")


def test_an_unusable_database_leaves_the_public_site_running(tmp_path):
    from search.config import load_settings

    corpus = make_library(tmp_path / "corpus")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    app = build_app(load_settings(corpus, tmp_path / "index"), tmp_path / "instance",
                    DATABASE=blocker / "c400.sqlite3")
    client = app.test_client()
    assert client.get("/help").status_code == 200
    refused = client.get("/admin/login")
    assert refused.status_code == 503 and "cannot be used" in refused.get_data(as_text=True)
