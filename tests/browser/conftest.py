"""Browser tests: Playwright driving the system Chromium against a live server, with axe-core
(installed by npm) for accessibility checks.

Static files need no collectstatic step: pytest-django's live_server wraps the site in
staticfiles' StaticFilesHandler, which serves /static/ from the finders (the GOV.UK Frontend
package and the apps' static folders) whatever DEBUG is. test_accessibility checks that the
GOV.UK stylesheet really loads, since axe's colour-contrast rule depends on it."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

# Playwright's sync API keeps an asyncio loop running on the test thread, which trips Django's
# async-safety check on every ORM call in the test; the calls really are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("OPENASC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _browser_db(transactional_db):
    """The live server runs in another thread, so tests commit for real (transactional_db).
    Django empties the tables afterwards; on SQLite that is a DELETE, which the audit table's
    append-only trigger refuses, so clear that table first with its trigger briefly lifted.
    (PostgreSQL empties tables with TRUNCATE, which row triggers do not see.)"""
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("DROP TRIGGER IF EXISTS audit_no_delete")
            c.execute("DELETE FROM access_auditentry")
            c.execute(
                "CREATE TRIGGER audit_no_delete BEFORE DELETE ON access_auditentry "
                "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
            )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make chromium' (apt-get install)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def browser_context(browser, live_server):
    """One context for the session, so its HTTP cache keeps the stylesheet, script and fonts
    warm; each test gets a fresh page and starts with no cookies (so signed out).

    The page's CSP stays on for the app's own scripts; bypass_csp lets the harness inject
    axe-core, which the policy would (rightly) refuse."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    browser_context.clear_cookies()
    pg = browser_context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    pg.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules, and best practice) on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {resultTypes: ['violations'], runOnly: {
             type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]  # fmt: skip


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the sign-in form, as a person would."""
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def log_in(page, live_server):
    """log_in(user): start a signed-in session without the form (quicker, for tests about
    other pages). Returns the page."""

    def _log_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        return page

    return _log_in
