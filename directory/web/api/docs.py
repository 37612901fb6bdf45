"""The API documentation page: the OpenAPI documents rendered on the server as plain HTML, so
it needs no JavaScript, no CDN and no network."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("directory.web.api", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["schema_text"] = schema_text
    return environment


def schema_text(schema: dict[str, Any]) -> str:
    """A parameter's type in a few words: ``integer, 1 to 100``; ``one of: a, b``."""
    if schema.get("type") == "array":
        return "repeatable: " + schema_text(schema.get("items", {}))
    if "enum" in schema:
        values = [str(v) for v in schema["enum"]]
        shown = ", ".join(values[:12]) + (f", … ({len(values)} codes)" if len(values) > 12 else "")
        return f"one of: {shown}"
    words = [str(schema.get("type", "string"))]
    if "format" in schema:
        words.append(str(schema["format"]))
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    if low is not None and "maximum" in schema:
        above = "more than " if "exclusiveMinimum" in schema else ""
        words.append(f"{above}{low} to {schema['maximum']}")
    if "maxLength" in schema:
        words.append(f"up to {schema['maxLength']} characters")
    return ", ".join(words)


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            example = _example_url(path, operation.get("parameters", []))
            found.append({"path": path, "method": method.upper(), "example": example, **operation})
    return found


def _example_url(path: str, parameters: list[dict[str, Any]]) -> str:
    query = []
    for parameter in parameters:
        example = parameter.get("example")
        if example is None:
            continue
        value = example[0] if isinstance(example, list) else example
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(value))
        elif parameter["name"] in ("q", "search", "postcode", "age", "need"):
            query.append(f"{parameter['name']}={str(value).replace(' ', '+')}")
    return path + ("?" + "&".join(query) if query else "")


def render_docs(documents: list[dict[str, Any]]) -> str:
    apis = [{"info": d["info"], "operations": _operations(d)} for d in documents]
    return _environment().get_template("docs.html").render(apis=apis)
