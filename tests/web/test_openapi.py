"""The OpenAPI document of the widget API: served as built, and true to the app's routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from consultbot.web.openapi import OPENAPI

API_PREFIX = "/api/v1/"
# Served to read the API, not part of what it documents.
UNDOCUMENTED = {"/api/v1/openapi.json"}
OPERATIONS = [
    (path, method, operation)
    for path, item in OPENAPI["paths"].items()
    for method, operation in item.items()
]


def refs(node: Any) -> Iterator[str]:
    """Yield every ``$ref`` in a JSON value."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def routed_operations(app: Flask) -> set[tuple[str, str]]:
    """Each (OpenAPI path, method) the app routes under the API prefix."""
    found = set()
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<", "{").replace(">", "}")
        if not path.startswith(API_PREFIX) or path in UNDOCUMENTED:
            continue
        for method in rule.methods or ():
            if method not in ("HEAD", "OPTIONS"):
                found.add((path, method.lower()))
    return found


def test_the_openapi_document_is_served(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/conversations/{conversation_id}/messages" in document["paths"]


def test_the_served_document_is_the_one_built(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == OPENAPI
    assert OPENAPI["openapi"] == "3.1.0"


def test_every_documented_operation_is_routed_and_every_route_documented(app: Flask) -> None:
    documented = {(path, method) for path, method, _ in OPERATIONS}
    assert documented == routed_operations(app)


def test_every_reference_names_a_defined_schema() -> None:
    schemas = OPENAPI["components"]["schemas"]
    found = set(refs(OPENAPI))
    assert found, "the document references no schema"
    prefix = "#/components/schemas/"
    assert all(ref.startswith(prefix) for ref in found), found
    assert {ref.removeprefix(prefix) for ref in found} <= set(schemas)


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    OPERATIONS,
    ids=[f"{method.upper()} {path}" for path, method, _ in OPERATIONS],
)
def test_every_operation_documents_its_errors_in_the_envelope(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    responses = operation["responses"]
    assert "503" in responses
    errors = {status: r for status, r in responses.items() if int(status) >= 400}
    for response in errors.values():
        schema = response["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}
    if "429" in errors:
        assert "Retry-After" in errors["429"]["headers"]
    if "{conversation_id}" in path:
        assert {"401", "404"} <= set(errors)
        assert operation["security"] == [{"conversationToken": []}]


def test_the_conversation_token_is_a_bearer_scheme() -> None:
    schemes = OPENAPI["components"]["securitySchemes"]
    assert schemes == {"conversationToken": {"type": "http", "scheme": "bearer"}}


def test_a_route_missing_from_the_document_would_be_found(app: Flask) -> None:
    # The check above compares two sets; make sure the app side really lists API routes.
    routed = routed_operations(app)
    assert ("/api/v1/conversations", "post") in routed
    assert ("/api/v1/conversations/{conversation_id}/events", "get") in routed
    assert not any(path in UNDOCUMENTED for path, _ in routed)
