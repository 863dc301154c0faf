"""The inputs of a parse: Options, and what the caller knows of the cloud.

:class:`Options` carries Nova's configuration and the deployment's answers
(policy decisions, flavors, aggregates); the classes below it describe the
facts some checks of ``compute_api.create`` (:mod:`bootreq.compute`) need
beyond the request: the flavor's sizes, the image's metadata, the project's
quota limits, configuration options. Every field defaults to Nova 34.0.0's
default (configuration, quota defaults) or to "unknown" (``Options.flavor`` /
``Options.image`` left ``None``): a rule whose fact is unknown is skipped,
never guessed. The rule table in :mod:`bootreq.compute` names, for every
rule, which of these it needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from bootreq._frozen import EMPTY_MAPPING, freeze
from bootreq.microversion import MAX_VERSION, MIN_VERSION, Microversion
from bootreq.release_rules import behaviour_for

if TYPE_CHECKING:
    from bootreq.cloud import Cloud

__all__ = ["MAX_DEPTH", "Deployment", "Flavor", "Image", "Limits", "Options"]


def __dir__() -> list[str]:
    return __all__


#: Deepest JSON nesting bootreq decodes (not an option: every parse has it).
#: Nova crashes (500) somewhere past ~930 levels, depending on its stack;
#: bootreq answers 400 past this depth, in every process alike.
MAX_DEPTH = 500


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


def _microversion_or_none(value: Microversion | str | None) -> Microversion | None:
    if value is None:
        return None
    version = value if isinstance(value, Microversion) else Microversion.parse(value)
    if not MIN_VERSION <= version <= MAX_VERSION:
        # Emulating an older cloud only: bootreq knows Nova up to 2.104.
        raise ValueError(
            f"max_microversion must be within {MIN_VERSION} and {MAX_VERSION}, not {version}"
        )
    return version


def _known_release(options: Any, attribute: Any, value: str | None) -> None:
    if value is not None:
        behaviour_for(value)  # raises UnknownRelease (a LookupError) for an unknown name


@attrs.frozen
class Options:
    """How to answer: Nova's configuration and the deployment's answers.

    Every field defaults to Nova 34.0.0's default behaviour.

    - ``default_schedule_zone``, ``default_availability_zone``: Nova's
      ``[DEFAULT]`` options of the same names.
    - ``max_microversion``: emulate an older cloud (2.1 to 2.104; see
      :mod:`bootreq.releases` for release names); newer versions get Nova's
      406 naming this maximum, and ``"latest"`` means this maximum.
    - ``authorize(rule, target)``: called for each policy rule in Nova's
      order; returning ``False`` gives Nova's 403 at that point. ``None``
      allows everything. The target is ``{"availability_zone": <raw value>}``
      for the API layer's rules (bootreq knows no project or user) and ``{}``
      for the compute layer's ``zero_disk_flavor`` rule.
    - ``flavor_exists(flavor_id)``: ``False`` gives Nova's
      ``Flavor <id> could not be found.``; ``None`` assumes every flavor exists.
    - ``host_availability_zone(host)``: the availability zone of the
      aggregate a forced host belongs to (``None``: no aggregate); called
      only when the ``availability_zone`` string forces a host.
    - ``max_body_bytes``: the request size limit (413 above it).
    - ``compute_checks``: also run the request-only checks of
      ``compute_api.create``; ``False`` is exactly Nova's API layer.
    - ``flavor``, ``image``: what the caller knows of the flavor and the boot
      image (the classes above); ``None`` skips the checks needing them.
    - ``limits``: the project's quota limits on metadata and personality
      files; ``deployment``: Nova configuration the compute checks read.
    - ``enable_instance_password``: Nova's ``[api]enable_instance_password``;
      ``False`` leaves ``adminPass`` out of :mod:`bootreq.http`'s 202 answer.
    - ``base64_cve_2026_3446_fixed``: the cloud's Nova runs on a Python with
      the CVE-2026-3446 base64 fix (gh-145264; CPython 3.13.13+, 3.14.4+ or
      a distribution's patched build), whose decoder no longer ignores data
      after padding: ``user_data`` and personality ``contents`` such as
      ``"YWJjYQ==YWJj"`` are then invalid. ``False`` (the default) answers as
      the reference, Nova 34.0.0 on CPython 3.11.7, on every Python.
    - ``release``: answer as this Nova release: a version (``"31.3.1"``), a
      series (``"2025.1"``, its newest point release bootreq covers) or a code
      name (``"epoxy"``); ``None`` is 34.0.0. Its maximum microversion is the
      maximum (``max_microversion`` may lower it), and its schemas, rules and
      messages apply (:mod:`bootreq.release_rules`).
    - ``cloud``: what Nova's services answer (:class:`bootreq.cloud.Cloud`:
      images found or not, key pairs, instance quotas); ``None`` knows
      nothing and skips the rules that need it.
    """

    default_schedule_zone: str | None = None
    default_availability_zone: str = "nova"
    max_microversion: Microversion | None = attrs.field(
        default=None, converter=_microversion_or_none
    )
    authorize: Callable[[str, Mapping[str, object]], bool] | None = None
    flavor_exists: Callable[[str], bool] | None = None
    host_availability_zone: Callable[[str], str | None] | None = None
    max_body_bytes: int = 114688
    compute_checks: bool = True
    # Context for the compute checks (the classes above): unknown facts skip
    # the rules that need them; limits and deployment default to Nova's.
    flavor: Flavor | None = None
    image: Image | None = None
    limits: Limits = attrs.field(factory=Limits)
    deployment: Deployment = attrs.field(factory=Deployment)
    # Nova's [api]enable_instance_password: False leaves adminPass out of the
    # 202 server document (bootreq.http); parse() is unaffected.
    enable_instance_password: bool = True
    # The Python the cloud's Nova runs on: CPython's CVE-2026-3446 base64 fix.
    base64_cve_2026_3446_fixed: bool = False
    release: str | None = attrs.field(default=None, validator=_known_release)
    # What Nova's services answer (bootreq.cloud); None: nothing known.
    cloud: Cloud | None = None
