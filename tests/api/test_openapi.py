"""The OpenAPI documents match the code: valid OpenAPI 3.1, every route documented and every
documented path routed, and every documented parameter accepted by the route."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate
from starlette.routing import Route

from directory.localoffer import load_config
from directory.settings import default_config_path
from directory.web.api import api_openapi
from directory.web.oruk import oruk_openapi
from tests.api.conftest import Demo, inline_remote_refs

# Served beside the documents, not described in them: the documents and the docs page.
UNDOCUMENTED = {"/api/v1/openapi.json", "/api/v1/docs", "/oruk/openapi.json"}


def ours() -> dict[str, Any]:
    return api_openapi(load_config(default_config_path()))


def routed(demo: Demo, prefix: str) -> set[str]:
    return {
        route.path
        for route in demo.app.routes
        if isinstance(route, Route) and route.path.startswith(prefix)
    }


def test_documents_are_valid_openapi_3_1() -> None:
    validate(ours())
    validate(inline_remote_refs(oruk_openapi()))
    assert ours()["openapi"] == oruk_openapi()["openapi"] == "3.1.0"


def test_served_documents_are_the_generated_ones(demo: Demo) -> None:
    assert demo.get("/api/v1/openapi.json").json() == ours()
    assert demo.get("/oruk/openapi.json").json() == oruk_openapi()


def test_every_route_is_documented_and_every_documented_path_routed(demo: Demo) -> None:
    assert routed(demo, "/api/v1") - UNDOCUMENTED == set(ours()["paths"])
    assert routed(demo, "/oruk") - UNDOCUMENTED == set(oruk_openapi()["paths"])


def example(parameter: dict[str, Any]) -> str:
    value = parameter.get("example")
    if value is None:
        schema = parameter["schema"]
        value = (schema.get("items") or schema)["enum"][0]
    return str(value[0] if isinstance(value, list) else value)


def documented_parameters() -> list[tuple[str, str, str]]:
    found = []
    for document in (ours(), oruk_openapi()):
        for path, methods in document["paths"].items():
            for parameter in methods["get"]["parameters"]:
                found.append((path, parameter["name"], parameter["in"]))
    return found


def _parameter(path: str, name: str) -> dict[str, Any]:
    for document in (ours(), oruk_openapi()):
        if path in document["paths"]:
            return next(
                p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name
            )
    raise KeyError(path)


@pytest.mark.parametrize(("path", "name", "where"), documented_parameters())
def test_every_documented_parameter_is_accepted(
    demo: Demo, path: str, name: str, where: str
) -> None:
    parameter = _parameter(path, name)
    if "example" not in parameter and where == "path":
        listed = demo.get(path.rsplit("/", 1)[0]).json()
        parameter = {**parameter, "example": listed["contents"][0]["id"]}
    value = example(parameter)
    url = path
    params: dict[str, str] = {}
    if where == "path":
        url = path.replace("{" + name + "}", value)
    else:
        url = url.replace("{id}", "edd3f5d5-0570-5a55-a121-45f1d26c193f")
        url = url.replace("{section}", "gaps").replace("{postcode}", "N3 1AB")
        params = {name: value}
        if name in ("radius_km", "proximity") or (name == "sort" and value == "distance"):
            params["postcode"] = "N3 1AB"
    response = demo.get(url, params=params)
    assert response.status_code == 200, (url, params, response.text[:300])
