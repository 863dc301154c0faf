"""The controller: ``ServersController.create`` on a schema-valid body.

:func:`translate` takes the body the schema accepted and does what Nova's
controller does with it, step by step and in Nova's order: the name and the
version-gated members, security groups and scheduler hints, the counts,
personality files, the policy checks, the availability zone string (zone,
forced host and node), the requested destination, block device mappings
(:mod:`bootreq.bdm`), ``imageRef``, requested networks
(:mod:`bootreq.networks`) and ``flavorRef``. Its result is the
:class:`~bootreq.model.BuildRequest` Nova's API layer hands to
``compute_api.create``, or the error the controller answers.
"""

from __future__ import annotations

import re
from typing import Any

from bootreq import _gates, _policy
from bootreq._digits import WHITESPACE
from bootreq._frozen import EMPTY_MAPPING, freeze
from bootreq._pyrepr import py_str
from bootreq._urlsplit import url_path
from bootreq.bdm import block_device_mappings
from bootreq.errors import HttpError
from bootreq.microversion import Microversion
from bootreq.model import BlockDeviceMapping, BuildFields
from bootreq.networks import requested_networks
from bootreq.options import Options
from bootreq.release_rules import behaviour_for

__all__ = ["translate"]


def __dir__() -> list[str]:
    return __all__


# The gates' minor numbers (every version here is 2.x; legacy 2.0 is minor 0).
_DESCRIPTION = _gates.DESCRIPTION.minor
_HOSTNAME = _gates.HOSTNAME.minor
_TAGS = _gates.TAGS.minor
_REQUESTED_DESTINATION = _gates.REQUESTED_DESTINATION.minor
_MULTIATTACH = _gates.MULTIATTACH.minor
_PORT_RESOURCE_REQUEST = _gates.PORT_RESOURCE_REQUEST.minor


def translate(
    body: dict[str, Any], version: Microversion, options: Options
) -> BuildFields | HttpError:
    """Nova's controller on ``body``, which the schema of ``version`` accepted.

    The result is what the controller hands to ``compute_api.create``: the
    fields of a :class:`~bootreq.model.BuildRequest` but ``compute``.
    """
    server: dict[str, Any] = body["server"]
    level = version.minor
    name = server["name"].strip(WHITESPACE)  # Python 3.11's whitespace, on any Python
    description = server.get("description") if level >= _DESCRIPTION else name
    hostname = server.get("hostname") if level >= _HOSTNAME else None
    security_groups = _security_groups(server.get("security_groups"))
    scheduler_hints = _scheduler_hints(body)

    counts = _counts(server)
    if isinstance(counts, HttpError):
        return counts
    min_count, max_count = counts

    tags = server.get("tags") if level >= _TAGS else None
    personality = server.get("personality")
    injected_files = _injected_files(personality) if personality else ()
    if isinstance(injected_files, HttpError):
        return injected_files

    raw_zone = server.get("availability_zone")
    trusted_certs = server.get("trusted_image_certificates")
    policies = _policy.Policies(options, {"availability_zone": raw_zone})
    denied = policies.check(_policy.CREATE)
    if denied:
        return denied
    if trusted_certs:
        denied = policies.check(_policy.TRUSTED_CERTS)
        if denied:
            return denied

    placement = _parse_availability_zone(raw_zone, options)
    if isinstance(placement, HttpError):
        return placement
    zone, forced_host, forced_node = placement
    if forced_host or forced_node:
        denied = policies.check(_policy.FORCED_HOST)
        if denied:
            return denied
        zone = _zone_for_forced_host(zone, forced_host, options)

    requested_host = requested_node = None
    if level >= _REQUESTED_DESTINATION:
        requested_host = server.get("host")
        requested_node = server.get("hypervisor_hostname")
        if requested_host or requested_node:
            denied = policies.check(_policy.REQUESTED_DESTINATION)
            if denied:
                return denied
            if forced_host or forced_node:
                return HttpError.of(400, _MUTUALLY_EXCLUSIVE)

    image_ref = server.get("imageRef")
    legacy_bdms = server.get("block_device_mapping")
    v2_bdms = server.get("block_device_mapping_v2")
    mappings: tuple[tuple[BlockDeviceMapping, ...], bool] | None = None
    if legacy_bdms or v2_bdms:
        # Whether the request names an image (an image->local mapping needs
        # one): older releases counted imageRef "" as one (release "imglocal").
        image_specified = image_ref is not None and (
            image_ref != "" or behaviour_for(options.release).empty_image_ref_is_image)
        converted = block_device_mappings(
            legacy_bdms or [], v2_bdms or [], image_specified=image_specified)
        if isinstance(converted, HttpError):
            return converted
        mappings = converted
    if mappings is not None and mappings[0]:
        denied = policies.check(_policy.ATTACH_VOLUME)
        if denied:
            return denied

    if not image_ref and mappings is not None and mappings[0]:
        image_ref = ""
    elif not image_ref:
        return HttpError.of(400, "Missing imageRef attribute")

    networks = requested_networks(server.get("networks"))
    if isinstance(networks, HttpError):
        return networks
    if networks and networks != "none":
        denied = policies.check(_policy.ATTACH_NETWORK)
        if denied:
            return denied

    flavor_id = _flavor_id(server["flavorRef"])
    if isinstance(flavor_id, HttpError):
        return flavor_id
    if (options.flavor_exists is not None and not options.flavor_exists(flavor_id)) or (
            options.cloud is not None and options.cloud.flavors.get(flavor_id, 0) is None):
        return HttpError.of(400, f"Flavor {flavor_id} could not be found.")

    metadata = server.get("metadata")
    disk_config = server.get("OS-DCF:diskConfig")
    return {
        "microversion": version,
        "name": name,
        "description": description,
        "hostname": hostname,
        "flavor_id": flavor_id,
        "image_ref": image_ref,
        "admin_password": server.get("adminPass"),
        "metadata": EMPTY_MAPPING if metadata is None else freeze(metadata),
        "user_data": server.get("user_data"),
        "key_name": server.get("key_name"),
        "config_drive": server.get("config_drive"),
        "security_groups": security_groups,
        "scheduler_hints": freeze(scheduler_hints),
        "min_count": min_count,
        "max_count": max_count,
        "return_reservation_id": bool(server.get("return_reservation_id")),
        "availability_zone": zone,
        "forced_host": forced_host,
        "forced_node": forced_node,
        "requested_host": requested_host,
        "requested_hypervisor_hostname": requested_node,
        "tags": None if tags is None else tuple(tags),
        "trusted_certs": tuple(trusted_certs) if trusted_certs else None,
        "access_ip_v4": server.get("accessIPv4"),
        "access_ip_v6": server.get("accessIPv6"),
        "auto_disk_config": None if disk_config is None else disk_config == "AUTO",
        "injected_files": injected_files,
        "block_device_mappings": None if mappings is None else mappings[0],
        "legacy_bdm": None if mappings is None else mappings[1],
        "requested_networks": networks,
        "supports_multiattach": level >= _MULTIATTACH,
        "supports_port_resource_request": level >= _PORT_RESOURCE_REQUEST,
        "policies": tuple(policies.checked),
    }


_MUTUALLY_EXCLUSIVE = (
    "One mechanism with host and/or hypervisor_hostname and another mechanism "
    "with zone:host:node are mutually exclusive."
)


def _security_groups(groups: list[dict[str, Any]] | None) -> tuple[str, ...] | None:
    if groups is None:
        return None
    # Nova de-duplicates through a set (order undefined); bootreq sorts.
    return tuple(sorted({group["name"] for group in groups if group.get("name")}))


def _scheduler_hints(body: dict[str, Any]) -> Any:
    if "os:scheduler_hints" in body:
        return body["os:scheduler_hints"]
    return body.get("OS-SCH-HNT:scheduler_hints", {})


def _count(server: dict[str, Any], field: str, default: int) -> int | HttpError:
    value = server.get(field, default)
    try:
        return int(value)
    except ValueError:
        # Digit strings past Python's 4300-digit conversion limit (Nova: 500).
        return HttpError.of(
            400,
            f"Invalid input for field/attribute {field}. Value has {len(str(value))} "
            "characters, more than the 4300 digits an integer may have.",
            f"/server/{field}",
        )


def _counts(server: dict[str, Any]) -> tuple[int, int] | HttpError:
    if "min_count" not in server and "max_count" not in server:
        return 1, 1
    min_count = _count(server, "min_count", 1)
    if isinstance(min_count, HttpError):
        return min_count
    max_count = _count(server, "max_count", min_count)
    if isinstance(max_count, HttpError):
        return max_count
    if min_count > max_count:
        return HttpError.of(400, "min_count must be <= max_count")
    return min_count, max_count


def _injected_files(personality: list[dict[str, Any]]) -> tuple[tuple[str, str], ...] | HttpError:
    files = []
    for index, item in enumerate(personality):
        for member in ("path", "contents"):
            if member not in item:
                # Nova: KeyError -> 500.
                return HttpError.of(
                    400,
                    f"Invalid input for field/attribute {index}. Value: {py_str(item)}. "
                    f"'{member}' is a required property",
                    f"/server/personality/{index}",
                )
        files.append((item["path"], item["contents"]))
    return tuple(files)


def _parse_availability_zone(
    raw: str | None, options: Options
) -> tuple[str | None, str | None, str | None] | HttpError:
    zone, host, node = raw, None, None
    if raw and ":" in raw:
        colons = raw.count(":")
        if colons == 1:
            zone, host = raw.split(":")
        elif colons == 2 and "::" in raw:
            zone, node = raw.split("::")
        elif colons == 2:
            zone, host, node = raw.split(":")
        else:
            return HttpError.of(400, "Invalid input received: Unable to parse availability_zone")
    if not zone:
        zone = options.default_schedule_zone
    return zone, host, node


def _zone_for_forced_host(zone: str | None, host: str | None, options: Options) -> str | None:
    # Nova's _validate_host_availability_zone: the host's aggregate zone wins.
    lookup = options.host_availability_zone
    host_zone = lookup(host) if lookup is not None and host is not None else None
    expected = options.default_availability_zone if host_zone is None else host_zone
    return zone if zone == expected else None


# Strings urlsplit leaves whole: no scheme, separators, spaces or controls.
_PLAIN_FLAVOR_ID = re.compile(r"[A-Za-z0-9._-]+")


def _flavor_id(flavor_ref: str | int) -> str | HttpError:
    text = flavor_ref if type(flavor_ref) is str else str(flavor_ref)  # (an int: digits)
    if _PLAIN_FLAVOR_ID.fullmatch(text):
        return text
    try:
        return url_path(text).split("/")[-1]  # urlsplit as on Python 3.11.7
    except ValueError:
        # Nova: urlsplit's ValueError -> 500.
        return HttpError.of(400, "Invalid flavorRef provided.", "/server/flavorRef")
