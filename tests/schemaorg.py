"""A small validator for JSON-LD against the part of the schema.org vocabulary that ClaimReview uses.

The types, their parents and the properties (with their expected types) are copied by hand from
the schema.org definitions (https://schema.org/ClaimReview, /Claim, /Rating, /CreativeWork,
/Person, /Organization, /Thing; vocabulary release 29); no network is needed. A property a type
does not define, a value of the wrong type, or an unknown @type is an error.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

CONTEXT = "https://schema.org"

#: type -> parent type
PARENT = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Review": "CreativeWork",
    "ClaimReview": "Review",
    "Claim": "CreativeWork",
    "Rating": "Intangible",
    "Intangible": "Thing",
    "Person": "Thing",
    "Organization": "Thing",
    "NewsMediaOrganization": "Organization",
}

#: type -> its own properties -> expected types (data types: Text, URL, Date, DateTime, Number)
PROPERTIES: dict[str, dict[str, tuple[str, ...]]] = {
    "Thing": {
        "name": ("Text",),
        "url": ("URL",),
        "identifier": ("Text", "URL"),
        "sameAs": ("URL",),
        "description": ("Text",),
        "alternateName": ("Text",),
    },
    "CreativeWork": {
        "author": ("Person", "Organization"),
        "publisher": ("Person", "Organization"),
        "datePublished": ("Date", "DateTime"),
        "headline": ("Text",),
        "text": ("Text",),
        "inLanguage": ("Text",),
    },
    "Review": {
        "reviewRating": ("Rating",),
        "reviewBody": ("Text",),
        "itemReviewed": ("Thing",),
    },
    "ClaimReview": {"claimReviewed": ("Text",)},
    "Claim": {
        "appearance": ("CreativeWork",),
        "firstAppearance": ("CreativeWork",),
        "claimInterpreter": ("Person", "Organization"),
    },
    "Rating": {
        "ratingValue": ("Number", "Text"),
        "bestRating": ("Number", "Text"),
        "worstRating": ("Number", "Text"),
        "ratingExplanation": ("Text",),
        "author": ("Person", "Organization"),
    },
    "Intangible": {},
    "Person": {"jobTitle": ("Text",)},
    "Organization": {},
    "NewsMediaOrganization": {},
}

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


def is_a(kind: str, wanted: str) -> bool:
    t: str | None = kind
    while t is not None:
        if t == wanted:
            return True
        t = PARENT[t]
    return False


def properties(kind: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    t: str | None = kind
    while t is not None:
        out = {**PROPERTIES[t], **out}
        t = PARENT[t]
    return out


def _data_ok(value: Any, expected: str) -> bool:
    if expected == "Text":
        return isinstance(value, str) and bool(value.strip())
    if expected == "URL":
        return isinstance(value, str) and bool(_URL.match(value))
    if expected == "Number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected == "Date":
        try:
            date.fromisoformat(value)
            return len(value) == 10
        except (TypeError, ValueError):
            return False
    if expected == "DateTime":
        try:
            datetime.fromisoformat(value)
            return True
        except (TypeError, ValueError):
            return False
    raise AssertionError(f"unknown data type {expected}")


def validate(node: Any, path: str = "$", expected: tuple[str, ...] = ("Thing",)) -> list[str]:
    """Problems with ``node`` (a JSON-LD object) as one of ``expected``; [] when valid."""
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in validate(item, f"{path}[{i}]", expected)]
    data_types = [e for e in expected if e not in PARENT]
    if not isinstance(node, dict):
        if any(_data_ok(node, e) for e in data_types):
            return []
        return [f"{path}: {node!r} is not a {' or '.join(expected)}"]
    kind = node.get("@type")
    if kind not in PARENT:
        return [f"{path}: unknown @type {kind!r}"]
    if not any(e in PARENT and is_a(kind, e) for e in expected):
        return [f"{path}: a {kind} where a {' or '.join(expected)} belongs"]
    problems = []
    allowed = properties(kind)
    for key, value in node.items():
        if key == "@context":
            if path != "$" or value != CONTEXT:
                problems.append(f"{path}: @context must be {CONTEXT!r} at the top only")
            continue
        if key == "@type":
            continue
        if key not in allowed:
            problems.append(f"{path}: {kind} has no property {key!r}")
            continue
        problems += validate(value, f"{path}.{key}", allowed[key])
    return problems
