"""The create body as standard JSON Schema, and POST /servers as OpenAPI 3.1.

Nova's schemas are not quite standard JSON Schema: its validator applies
``minimum``/``maximum`` to numeric *strings* (``"min_count": "0"`` is
refused), and the legacy v2.0 endpoint drops unknown members instead of
refusing them (except beside ``patternProperties``, and not when *every*
member is unknown). :func:`json_schema` rewrites those two rules in plain
JSON Schema 2020-12, so any validator given bootreq's formats accepts exactly
the bodies Nova's schema stage accepts:

- a numeric string bound becomes an extra ``pattern`` (under ``allOf``) on the
  digits' value, leading zeros and all;
- a soft ``additionalProperties: false`` is dropped, or, beside
  ``patternProperties``, becomes "all member names match, or none does".

Formats are Nova's names: ``name`` and ``name_with_leading_trailing_spaces``
(printable Unicode 14.0, no edge whitespace / at least one non-space),
``uuid`` (oslo's ``is_uuid_like``: hyphens, braces, ``urn:uuid:`` tolerated),
``base64``, ``ipv4``, ``ipv6``. Patterns are Python ``re`` patterns, as in
Nova (``$`` also matches before a final newline). Pass
``bootreq.openapi.FORMAT_CHECKER`` to ``jsonschema`` to check formats as
Nova does.

:func:`openapi_document` follows the conventions of OpenStack's code
generator (openstack/codegenerator, ``codegenerator/openapi/base.py``):

- one component schema per microversion range, named like the generator
  names them (``ServersCreate_21``, ``ServersCreate_219``, ...), each with
  ``x-openstack: {min-ver, max-ver}`` (no ``max-ver`` on the open-ended
  last range, as the generator omits it when Nova's decorator has none);
- a container ``ServersCreateRequest`` whose ``oneOf`` lists them, marked
  ``x-openstack: {discriminator: microversion}``: a consumer picks the
  member whose range holds the request's microversion. Validating against
  the container as a plain ``oneOf`` is *not* meaningful (a body valid at
  several microversions matches several members);
- ``operationId: "servers:post"``, tag ``servers``.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from bootreq import schemas
from bootreq.microversion import (
    LEGACY_V2,
    MAX_VERSION,
    MIN_VERSION,
    InvalidMicroversion,
    Microversion,
)

__all__ = ["FORMAT_CHECKER", "component_name", "json_schema", "openapi_document"]


def __dir__() -> list[str]:
    return __all__


_DIALECT = "https://json-schema.org/draft/2020-12/schema"


if TYPE_CHECKING:
    from bootreq._violations import FORMAT_CHECKER


def __getattr__(name: str) -> Any:
    # ``FORMAT_CHECKER`` (Nova's string formats for ``jsonschema`` validators)
    # is made on first use: importing jsonschema costs ~0.1 s.
    if name == "FORMAT_CHECKER":
        from bootreq._violations import FORMAT_CHECKER

        return FORMAT_CHECKER
    raise AttributeError(name)


def _version(microversion: Microversion | str) -> Microversion:
    if isinstance(microversion, Microversion):
        version = microversion
    elif microversion == "latest":
        version = MAX_VERSION
    else:
        version = Microversion.parse(microversion)
    if version != LEGACY_V2 and not MIN_VERSION <= version <= MAX_VERSION:
        raise InvalidMicroversion(
            f"microversion {version} is outside {LEGACY_V2} and {MIN_VERSION} - {MAX_VERSION}"
        )
    return version


# -- Nova's numeric strings as digit patterns


def _up_to(limit: int) -> str:
    """A regex for the decimal numbers 1..``limit`` written without leading zeros."""
    digits = str(limit)
    width = len(digits)
    shorter = {1: [], 2: ["[1-9]"]}.get(width, [f"[1-9][0-9]{{0,{width - 2}}}"])
    choices = list(shorter)
    for index, char in enumerate(digits):
        low = 1 if index == 0 else 0
        high = int(char) - 1
        if high >= low:
            rest = width - index - 1
            head = str(low) if high == low else f"[{low}-{high}]"
            tail = "" if rest == 0 else "[0-9]" if rest == 1 else f"[0-9]{{{rest}}}"
            choices.append(digits[:index] + head + tail)
    choices.append(digits)
    return "|".join(choices)


def _bounded_digits(node: dict[str, Any]) -> str:
    # Only the shapes Nova uses: digit strings (pattern) bounded below by 1.
    if node.get("pattern") not in ("^[0-9]*$", "^[0-9]+$") or node.get("minimum") != 1:
        raise ValueError(f"no standard rewrite for the numeric-string bounds of {node!r}")
    maximum = node.get("maximum")
    value = "[1-9][0-9]*" if maximum is None else _up_to(int(maximum))
    return f"^0*(?:{value})$"


# -- the rewrite


def _standard(node: dict[str, Any], *, legacy: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties"):
            out[key] = {name: _standard(sub, legacy=legacy) for name, sub in value.items()}
        elif key == "items":
            out[key] = _standard(value, legacy=legacy)
        elif key in ("oneOf", "anyOf", "allOf"):
            out[key] = [_standard(sub, legacy=legacy) for sub in value]
        else:
            out[key] = copy.deepcopy(value)
    types = node.get("type", [])
    if ("minimum" in node or "maximum" in node) and "string" in types:
        out.setdefault("allOf", []).append({"pattern": _bounded_digits(node)})
    if legacy and node.get("additionalProperties") is False:
        del out["additionalProperties"]
        patterns = list(node.get("patternProperties", {}))
        if patterns:
            joined = "|".join(patterns)
            out["anyOf"] = [
                {"propertyNames": {"pattern": joined}},
                {"propertyNames": {"not": {"pattern": joined}}},
            ]
    return out


def _x_openstack(schema_range: schemas.SchemaRange) -> dict[str, str]:
    extension = {"min-ver": str(schema_range.first)}
    if schema_range.last != MAX_VERSION:
        extension["max-ver"] = str(schema_range.last)
    return extension


def component_name(schema_range: schemas.SchemaRange) -> str:
    """The code generator's name for a range's schema: ``ServersCreate_219``."""
    return f"ServersCreate_{schema_range.first.major}{schema_range.first.minor}"


def _range_schema(schema_range: schemas.SchemaRange) -> dict[str, Any]:
    source = dict(schemas.schema_by_name(schema_range.name))
    standard = _standard(source, legacy=schema_range.first == LEGACY_V2)
    return {
        "description": f"Microversions {_span(schema_range)}: {schema_range.summary}.",
        **standard,
        "x-openstack": _x_openstack(schema_range),
    }


def _span(schema_range: schemas.SchemaRange) -> str:
    if schema_range.first == schema_range.last:
        return str(schema_range.first)
    return f"{schema_range.first} - {schema_range.last}"


def json_schema(microversion: Microversion | str = "latest") -> dict[str, Any]:
    """The create body's JSON Schema (2020-12) at ``microversion``.

    ``microversion`` is ``"2.94"``, ``"latest"``, ``"2.0"`` (legacy v2) or a
    :class:`~bootreq.Microversion`. Raises ``InvalidMicroversion`` (a
    ``ValueError``) for a malformed or unsupported one.
    """
    version = _version(microversion)
    schema_range = schemas.range_for(version)
    return {
        "$schema": _DIALECT,
        "title": f"Nova POST /servers request body, microversion {version}",
        **_range_schema(schema_range),
    }


# -- the OpenAPI document

_FAULT = {
    "type": "object",
    "description": "Nova's fault body: one member named after the fault "
    "(badRequest, forbidden, conflictingRequest, computeFault, ...).",
    "minProperties": 1,
    "maxProperties": 1,
    "additionalProperties": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
        "required": ["code", "message"],
    },
}

_CREATED = {
    "oneOf": [
        {
            "type": "object",
            "properties": {
                "server": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "links": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "href": {"type": "string", "format": "uri"},
                                    "rel": {"type": "string"},
                                },
                            },
                        },
                        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
                        "security_groups": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"name": {"type": "string"}},
                            },
                        },
                        "adminPass": {"type": "string"},
                    },
                    "required": ["id", "links"],
                }
            },
            "required": ["server"],
        },
        {
            "type": "object",
            "description": "With return_reservation_id: true.",
            "properties": {"reservation_id": {"type": "string"}},
            "required": ["reservation_id"],
        },
    ]
}

_ERRORS = {
    "400": "Bad request: the body or the microversion is invalid.",
    "403": "Forbidden by policy.",
    "406": "Unsupported microversion (Nova's fault name: computeFault).",
    "409": "Conflict reported by the compute layer.",
}


def openapi_document() -> dict[str, Any]:
    """An OpenAPI 3.1 document for ``POST /servers`` across every microversion."""
    components: dict[str, Any] = {}
    for schema_range in schemas.RANGES:
        components[component_name(schema_range)] = _range_schema(schema_range)
    components["ServersCreateRequest"] = {
        "description": "The create body; pick the member whose x-openstack "
        "min-ver/max-ver holds the request's microversion.",
        "oneOf": [
            {"$ref": f"#/components/schemas/{component_name(r)}"} for r in schemas.RANGES
        ],
        "x-openstack": {"discriminator": "microversion"},
    }
    components["ServersCreateResponse"] = _CREATED
    components["Fault"] = _FAULT
    error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/Fault"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "OpenStack Compute API: create server",
            "version": str(MAX_VERSION),
            "description": "POST /servers of Nova 34.0.0, one request schema per "
            "microversion range (x-openstack min-ver/max-ver), generated by bootreq. "
            "Formats are Nova's: name, name_with_leading_trailing_spaces, uuid "
            "(oslo is_uuid_like), base64, ipv4, ipv6; patterns are Python re.",
        },
        "servers": [{"url": "/v2.1"}],
        "paths": {
            "/servers": {
                "post": {
                    "operationId": "servers:post",
                    "tags": ["servers"],
                    "summary": "Create server",
                    "parameters": [
                        {
                            "name": "OpenStack-API-Version",
                            "in": "header",
                            "required": False,
                            "description": "The compute microversion, e.g. "
                            "'compute 2.104'; none means 2.1.",
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ServersCreateRequest"}
                            }
                        },
                    },
                    "responses": {
                        "202": {
                            "description": "Accepted: the server (or reservation) is being built.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ServersCreateResponse"}
                                }
                            },
                        },
                        **{
                            code: {"description": text, "content": error_content}
                            for code, text in _ERRORS.items()
                        },
                        # oslo.middleware's plain error page, not a Nova fault.
                        "413": {"description": "Request larger than max_request_body_size."},
                    },
                }
            }
        },
        "tags": [{"name": "servers"}],
        "components": {"schemas": components},
    }
