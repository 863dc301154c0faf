"""The cloud a request lands in: what Nova's services and databases answer.

``compute_api.create`` asks glance, the API database and the quota engine
before it accepts a server. :class:`Cloud` states their answers, passed as
``Options.cloud``; ``None`` (the default) knows nothing, and every rule that
needs a fact is skipped, as before. Inside a :class:`Cloud` the same holds
fact by fact: an image id or key pair name that is not listed is unknown
(assumed found, never guessed missing); one listed with ``None`` is known
not to exist; ``quotas`` ``None`` leaves the instance quota unchecked.

:meth:`Cloud.from_json` reads the JSON form (the docs show a file), and
raises :class:`CloudStateError` naming the JSON Pointer of what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from bootreq._frozen import EMPTY_MAPPING
from bootreq.options import Image

__all__ = ["Cloud", "CloudStateError", "KeyPair", "Quota", "Quotas"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True)
class KeyPair:
    """A key pair of the requesting user (the API database's row)."""

    public_key: str = ""
    type: str = "ssh"


@attrs.frozen(kw_only=True)
class Quota:
    """One resource's project quota: its ``limit`` (``-1``: unlimited) and usage."""

    limit: int
    in_use: int = 0


@attrs.frozen(kw_only=True)
class Quotas:
    """The project's instance quotas (Nova's defaults: 10 instances, 20 cores,
    51200 MiB of RAM, nothing in use). Per-user quotas are not modelled yet."""

    instances: Quota = Quota(limit=10)
    cores: Quota = Quota(limit=20)
    ram: Quota = Quota(limit=51200)


def _frozen_images(value: Mapping[str, Image | None]) -> Mapping[str, Image | None]:
    return MappingProxyType(dict(value)) if value else EMPTY_MAPPING


def _frozen_keypairs(value: Mapping[str, KeyPair | None]) -> Mapping[str, KeyPair | None]:
    return MappingProxyType(dict(value)) if value else EMPTY_MAPPING


@attrs.frozen(kw_only=True)
class Cloud:
    """The answers of Nova's services, fact by fact (absent: unknown).

    - ``images``: glance's answer per image id: ``None`` = not found (the
      ``imageRef`` lookup gives ``Can not find requested image``); an
      :class:`~bootreq.Image` = found.
    - ``keypairs``: the requesting user's key pairs by name; ``None`` = no
      such key pair (``Invalid key_name provided.``).
    - ``quotas``: the project's instance / cores / RAM limits and usage
      (``check_num_instances_quota``: 403, or fewer instances built).
    """

    images: Mapping[str, Image | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_images
    )
    keypairs: Mapping[str, KeyPair | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_keypairs
    )
    quotas: Quotas | None = None

    @classmethod
    def from_json(cls, document: Any) -> Cloud:
        """The cloud a decoded JSON document describes (see the docs' schema).

        Raises :class:`CloudStateError` (a :class:`ValueError`) naming the
        JSON Pointer of the first wrong value.
        """
        return _cloud(document)


class CloudStateError(ValueError):
    """A cloud-state document that is itself wrong; ``pointer`` says where."""

    def __init__(self, pointer: str, problem: str) -> None:
        super().__init__(f"{pointer or '/'}: {problem}")
        self.pointer = pointer
        self.problem = problem


# --- the JSON form ------------------------------------------------------------


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _object(value: Any, pointer: str, keys: frozenset[str] | None = None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CloudStateError(pointer, f"expected an object, not {_kind(value)}")
    if keys is not None:
        for key in value:
            if key not in keys:
                raise CloudStateError(f"{pointer}/{_escape(str(key))}",
                                      f"unknown member (expected one of {', '.join(sorted(keys))})")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "an object"


def _int(value: Any, pointer: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CloudStateError(pointer, f"expected an integer, not {_kind(value)}")
    return value


def _str(value: Any, pointer: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise CloudStateError(pointer, f"expected a string, not {_kind(value)}")
    return value


_TOP = frozenset({"images", "keypairs", "quotas"})
_IMAGE = frozenset({"id", "status", "size", "min_disk", "min_ram", "name", "disk_format",
                    "container_format", "properties"})
_IMAGE_INTS = ("size", "min_disk", "min_ram")
_IMAGE_STRS = ("id", "status", "name", "disk_format", "container_format")
_KEYPAIR = frozenset({"public_key", "type"})
_QUOTA = frozenset({"limit", "in_use"})
_QUOTAS = frozenset({"instances", "cores", "ram"})


def _cloud(document: Any) -> Cloud:
    top = _object(document, "", _TOP)
    images: dict[str, Image | None] = {}
    for image_id, record in _object(top.get("images", {}), "/images").items():
        pointer = f"/images/{_escape(image_id)}"
        images[image_id] = None if record is None else _image(record, pointer)
    keypairs: dict[str, KeyPair | None] = {}
    for name, record in _object(top.get("keypairs", {}), "/keypairs").items():
        pointer = f"/keypairs/{_escape(name)}"
        if record is None:
            keypairs[name] = None
            continue
        fields = _object(record, pointer, _KEYPAIR)
        keypairs[name] = KeyPair(**{k: _str(v, f"{pointer}/{k}") for k, v in fields.items()})
    quotas = None
    if top.get("quotas") is not None:
        resources = _object(top["quotas"], "/quotas", _QUOTAS)
        per: dict[str, Quota] = {}
        for resource, record in resources.items():
            pointer = f"/quotas/{resource}"
            fields = _object(record, pointer, _QUOTA)
            if "limit" not in fields:
                raise CloudStateError(pointer, "missing member limit")
            per[resource] = Quota(**{k: _int(v, f"{pointer}/{k}") for k, v in fields.items()})
        quotas = Quotas(**per)
    return Cloud(images=images, keypairs=keypairs, quotas=quotas)


def _image(record: Any, pointer: str) -> Image:
    fields = dict(_object(record, pointer, _IMAGE))
    for key in _IMAGE_INTS:
        if key in fields:
            fields[key] = _int(fields[key], f"{pointer}/{key}")
    for key in _IMAGE_STRS:
        if key in fields:
            fields[key] = _str(fields[key], f"{pointer}/{key}", optional=key != "status")
    if "properties" in fields:
        _object(fields["properties"], f"{pointer}/properties")
    return Image(**fields)
