"""The exported record: field order, JSON Schema, light validation and normalisation of input lines.

The dataset is a contract with its readers (Parquet needs fixed columns, the
JSON Schema lets them validate), so every exported record has exactly these
keys in this order: the crawler's record (README "The record") plus two keys
the build adds, `duplicate_urls` and `cluster_id`.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 1

_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_STR_LIST = {"type": "array", "items": _STR}

# key -> JSON Schema of its value, in export order.
PROPERTIES: dict[str, dict[str, Any]] = {
    "url": {"type": "string", "minLength": 1},
    "canonical_url": _OPT_STR,
    "site": {"type": "string", "minLength": 1},
    "language": _OPT_STR,
    "headline": _OPT_STR,
    "headline_en": _OPT_STR,
    "summary": _OPT_STR,
    "dateline": {
        "type": ["object", "null"],
        "properties": {"raw": _OPT_STR, "place": _OPT_STR, "date": _OPT_STR, "agency": _OPT_STR},
        "required": ["raw", "place", "date", "agency"],
        "additionalProperties": False,
    },
    "published": _OPT_STR,
    "modified": _OPT_STR,
    "authors": _STR_LIST,
    "photo": {
        "type": ["object", "null"],
        "properties": {"url": _OPT_STR, "caption": _OPT_STR, "credit": _OPT_STR},
        "required": ["url", "caption", "credit"],
        "additionalProperties": False,
    },
    "body": _OPT_STR,
    "tags": _STR_LIST,
    "section": _OPT_STR,
    "word_count": {"type": ["integer", "null"], "minimum": 0},
    "fetched_at": _OPT_STR,
    "duplicate_urls": {
        "description": "canonical URLs of other articles with exactly the same body, collapsed into this one",
        **_STR_LIST,
    },
    "cluster_id": {
        "description": "shared by near-duplicates (MinHash LSH over body shingles); null when the story has none",
        **_OPT_STR,
    },
}
FIELDS: tuple[str, ...] = tuple(PROPERTIES)
CRAWL_FIELDS: tuple[str, ...] = FIELDS[:-2]
_SUBFIELDS = {"dateline": ("raw", "place", "date", "agency"), "photo": ("url", "caption", "credit")}
_LISTS = ("authors", "tags", "duplicate_urls")


def json_schema() -> dict[str, Any]:
    """The JSON Schema written as schema.json; readers validate exported records with it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "newscrawl dataset record",
        "description": "One news article; see README 'The record'. Version " + str(SCHEMA_VERSION),
        "type": "object",
        "properties": PROPERTIES,
        "required": list(FIELDS),
        "additionalProperties": False,
    }


def problem(record: Any) -> str | None:
    """Why a parsed input line cannot be a record (None when it can).

    Only what would break the build or mislead readers is refused: a non-object,
    no URL or site, or a known key holding a value of the wrong kind.
    """
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    for key in ("url", "site"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            return f"{key!r} missing or not a non-empty string"
    for key in CRAWL_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        if key in _LISTS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return f"{key!r} is not a list of strings"
        if key in _SUBFIELDS and not isinstance(value, dict):
            return f"{key!r} is not an object"
        if key == "word_count" and (isinstance(value, bool) or not isinstance(value, int)):
            return f"{key!r} is not an integer"
        if key not in _LISTS and key not in _SUBFIELDS and key != "word_count" and not isinstance(value, str):
            return f"{key!r} is not a string"
    return None


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """The record with exactly the crawl fields, in order (missing keys null, lists empty, unknown keys dropped)."""
    out: dict[str, Any] = {}
    for key in CRAWL_FIELDS:
        value = record.get(key)
        if key in _LISTS:
            value = list(value or [])
        elif key in _SUBFIELDS and value is not None:
            value = {sub: _str_or_none(value.get(sub)) for sub in _SUBFIELDS[key]}
        out[key] = value
    return out


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def present(record: dict[str, Any], field: str) -> bool:
    """The field has a value worth counting as covered (not null, not empty)."""
    value = record.get(field)
    if isinstance(value, dict):
        return any(v for v in value.values())
    return value not in (None, "", [], {})
