"""What the caller may know about the deployment: flavor, image, quotas, config.

The request-only checks of ``compute_api.create`` (:mod:`bootreq.compute`)
need, for some rules, a fact that is not in the request: the flavor's sizes,
the image's metadata, the project's quota limits, a configuration option.
Each class here carries one kind of such knowledge. Every field defaults to
Nova 34.0.0's default (configuration, quota defaults) or to "unknown"
(``Options.flavor`` / ``Options.image`` left ``None``): a rule whose fact is
unknown is skipped, never guessed. The rule table in :mod:`bootreq.compute`
names, for every rule, which of these it needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from bootreq._frozen import EMPTY_MAPPING, freeze

__all__ = ["Deployment", "Flavor", "Image", "Limits"]


def __dir__() -> list[str]:
    return __all__


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if value is None:
        return EMPTY_MAPPING
    frozen: Mapping[str, Any] = freeze(dict(value))
    return frozen


@attrs.frozen(kw_only=True)
class Flavor:
    """The flavor ``flavorRef`` names, as Nova's database holds it.

    - ``id``: Nova's *internal* database id. Only the disabled-flavor message
      shows it (``Flavor <id> could not be found.``); the public API never
      exposes it, so when it is ``None`` bootreq names the request's flavor
      id there instead (a documented deviation).
    - ``vcpus``, ``memory_mb``, ``root_gb`` (required: a flavor without them
      is not a flavor), ``ephemeral_gb``, ``swap`` (MiB, as Nova stores
      it), ``disabled``.
    - ``extra_specs``: kept for the caller's reference; bootreq does not
      validate extra specs (Nova's ``hardware`` module checks: NUMA, CPU
      policy, PCI aliases, ...), see the docs.
    """

    vcpus: int
    memory_mb: int
    root_gb: int
    ephemeral_gb: int = 0
    swap: int = 0
    disabled: bool = False
    id: int | str | None = None
    name: str | None = None
    extra_specs: Mapping[str, str] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_mapping
    )


def _decode_list_property(value: Any) -> Any:
    """Glance stores ``block_device_mapping`` / ``mappings`` as JSON text.

    Nova's glance layer decodes them (``_convert_from_string``); accept both
    spellings so a caller can pass what glance returns or the decoded list.
    """
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _frozen_properties(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if value is None:
        return EMPTY_MAPPING
    props = dict(value)
    for key in ("block_device_mapping", "mappings"):
        if key in props:
            props[key] = _decode_list_property(props[key])
    frozen: Mapping[str, Any] = freeze(props)
    return frozen


@attrs.frozen(kw_only=True)
class Image:
    """The boot image's metadata, as Nova's glance layer translates it.

    For an image-backed server this is the image ``imageRef`` names; for a
    boot from volume it is the metadata Nova derives from the boot device
    (``volume_image_metadata``, ``status`` ``"active"``, ``size`` = volume
    size in bytes). Passing an ``Image`` states that the lookup succeeds.

    ``properties`` are glance's extra properties (strings as glance stores
    them; ``block_device_mapping`` / ``mappings`` may be JSON text or lists).
    The ones the checks read: ``auto_disk_config``, ``root_device_name``,
    ``mappings``, ``block_device_mapping``, ``bdm_v2``,
    ``cinder_encryption_key_id``, ``os_type``, ``architecture``,
    ``vm_mode``.
    """

    id: str | None = None
    status: str = "active"
    size: int = 0
    min_disk: int = 0
    min_ram: int = 0
    name: str | None = None
    disk_format: str | None = None
    container_format: str | None = None
    properties: Mapping[str, Any] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_properties
    )


@attrs.frozen(kw_only=True)
class Limits:
    """Quota limits that apply to a request's own content (Nova's defaults).

    ``-1`` means unlimited, as in Nova. ``injected_file_path_length`` is the
    configuration name of the ``injected_file_path_bytes`` resource.
    """

    metadata_items: int = 128
    injected_files: int = 5
    injected_file_path_length: int = 255
    injected_file_content_bytes: int = 10240


@attrs.frozen(kw_only=True)
class Deployment:
    """Nova configuration and deployment facts the compute checks read.

    - ``max_local_block_devices``: ``[DEFAULT] max_local_block_devices``
      (negative: unlimited).
    - ``default_ephemeral_format``: ``[DEFAULT] default_ephemeral_format``,
      the guest format of converted legacy ephemeral disks.
    - ``verify_glance_signatures``, ``enable_certificate_validation``,
      ``default_trusted_certificate_ids``: the ``[glance]`` options; all
      three set make a boot from volume refuse like explicit trusted certs.
    - ``available_zones``: the availability zones Nova reports as available
      (enabled compute services' zones, plus ``internal`` where the
      deployment has internal services). ``None`` = unknown: the zone check
      is skipped.
    """

    max_local_block_devices: int = 3
    default_ephemeral_format: str | None = None
    verify_glance_signatures: bool = False
    enable_certificate_validation: bool = False
    default_trusted_certificate_ids: tuple[str, ...] = attrs.field(
        default=(), converter=tuple
    )
    available_zones: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
