"""Nova releases and the newest compute API microversion each one serves.

Emulate a given cloud with ``Options(max_microversion=max_microversion("2024.1"))``
(or ``bootreq check --release 2024.1``): newer microversions then get the
406 that release's Nova answers.

Source: the "Maximum in ..." headings of Nova 34.0.0's own version history,
``nova/api/openstack/compute/rest_api_version_history.rst`` (in the 34.0.0
wheel). Every (release, maximum) pair below is copied from those headings;
the test suite re-reads the file when a Nova installation is at hand.

What the history does not say, and is therefore *not* in this table: the Nova
package version of each release. The one tie this module relies on, Nova
34.0.0 being 2026.2 Hibiscus, follows from the same file: 34.0.0's maximum is
2.104 (``_MAX_API_VERSION`` in its ``api_version_request.py``) and the
history names 2.104 as the maximum in 2026.2 Hibiscus. Releases sharing a
maximum (Ussuri and Victoria, 2.87; Xena and Yoga, 2.90; 2023.1 and 2023.2,
2.95; 2024.1 and 2024.2, 2.96; 2025.1 and 2025.2, 2.100) are listed so in the
history. Releases before Kilo had no microversions (2.1 itself appeared in
Kilo) and are not listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from bootreq.microversion import Microversion

__all__ = ["RELEASES", "Release", "UnknownRelease", "find_release", "max_microversion"]


def __dir__() -> list[str]:
    return __all__


class UnknownRelease(LookupError):
    """No Nova release of that name."""


@attrs.frozen
class Release:
    """One OpenStack release: its names and its Nova's newest microversion.

    ``name`` is the release identifier (``"2024.1"``; the series name for
    releases before 2023, e.g. ``"zed"``), ``codename`` its name (``"Caracal"``).
    """

    name: str
    codename: str
    max_microversion: Microversion

    def __str__(self) -> str:
        if self.name.lower() == self.codename.lower():
            return self.codename
        return f"{self.name} {self.codename}"


def _release(name: str, codename: str, minor: int) -> Release:
    return Release(name, codename, Microversion(2, minor))


#: Every release with microversions, oldest first.
RELEASES: tuple[Release, ...] = (
    _release("kilo", "Kilo", 3),
    _release("liberty", "Liberty", 12),
    _release("mitaka", "Mitaka", 25),
    _release("newton", "Newton", 38),
    _release("ocata", "Ocata", 42),
    _release("pike", "Pike", 53),
    _release("queens", "Queens", 60),
    _release("rocky", "Rocky", 65),
    _release("stein", "Stein", 72),
    _release("train", "Train", 79),
    _release("ussuri", "Ussuri", 87),
    _release("victoria", "Victoria", 87),
    _release("wallaby", "Wallaby", 88),
    _release("xena", "Xena", 90),
    _release("yoga", "Yoga", 90),
    _release("zed", "Zed", 93),
    _release("2023.1", "Antelope", 95),
    _release("2023.2", "Bobcat", 95),
    _release("2024.1", "Caracal", 96),
    _release("2024.2", "Dalmatian", 96),
    _release("2025.1", "Epoxy", 100),
    _release("2025.2", "Flamingo", 100),
    _release("2026.1", "Gazpacho", 103),
    _release("2026.2", "Hibiscus", 104),
)

_BY_NAME: Mapping[str, Release] = MappingProxyType(
    {
        key: release
        for release in RELEASES
        for key in (release.name.lower(), release.codename.lower(), str(release).lower())
    }
)


def find_release(name: str) -> Release:
    """The release called ``name``: ``"2024.1"``, ``"caracal"`` or ``"2024.1 Caracal"``.

    Case-insensitive. Raises :class:`UnknownRelease` (a ``LookupError``)
    naming the known releases otherwise.
    """
    release = _BY_NAME.get(" ".join(str(name).split()).lower())
    if release is None:
        known = ", ".join(release.name for release in RELEASES)
        raise UnknownRelease(f"unknown Nova release {name!r}; known: {known}")
    return release


def max_microversion(release: str) -> Microversion:
    """The newest microversion of ``release``'s Nova, for ``Options.max_microversion``."""
    return find_release(release).max_microversion
