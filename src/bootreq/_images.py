"""The boot image's kernel and ramdisk: glance lookups of ``compute_api.create``.

``_handle_kernel_and_ramdisk`` takes the ``kernel_id`` and ``ramdisk_id``
properties of the boot image metadata (the API never passes its own) and
asks glance for each, failing fast when one is missing. The facts come from
``Cloud.images``: an id the cloud does not list is assumed found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bootreq._rule import Rule, refuse
from bootreq.cloud import Cloud

__all__ = ["KERNEL_OR_RAMDISK_NOT_FOUND", "kernel_and_ramdisk"]


def __dir__() -> list[str]:
    return __all__


KERNEL_OR_RAMDISK_NOT_FOUND = Rule(
    "kernel_or_ramdisk_not_found", 400,
    "Can not find requested image",
    "ImageNotFound",
    needs=("image", "cloud.images"),
    doc="glance does not find the image the boot image's kernel_id or "
    "ramdisk_id property names (kernel_id 'nokernel': neither is looked up).",
)


def kernel_and_ramdisk(cloud: Cloud | None, properties: Mapping[str, Any]) -> tuple[str, str]:
    """The instance's ``kernel_id`` and ``ramdisk_id`` (``""``: none), or raise Refused."""
    kernel_id = properties.get("kernel_id")
    ramdisk_id = properties.get("ramdisk_id")
    if kernel_id == "nokernel":
        return "", ""
    return _glance_id(cloud, kernel_id), _glance_id(cloud, ramdisk_id)


def _glance_id(cloud: Cloud | None, image_id: Any) -> str:
    """The id glance answers for ``image_id`` (the looked-up one where unknown)."""
    if image_id is None:
        return ""
    if not isinstance(image_id, str):
        return str(image_id)  # (glance properties are text; not looked up here)
    if cloud is None or image_id not in cloud.images or "/" in image_id:
        return image_id
    image = cloud.images[image_id]
    if image is None:
        raise refuse(KERNEL_OR_RAMDISK_NOT_FOUND)
    return image.id if image.id is not None else image_id
