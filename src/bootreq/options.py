"""The inputs of a parse: Options, and the limits every parse has.

:class:`Options` carries Nova's configuration and the deployment's answers
(policy decisions, flavors, aggregates, the release), and what the caller
knows of the cloud (:mod:`bootreq.cloud`: the flavor, the image, quota
limits and usage, key pairs, ...). Every field defaults to Nova 34.0.0's
default or to "unknown": a rule whose fact is unknown is skipped, never
guessed. The rule table in :mod:`bootreq.compute` names, for every rule,
which facts it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from bootreq.cloud import Cloud, Deployment, Flavor, Image, Limits
from bootreq.microversion import MAX_VERSION, MIN_VERSION, Microversion
from bootreq.release_rules import behaviour_for

__all__ = ["MAX_DEPTH", "Options"]


def __dir__() -> list[str]:
    return __all__


#: Deepest JSON nesting bootreq decodes (not an option: every parse has it).
#: Nova crashes (500) somewhere past ~930 levels, depending on its stack;
#: bootreq answers 400 past this depth, in every process alike.
MAX_DEPTH = 500


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
      image (:mod:`bootreq.cloud`); ``None`` skips the checks needing them
      (an ``image`` of ``None`` is taken from ``cloud`` where it states it:
      the ``imageRef``'s image, or the boot volume's image metadata).
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
    # Context for the compute checks (bootreq.cloud): unknown facts skip
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


def with_cloud(options: Options, flavor_id: str) -> Options:
    """``options`` completed with what its cloud states for this request.

    The cloud's flavor fills an unknown ``flavor``; its ``deployment`` and
    ``limits``, when stated, replace the defaults. Called by the compute
    layer only when ``options.cloud`` is given.
    """
    cloud = options.cloud
    assert cloud is not None
    changes: dict[str, Any] = {}
    if options.flavor is None and cloud.flavors.get(flavor_id) is not None:
        changes["flavor"] = cloud.flavors[flavor_id]
    if cloud.deployment is not None:
        changes["deployment"] = cloud.deployment
    if cloud.limits is not None:
        changes["limits"] = cloud.limits
    return attrs.evolve(options, **changes) if changes else options
