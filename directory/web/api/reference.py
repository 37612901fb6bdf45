"""Reference lists: ``/api/v1/taxonomies``, ``/api/v1/priorities``, ``/api/v1/postcodes/{pc}``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response

from directory import geo
from directory.models import PriorityTag, Service
from directory.vocab import taxonomy_id, term_id, vocabularies
from directory.web.api.common import (
    JSON,
    RECORD_MAX_AGE,
    REFERENCE_MAX_AGE,
    SEARCH_MAX_AGE,
    authority_config,
    read_session,
)
from directory.web.spec.params import read_params

# Vocabularies that are lists for people to pick from, in the order a search form shows them.
_TERM_DATA = ("area", "description")


def taxonomies(request: Request) -> Response:
    read_params(request.query_params, ())
    body = [
        {
            "key": vocab.key,
            "id": str(taxonomy_id(vocab.key)),
            "name": vocab.name,
            "description": vocab.description,
            "terms": [
                {
                    "code": term.code,
                    "id": str(term_id(vocab.key, term.code)),
                    "name": term.name,
                    **{k: term.data[k] for k in _TERM_DATA if k in term.data},
                }
                for term in vocab.terms
            ],
        }
        for vocab in vocabularies().values()
    ]
    return JSON({"taxonomies": body}, max_age=REFERENCE_MAX_AGE)


def priorities(request: Request) -> Response:
    """The authority's strategic priorities, each with how many published services support it."""
    read_params(request.query_params, ())
    config = authority_config(request)
    with read_session(request) as session:
        counts = dict(
            session.execute(
                select(PriorityTag.priority_id, func.count(func.distinct(PriorityTag.service_id)))
                .join(Service, Service.id == PriorityTag.service_id)
                .where(Service.status == "active")
                .group_by(PriorityTag.priority_id)
            ).all()
        )
    body = {
        "authority": config.authority.name,
        "priorities": [
            {
                "id": p.id,
                "label": p.label,
                "title": p.title,
                "services": counts.get(p.id, 0),
                "search_url": str(
                    request.url_for("api_services").include_query_params(priority=p.id)
                ),
            }
            for p in config.priorities
        ],
    }
    return JSON(body, max_age=SEARCH_MAX_AGE)


def postcode(request: Request) -> Response:
    """Where a postcode is, how precisely we know it, and whether it is in the authority."""
    read_params(request.query_params, ())
    config = authority_config(request)
    with read_session(request) as session:
        found = geo.lookup_postcode(session, str(request.path_params["postcode"])[:32])
    body: dict[str, Any] = {
        "postcode": found.postcode,
        "district": found.district,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "precision": found.precision,
        "in_area": config.in_borough(found.district),
        "search_url": str(
            request.url_for("api_services").include_query_params(postcode=found.postcode)
        ),
    }
    return JSON(body, max_age=RECORD_MAX_AGE)
