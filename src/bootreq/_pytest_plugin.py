"""bootreq's pytest plugin: the ``fake_nova`` fixture.

Installed with bootreq (entry point ``pytest11``), so any test can ask for
it::

    def test_my_provisioner_boots_a_server(fake_nova):
        my_tool.create_vm(compute_url=fake_nova.compute_url)
        [request] = fake_nova.build_requests
        assert request.flavor_id == "m1.small"

``fake_nova`` is a running :class:`bootreq.testing.FakeNova` on a free
loopback port, fresh for each test. ``fake_nova_options`` (override it in a
conftest) hands it :class:`bootreq.Options`, e.g. an older release's
``max_microversion``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bootreq import Options
from bootreq.testing import FakeNova

__all__ = ["fake_nova", "fake_nova_options"]


def __dir__() -> list[str]:
    return __all__


@pytest.fixture
def fake_nova_options() -> Options | None:
    """The :class:`bootreq.Options` the ``fake_nova`` fixture answers with (Nova's defaults)."""
    return None


@pytest.fixture
def fake_nova(fake_nova_options: Options | None) -> Iterator[FakeNova]:
    """A fake Nova 34.0.0 compute API on a free 127.0.0.1 port, stopped after the test."""
    with FakeNova(options=fake_nova_options) as nova:
        yield nova
