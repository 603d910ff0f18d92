"""The widget script, the demo host pages and the setting of the CORS allowlist.

How the API answers other origins is in test_cors.py.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from consultbot.config import load_config
from consultbot.errors import ConfigError
from consultbot.web.site import DEFAULTS_PLACEHOLDER, WIDGET_SOURCE

SITE = "https://www.example.com"


def widget_defaults(body: str) -> dict[str, str]:
    """Return the settings object the server wrote into the widget script."""
    match = re.search(r"\}\)\((\{.*\})\);\s*$", body)
    assert match, "the script does not end by calling itself with the defaults"
    defaults: dict[str, str] = json.loads(match.group(1))
    return defaults


def test_widget_js_is_served_as_javascript_small_and_cacheable(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app().test_client()
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/javascript; charset=utf-8"
    # What crosses the wire is compressed (every proxy and CDN gzips scripts): keep that small,
    # and the source readable. (It grew with the markup, page buttons and thumbs of issue 14.)
    assert len(gzip.compress(response.data)) < 16 * 1024
    assert len(response.data) < 56 * 1024
    assert response.cache_control.max_age and response.cache_control.max_age <= 3600
    assert DEFAULTS_PLACEHOLDER in WIDGET_SOURCE.read_text()
    again = client.get("/widget.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_widget_js_carries_the_site_defaults(make_app: Callable[..., Flask]) -> None:
    default = make_app().test_client().get("/widget.js").get_data(as_text=True)
    assert widget_defaults(default) == {
        "title": "Ask our engineers",
        "color": "#1d4ed8",
        "position": "bottom-right",
    }
    app = make_app(
        WIDGET_TITLE="Talk </script> to us", WIDGET_COLOR="#0A0", WIDGET_POSITION="bottom-left"
    )
    body = app.test_client().get("/widget.js").get_data(as_text=True)
    assert widget_defaults(body) == {
        "title": "Talk </script> to us",
        "color": "#0a0",
        "position": "bottom-left",
    }
    assert "Talk </script>" not in body


def test_widget_settings_come_from_the_environment() -> None:
    config = load_config(
        environ={
            "CONSULTBOT_WIDGET_TITLE": "Questions?",
            "CONSULTBOT_WIDGET_COLOR": "#123abc",
            "CONSULTBOT_WIDGET_POSITION": "bottom-left",
            "CONSULTBOT_ALLOWED_ORIGINS": f"{SITE}, http://localhost:8000",
        }
    )
    assert (config["WIDGET_TITLE"], config["WIDGET_COLOR"]) == ("Questions?", "#123abc")
    assert config["WIDGET_POSITION"] == "bottom-left"
    assert config["ALLOWED_ORIGINS"] == (SITE, "http://localhost:8000")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"WIDGET_COLOR": "red"}, "CONSULTBOT_WIDGET_COLOR must be a hex colour like #1d4ed8"),
        ({"WIDGET_COLOR": "#12345"}, "CONSULTBOT_WIDGET_COLOR must be a hex colour"),
        ({"WIDGET_COLOR": "#fff;}"}, "CONSULTBOT_WIDGET_COLOR must be a hex colour"),
        ({"WIDGET_POSITION": "top-left"}, "must be one of bottom-right, bottom-left"),
        ({"WIDGET_TITLE": "   "}, "CONSULTBOT_WIDGET_TITLE must be a short text"),
        ({"WIDGET_TITLE": "x" * 81}, "CONSULTBOT_WIDGET_TITLE must be a short text"),
    ],
)
def test_bad_widget_settings_stop_the_service_saying_what_to_fix(
    make_app: Callable[..., Flask], settings: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        make_app(**settings)


@pytest.mark.parametrize(
    "origins",
    [
        "https://www.example.com/",
        "https://www.example.com/page",
        "www.example.com",
        "ftp://files.example.com",
        "https://www.example.com,*",
        "https://www.example.com:port",
    ],
)
def test_bad_allowed_origins_stop_the_service(make_app: Callable[..., Flask], origins: str) -> None:
    with pytest.raises(ConfigError, match="CONSULTBOT_ALLOWED_ORIGINS must list origins like"):
        make_app(ALLOWED_ORIGINS=origins)


def test_the_demo_page_embeds_the_widget_with_one_script_tag(
    make_app: Callable[..., Flask],
) -> None:
    response = make_app().test_client().get("/demo")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == ['<script src="/widget.js" async>']
    assert "<style" not in page and " style=" not in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Django" in page and "FastAPI" in page


def test_the_demo_stylesheet_is_served(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    page = client.get("/demo").get_data(as_text=True)
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert href
    with client.get(href.group(1)) as css:
        assert css.status_code == 200 and css.mimetype == "text/css"
        assert b"button" in css.data


def test_a_known_comparison_page_is_rendered_from_the_knowledge(
    make_app: Callable[..., Flask],
) -> None:
    response = make_app().test_client().get("/compare/django-vs-fastapi")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Django vs FastAPI</h1>" in page
    assert "API performance" in page and "10/10" in page
    assert page.count('src="/widget.js"') == 1


def test_an_unknown_comparison_is_not_found(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    assert client.get("/compare/flask-vs-nothing").status_code == 404
    assert client.get("/compare/").status_code == 404


def test_the_root_redirects_to_the_demo(make_app: Callable[..., Flask]) -> None:
    response = make_app().test_client().get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/demo"


def test_a_forged_host_never_reaches_the_page(client: FlaskClient) -> None:
    page = client.get("/demo", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in page
    assert '<script src="/widget.js" async></script>' in page


def test_with_a_public_url_other_hosts_are_refused(make_app: Callable[..., Flask]) -> None:
    app = make_app(PUBLIC_URL="https://chat.example.com", PROXY_HOPS=1)
    client = app.test_client()
    assert client.get("/demo", headers={"Host": "chat.example.com"}).status_code == 200
    assert client.get("/demo", headers={"Host": "evil.example"}).status_code == 400
    forwarded = {"Host": "chat.example.com", "X-Forwarded-Host": "evil.example"}
    assert client.get("/demo", headers=forwarded).status_code == 400
    api = client.post("/api/v1/conversations", json={}, headers={"Host": "evil.example"})
    assert api.status_code == 400


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"PUBLIC_URL": "https://chat.example.com/widget"}, "CONSULTBOT_PUBLIC_URL must be"),
        ({"TRUSTED_HOSTS": "chat.example.com, evil/path"}, "CONSULTBOT_TRUSTED_HOSTS must"),
    ],
)
def test_bad_host_settings_stop_the_service(
    make_app: Callable[..., Flask], settings: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        make_app(**settings)
