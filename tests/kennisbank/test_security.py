"""Login brute-force protection (django-axes) and the Content-Security-Policy of the public site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from kennisbank.security import client_ip
from tests.factories import make_user

PASSWORD = "juist-wachtwoord-123"  # noqa: S105

LOGIN_URLS = ["/admin/login/", "/onthaal/login/"]


def _user(username: str):
    user = make_user(username, perms=["kennisbank.view_internal", "wagtailadmin.access_admin"], staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def _attempt(client, url: str, username: str, password: str, ip: str = "10.1.2.3"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_correct_password_logs_in(client, db, url):
    _user("redacteur")
    response = _attempt(client, url, "redacteur", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_lockout_after_failure_limit_even_with_the_right_password(client, db, url):
    _user("redacteur")
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _attempt(client, url, "redacteur", "fout")
        assert response.status_code == 200  # the form again, with an error
    assert _attempt(client, url, "redacteur", "fout").status_code == 429  # the 5th failure locks out

    response = _attempt(client, url, "redacteur", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    assert "Probeer het over 15 minuten opnieuw" in response.content.decode()

    # Per username + IP address: the same user from another address, and another user, still get in.
    other = client.__class__()
    assert _attempt(other, url, "redacteur", PASSWORD, ip="10.9.9.9").status_code == 302
    _user("collega")
    third = client.__class__()
    assert _attempt(third, url, "collega", PASSWORD).status_code == 302


def test_lockout_on_one_login_form_also_holds_on_the_other(client, db):
    _user("redacteur")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "/admin/login/", "redacteur", "fout")
    assert _attempt(client, "/onthaal/login/", "redacteur", PASSWORD).status_code == 429


def test_successful_login_resets_the_failure_count(client, db):
    _user("redacteur")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "/onthaal/login/", "redacteur", "fout")
    assert _attempt(client, "/onthaal/login/", "redacteur", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "/onthaal/login/", "redacteur", "fout")
    assert _attempt(client, "/onthaal/login/", "redacteur", PASSWORD).status_code == 302


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (0, "1.1.1.1", "10.0.0.1"),
    (1, "6.6.6.6, 2.2.2.2", "2.2.2.2"),
    (2, "6.6.6.6, 3.3.3.3, 10.0.0.5", "3.3.3.3"),
    (2, "3.3.3.3", "10.0.0.1"),
])
def test_client_ip_trusts_only_the_configured_proxies(rf, count, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(KENNISBANK_TRUSTED_PROXY_COUNT=count, KENNISBANK_TRUSTED_PROXIES=["10.0.0.1"]):
        assert client_ip(request) == expected


def test_a_forged_forwarded_header_from_a_direct_client_is_ignored(rf):
    """gunicorn reached directly (not through the proxy): the header is the attacker's, the address is real."""
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    with override_settings(KENNISBANK_TRUSTED_PROXY_COUNT=1, KENNISBANK_TRUSTED_PROXIES=["127.0.0.1"]):
        assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_forged_forwarded_headers_do_not_bypass_the_lockout(client, db, url, settings):
    settings.KENNISBANK_TRUSTED_PROXY_COUNT = 1
    _user("redacteur")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "redacteur", "password": "fout"}, REMOTE_ADDR="203.0.113.9",
                    HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.post(url, {"username": "redacteur", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9",
                           HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429 and not _logged_in(client)


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_failures_spread_over_usernames_lock_the_address(client, db, url, settings):
    from django.core.cache import cache

    cache.clear()
    settings.KENNISBANK_LOGIN_ADDRESS_LIMIT = (10, 900)
    _user("redacteur")
    for n in range(10):
        _attempt(client, url, f"gok{n}", "fout", ip="10.7.7.7")
    assert not _logged_in(client)
    _attempt(client, url, "redacteur", PASSWORD, ip="10.7.7.7")
    assert not _logged_in(client)  # the address is locked, whatever the username
    _attempt(client, url, "redacteur", PASSWORD, ip="10.8.8.8")
    assert _logged_in(client)  # another address is not
    cache.clear()


def _csp(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_public_site_sends_a_strict_csp(client, public_fiche):
    for url in ["/", public_fiche.url, "/api/v1/items/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _csp(response)
        assert policy["script-src"] == "script-src 'self'", url
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"


def test_operator_console_login_sends_the_csp(client, db):
    assert "script-src 'self'" in client.get("/onthaal/login/").headers["Content-Security-Policy"]


def test_editor_interfaces_are_excluded_from_the_csp(client, db):
    assert "Content-Security-Policy" not in client.get("/admin/login/").headers
