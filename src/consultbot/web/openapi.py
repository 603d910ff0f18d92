"""The OpenAPI 3.1 document of the widget API (v1), served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from consultbot.web.openapi_schemas import (
    BLOCK,
    ERROR,
    EVENT,
    FEEDBACK,
    LINK_REPLY,
    LIVE_STATUS,
    REPLY,
    SHOWN,
    SPAN,
    STATE,
)

_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the client's rate limit lets a request through again",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}


def _errors(*statuses: int) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(status): {
            "description": "Error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for status in (*statuses, 503)
    }
    if "429" in responses:
        responses["429"]["headers"] = _RETRY_AFTER
    responses["503"]["description"] = "The database is briefly unavailable; retry shortly"
    return responses


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_CONVERSATION_ID = {
    "name": "conversation_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}

_EVENTS_PATH = {
    "get": {
        "summary": "Read what a person in the chat said and did since the cursor",
        "security": [{"conversationToken": []}],
        "parameters": [
            _CONVERSATION_ID,
            {
                "name": "after",
                "in": "query",
                "required": False,
                "description": "The id of the last event the widget has (0 or left out: all)",
                "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"},
            },
        ],
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "required": ["events", "next_after", "live"],
                    "properties": {
                        "events": {"type": "array", "items": EVENT},
                        "next_after": {"type": "integer", "minimum": 0},
                        "live": {
                            "type": "object",
                            "required": ["status"],
                            "properties": {"status": LIVE_STATUS},
                        },
                    },
                },
                "Events numbered above the cursor, oldest first (at most 100)",
            ),
            **_errors(401, 404, 422, 429),
        },
    }
}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "consultbot widget API", "version": "1.0.0"},
    "components": {
        "securitySchemes": {"conversationToken": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": ERROR,
            "Reply": REPLY,
            "Span": SPAN,
            "Block": BLOCK,
            "LinkReply": LINK_REPLY,
        },
    },
    "paths": {
        "/api/v1/conversations": {
            "post": {
                "summary": "Open a conversation",
                "requestBody": {
                    "required": False,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "page_url": {
                                        "type": ["string", "null"],
                                        "maxLength": 2048,
                                        # A path with one leading "/", or an http(s) address.
                                        "pattern": "^($|/([^/\\\\]|$)|[hH][tT][tT][pP][sS]?://[^/])",
                                        "description": (
                                            "The page the widget is on: its path (starting "
                                            'with a single "/", as location.pathname) or its '
                                            'http(s) address, with no ".." segment, white '
                                            "space or control character; anything else gets "
                                            '422. "" or null: no page.'
                                        ),
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json(
                        {
                            "type": "object",
                            "required": ["conversation_id", "token", "replies", "state"],
                            "properties": {
                                "conversation_id": {"type": "string"},
                                "token": {"type": "string"},
                                "replies": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Reply"},
                                },
                                "state": STATE,
                            },
                        },
                        "The conversation, its token and the greeting",
                    ),
                    **_errors(400, 413, 415, 422, 429),
                },
            }
        },
        "/api/v1/conversations/{conversation_id}/messages": {
            "post": {
                "summary": "Send a visitor message",
                "description": (
                    "Make a new client_message_id for each message. Sent again with the same "
                    "id and text (a retry), the message gets the answer it got the first time "
                    "and changes nothing, even past the rate limit. The same id with another "
                    "text gets 409 client_message_id_reused; 409 conversation_full means the "
                    "conversation has reached its message limit (start a new one)."
                ),
                "security": [{"conversationToken": []}],
                "parameters": [_CONVERSATION_ID],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["text", "client_message_id"],
                                "properties": {
                                    # pattern: not blank (a blank one gets 422)
                                    "text": {"type": "string", "maxLength": 2000, "pattern": "\\S"},
                                    "client_message_id": {
                                        "type": "string",
                                        "maxLength": 64,
                                        "pattern": "\\S",
                                    },
                                    "website": {
                                        "type": "string",
                                        "maxLength": 2048,
                                        "description": (
                                            "A honeypot: the widget's hidden field, always "
                                            "empty for people. Filled in, the conversation's "
                                            "lead is stored marked as spam."
                                        ),
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["replies", "state", "meta"],
                            "properties": {
                                "replies": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Reply"},
                                },
                                "state": STATE,
                                "meta": {
                                    "type": "object",
                                    "required": ["intent", "confidence", "fallback"],
                                    "properties": {
                                        "intent": {"type": ["string", "null"]},
                                        "confidence": {
                                            "type": "number",
                                            "minimum": 0,
                                            "maximum": 1,
                                        },
                                        "fallback": {"type": "boolean"},
                                    },
                                },
                                "live": {
                                    "type": "object",
                                    "required": ["status"],
                                    "properties": {"status": LIVE_STATUS},
                                },
                            },
                        },
                        "The assistant's replies (none while a person is awaited or holds "
                        "the chat: poll the events for theirs)",
                    ),
                    **_errors(400, 401, 404, 409, 413, 415, 422, 429),
                    "409": {
                        **_errors(409)["409"],
                        "description": (
                            "client_message_id_reused: the id was already used for another "
                            "message; conversation_full: the conversation has no room left"
                        ),
                    },
                },
            }
        },
        "/api/v1/conversations/{conversation_id}/messages/{message_id}/feedback": {
            "put": {
                "summary": "Rate an answer: thumbs up or down, with an optional comment",
                "description": (
                    "Send the rating again to change it; a null rating takes it back. Only "
                    "answers can be rated: the greeting (an assistant line before the visitor's "
                    "first message) gets 404, as any other id that is not an answer of this "
                    "conversation."
                ),
                "security": [{"conversationToken": []}],
                "parameters": [
                    _CONVERSATION_ID,
                    {
                        "name": "message_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": FEEDBACK}},
                },
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["message_id", "rating", "comment"],
                            "properties": {
                                "message_id": {"type": "integer"},
                                "rating": {"type": ["string", "null"]},
                                "comment": {"type": ["string", "null"]},
                            },
                        },
                        "The rating as stored",
                    ),
                    **_errors(400, 401, 404, 413, 415, 422, 429),
                },
            }
        },
        "/api/v1/conversations/{conversation_id}": {
            "get": {
                "summary": "Read the transcript",
                "security": [{"conversationToken": []}],
                "parameters": [_CONVERSATION_ID],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["conversation_id", "state", "messages"],
                            "properties": {
                                "conversation_id": {"type": "string"},
                                "state": STATE,
                                "live": {
                                    "type": "object",
                                    "required": ["status", "events_after"],
                                    "properties": {
                                        "status": LIVE_STATUS,
                                        "events_after": {"type": "integer", "minimum": 0},
                                    },
                                },
                                "messages": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["role", "text", "created_at"],
                                        "properties": {
                                            "role": {
                                                "type": "string",
                                                "enum": ["visitor", "assistant", "staff"],
                                            },
                                            "author": {"type": ["string", "null"]},
                                            "text": {"type": "string"},
                                            "quick_replies": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                            **SHOWN,
                                            "created_at": {"type": "string"},
                                            "message_id": {"type": "integer"},
                                            "feedback": {
                                                "type": ["string", "null"],
                                                "enum": ["up", "down", None],
                                            },
                                        },
                                    },
                                },
                            },
                        },
                        "The transcript",
                    ),
                    **_errors(401, 404),
                },
            }
        },
        "/api/v1/conversations/{conversation_id}/events": _EVENTS_PATH,
    },
}
