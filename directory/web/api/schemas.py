"""JSON Schemas of the ``/api/v1`` responses, for the OpenAPI document (and its tests)."""

from __future__ import annotations

from typing import Any

NULLABLE_NUMBER = {"type": ["number", "null"]}
NULLABLE_STRING = {"type": ["string", "null"]}
CODED = {
    "type": "object",
    "required": ["code", "label"],
    "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
}
CODED_LIST = {"type": "array", "items": CODED}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


LISTING = {
    "type": "object",
    "required": [
        "id",
        "name",
        "organization",
        "summary",
        "status",
        "age_range",
        "needs",
        "sectors",
        "service_types",
        "delivery",
        "referral",
        "priorities",
        "cost",
        "last_checked",
        "links",
    ],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "organization": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
        },
        "summary": {"type": "string", "description": "The description's first sentence"},
        "status": {"type": "string"},
        "age_range": {
            "type": "object",
            "required": ["minimum_age", "maximum_age", "label"],
            "properties": {
                "minimum_age": NULLABLE_NUMBER,
                "maximum_age": NULLABLE_NUMBER,
                "label": {"type": "string"},
            },
        },
        "needs": CODED_LIST,
        "sectors": CODED_LIST,
        "service_types": CODED_LIST,
        "delivery": CODED_LIST,
        "referral": CODED_LIST,
        "priorities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "label", "reason", "origin"],
                "properties": {
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "reason": {"type": "string", "description": "Why the service supports it"},
                    "origin": {"type": "string", "enum": ["rule", "import", "editor"]},
                },
            },
        },
        "cost": CODED,
        "last_checked": {**NULLABLE_STRING, "format": "date"},
        "score": {"type": "number"},
        "matched": {"type": "array", "items": {"type": "string"}},
        "distance_km": {
            **NULLABLE_NUMBER,
            "description": "Only with a postcode; null for services without a venue",
        },
        "remote": {
            "type": "array",
            "items": {"type": "string"},
            "description": "With a postcode, for a service with no venue or delivered only "
            "online or by phone: how it reaches families wherever they live",
        },
        "nearest_location": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": NULLABLE_STRING,
                "postcode": NULLABLE_STRING,
                "distance_km": NULLABLE_NUMBER,
            },
        },
        "links": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}

FACET = {
    "type": "object",
    "required": ["name", "label", "values"],
    "properties": {
        "name": {"type": "string", "description": "The query parameter it filters"},
        "label": {"type": "string"},
        "values": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "label", "count", "selected"],
                "properties": {
                    "code": {"type": "string"},
                    "label": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                    "selected": {"type": "boolean"},
                },
            },
        },
    },
}

INTERPRETATION = {
    "type": "object",
    "required": ["text", "words", "synonyms", "postcode", "filters", "sort"],
    "properties": {
        "text": {"type": "string"},
        "corrected_text": NULLABLE_STRING,
        "words": {"type": "array", "items": {"type": "string"}},
        "synonyms": {"type": "array", "items": {"type": "object"}},
        "age_from_text": NULLABLE_NUMBER,
        "ages_from_text": {
            "oneOf": [
                {"type": "null"},
                {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            ]
        },
        "min_age": NULLABLE_NUMBER,
        "max_age": NULLABLE_NUMBER,
        "postcode": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["postcode", "district", "latitude", "longitude", "precision"],
                    "properties": {
                        "postcode": {"type": "string"},
                        "district": {"type": "string"},
                        "latitude": {"type": "number"},
                        "longitude": {"type": "number"},
                        "precision": {"type": "string", "enum": ["unit", "district"]},
                    },
                },
            ]
        },
        "radius_km": NULLABLE_NUMBER,
        "needs": {"type": "array", "items": {"type": "string"}},
        "filters": {"type": "object"},
        "sort": {"type": "string"},
    },
}

SEARCH_RESULT = {
    "type": "object",
    "required": [
        "items",
        "total",
        "page",
        "per_page",
        "pages",
        "links",
        "facets",
        "query",
        "suggestion",
    ],
    "properties": {
        "items": {"type": "array", "items": ref("Listing")},
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "links": {"type": "object", "additionalProperties": {"type": "string"}},
        "facets": {"type": "array", "items": ref("Facet")},
        "query": ref("Interpretation"),
        "suggestion": {**NULLABLE_STRING, "description": "Did you mean ...?"},
    },
}

SERVICE = {
    "type": "object",
    "description": "The fully nested Open Referral UK 3.0 service (as /oruk/services/{id}), "
    "with the authority's priority labels, links and provenance.",
    "required": ["id", "name", "status", "organization", "local_offer", "links", "provenance"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "status": {"type": "string"},
        "organization": {"type": "object"},
        "local_offer": {"type": "object"},
        "links": {"type": "object"},
        "priorities": {"type": "array", "items": {"type": "object"}},
        "provenance": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["source", "source_system", "source_id", "first_seen", "last_seen"],
                "properties": {
                    "source": {"type": "string"},
                    "source_system": {"type": "string"},
                    "source_id": {"type": "string"},
                    "first_seen": {"type": "string", "format": "date-time"},
                    "last_seen": {"type": "string", "format": "date-time"},
                    "withdrawn_at": {**NULLABLE_STRING, "format": "date-time"},
                },
            },
        },
    },
}

TAXONOMIES = {
    "type": "object",
    "required": ["taxonomies"],
    "properties": {
        "taxonomies": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "id", "name", "terms"],
                "properties": {
                    "key": {"type": "string"},
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "terms": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "id", "name"],
                            "properties": {
                                "code": {"type": "string"},
                                "id": {"type": "string", "format": "uuid"},
                                "name": {"type": "string"},
                                "area": {"type": "string"},
                            },
                        },
                    },
                },
            },
        }
    },
}

PRIORITIES = {
    "type": "object",
    "required": ["authority", "priorities"],
    "properties": {
        "authority": {"type": "string"},
        "priorities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "label", "title", "services"],
                "properties": {
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "title": {"type": "string"},
                    "services": {"type": "integer", "minimum": 0},
                    "search_url": {"type": "string"},
                },
            },
        },
    },
}

POSTCODE = {
    "type": "object",
    "required": ["postcode", "district", "latitude", "longitude", "precision", "in_area"],
    "properties": {
        "postcode": {"type": "string"},
        "district": {"type": "string"},
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "precision": {"type": "string", "enum": ["unit", "district"]},
        "in_area": {"type": "boolean"},
        "search_url": {"type": "string"},
    },
}

CSV = {"type": "string", "description": "CSV with a header row, UTF-8 with a byte order mark"}

SCHEMAS: dict[str, Any] = {
    "Listing": LISTING,
    "Facet": FACET,
    "Interpretation": INTERPRETATION,
    "SearchResult": SEARCH_RESULT,
    "Service": SERVICE,
    "Taxonomies": TAXONOMIES,
    "Priorities": PRIORITIES,
    "Postcode": POSTCODE,
}
