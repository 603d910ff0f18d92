"""The JSON shapes the widget API sends and takes, as OpenAPI 3.1 schemas (see openapi.py)."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}
SPAN = {
    "type": "object",
    "description": "A run of text; bold, or a link to an http(s) address opened in a new tab",
    "required": ["text"],
    "properties": {
        "text": {"type": "string"},
        "bold": {"type": "boolean"},
        "href": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"},
    },
}
LINE = {"type": "array", "items": {"$ref": "#/components/schemas/Span"}}
BLOCK = {
    "description": "A paragraph (lines shown one under the other) or a bullet list",
    "oneOf": [
        {
            "type": "object",
            "required": ["type", "lines"],
            "properties": {
                "type": {"const": "paragraph"},
                "lines": {"type": "array", "items": LINE},
            },
        },
        {
            "type": "object",
            "required": ["type", "items"],
            "properties": {"type": {"const": "list"}, "items": {"type": "array", "items": LINE}},
        },
    ],
}
LINK_REPLY = {
    "type": "object",
    "description": "A button that opens an http(s) address in a new tab instead of sending text",
    "required": ["label", "url"],
    "properties": {
        "label": {"type": "string"},
        "url": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"},
    },
}
SHOWN = {
    "blocks": {
        "type": "array",
        "description": (
            "The text with its links, bold and lists, to build as DOM nodes (never as HTML). "
            "Absent on replies stored before this field existed: show text then."
        ),
        "items": {"$ref": "#/components/schemas/Block"},
    },
    "link_replies": {"type": "array", "items": {"$ref": "#/components/schemas/LinkReply"}},
    "rateable": {
        "type": "boolean",
        "description": (
            "false on the lead form's own steps (its questions, summary, thanks): show no "
            "rating under them. Absent on replies stored before this field existed."
        ),
    },
}
REPLY = {
    "type": "object",
    "required": ["text", "quick_replies"],
    "properties": {
        "text": {
            "type": "string",
            "description": "Plain text, a link written as 'words (address)'",
        },
        "quick_replies": {"type": "array", "items": {"type": "string"}},
        **SHOWN,
        "message_id": {
            "type": "integer",
            "description": "The answer's id, to rate it (not on the greeting)",
        },
    },
}
STATE = {"type": "string", "enum": ["answering", "collecting", "done"]}
LIVE_STATUS = {
    "type": ["string", "null"],
    "enum": ["waiting", "held", None],
    "description": "A person is awaited (waiting) or in the chat (held); null: the assistant",
}
EVENT = {
    "type": "object",
    "required": ["id", "kind", "text", "author", "quick_replies", "created_at"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "kind": {
            "type": "string",
            "enum": ["waiting", "claimed", "staff_message", "handed_back", "closed", "timed_out"],
        },
        "text": {"type": "string"},
        "author": {"type": ["string", "null"], "description": "The staff member's name"},
        "quick_replies": {"type": "array", "items": {"type": "string"}},
        "created_at": {"type": "string"},
    },
}
FEEDBACK = {
    "type": "object",
    "required": ["rating"],
    "properties": {
        "rating": {"type": ["string", "null"], "enum": ["up", "down", None]},
        "comment": {"type": ["string", "null"], "maxLength": 500},
    },
}
