#!/usr/bin/env python3
"""Run bootreq with its compute checks over compute-oracle cases.

    python tools/bootreq_verdict_compute.py CASES.jsonl -o OUT.jsonl
    python tools/bootreq_verdict_compute.py CASES.jsonl -o OUT.jsonl \
        --from-api API_VERDICTS.jsonl

Writes verdicts in the compute oracle's shape (``status``, ``fault``,
``message``, ``policies``, ``kwargs``, ``compute``) so that
``shared/oracle/compute/compare_compute.py`` grades them.

The oracle's knobs split in two. Those describing facts a caller can know
and bootreq models (the flavor, the boot image's metadata, quota *limits*
on metadata and personality, ``[DEFAULT]``/``[glance]`` options, the
available zones) are mapped to :class:`bootreq.Options`. Every other knob
describes another service's answer (missing volumes, ports in use, quota
usage, key pairs, ...) or a check bootreq does not make (flavor extra specs
and image hardware properties): such a case gets ``{"status": null,
"skip": reason}``, decided from the case's knobs only.

``--from-api`` takes the API layer's answer from the oracle's API-layer
verdicts (``nova_verdict_compute.py --layer api``) instead of
``bootreq.parse``: it grades the compute layer alone.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
import traceback
from typing import Any

from bootreq._frozen import freeze
from bootreq.cloud import (
    Cloud,
    Deployment,
    DeviceProfile,
    Flavor,
    Image,
    KeyPair,
    Limits,
    Quota,
    Quotas,
)
from bootreq.compute import check
from bootreq.errors import HttpError
from bootreq.microversion import Microversion
from bootreq.model import BlockDeviceMapping, BuildRequest, NetworkRequest
from bootreq.options import Options

# The oracle's defaults (shared/oracle/compute/README.md, "Case knobs").
DEFAULT_FLAVOR = {"id": 1, "vcpus": 1, "memory_mb": 512, "root_gb": 1, "ephemeral_gb": 0,
                  "swap": 0, "disabled": False, "name": "oracle", "extra_specs": {}}
DEFAULT_IMAGE = {"name": "cirros-0.6.2-x86_64-disk", "status": "active", "size": 21430272,
                 "min_disk": 0, "min_ram": 0, "disk_format": "qcow2",
                 "container_format": "bare"}
DEFAULT_VOLUME = {"size": 10, "bootable": True, "volume_image_metadata": {
    "image_id": "70a599e0-31e7-49b7-b260-868f441e862b",
    "image_name": "cirros-0.6.2-x86_64-disk", "min_disk": "0", "min_ram": "0",
    "size": "21430272", "disk_format": "qcow2", "container_format": "bare",
    "checksum": "c8fc807773e5354afe61636071771906"}}
VIM_ATTRIBUTES = ("image_id", "image_name", "size", "checksum", "container_format",
                  "disk_format", "min_ram", "min_disk")

# Knobs bootreq's context expresses, or that the API layer's options cover,
# by the service whose answer they state (each area maps its own below).
API_KNOBS = {"layer", "flavor", "image", "quotas", "max_local_block_devices",
             "default_ephemeral_format", "verify_glance_signatures",
             "enable_certificate_validation", "default_trusted_certificate_ids",
             "availability_zones", "disabled_availability_zones", "internal_services",
             "default_schedule_zone", "default_availability_zone", "host_az",
             "deny_policies", "missing_flavors", "flavor_exists"}
GLANCE_KNOBS = {"images", "missing_images"}
CINDER_KNOBS: set[str] = set()
NEUTRON_KNOBS: set[str] = set()
NOVA_DB_KNOBS = {"keypairs", "missing_keypairs", "usage"}
HARDWARE_KNOBS = {"min_compute_version"}
CYBORG_KNOBS = {"missing_device_profiles"}
MAPPED = (API_KNOBS | GLANCE_KNOBS | CINDER_KNOBS | NEUTRON_KNOBS | NOVA_DB_KNOBS
          | HARDWARE_KNOBS | CYBORG_KNOBS)
LIMIT_QUOTAS = {"metadata_items", "injected_files", "injected_file_path_length",
                "injected_file_content_bytes"}
# Image properties bootreq reads; any other property may feed Nova's typed
# image metadata / hardware checks, which bootreq does not reproduce.
IMAGE_PROPS = {"auto_disk_config", "root_device_name", "mappings", "block_device_mapping",
               "bdm_v2", "cinder_encryption_key_id", "os_type", "architecture", "vm_mode",
               "os_distro", "kernel_id", "ramdisk_id"}
DEFAULT_QUOTA = {"instances": 10, "cores": 20, "ram": 51200}
INSTANCE_QUOTAS = set(DEFAULT_QUOTA)


def skip_reason(case: dict[str, Any], api: dict[str, Any] | None) -> str | None:
    knobs = case.get("options") or {}
    for key in knobs:
        if key not in MAPPED:
            return "service knob " + key
    for key in knobs.get("quotas") or {}:
        if key not in LIMIT_QUOTAS and key not in INSTANCE_QUOTAS:
            return "quota usage-dependent: " + key
    for key in knobs.get("usage") or {}:
        if key not in INSTANCE_QUOTAS:
            return "quota usage-dependent: " + key
    flavor = {**DEFAULT_FLAVOR, **(knobs.get("flavor") or {})}
    image = knobs.get("image", {})
    if image is None or (isinstance(image, dict) and image.get("missing")):
        image = {}
    props = (image or {}).get("properties") or {}
    href = ((api or {}).get("kwargs") or {}).get("image_href")
    if href:  # the boot image's own record (the images knob may override it)
        props = _image_record(knobs, href).get("properties") or {}
    reason = _hardware_skip(flavor.get("extra_specs") or {}, props, knobs)
    if reason:
        return reason
    if props.get("kernel_id") or props.get("ramdisk_id"):
        return "kernel/ramdisk lookups (service)"
    images = knobs.get("images") or {}
    body = case.get("body")
    server = body.get("server") if isinstance(body, dict) else None
    if isinstance(server, dict):
        hints = server.get("os:scheduler_hints") or (body or {}).get("os:scheduler_hints")
        if isinstance(hints, dict) and hints.get("group"):
            return "server group lookup (service)"
        if server.get("key_name") is not None and server.get("key_name") != "ssh":
            pass  # every key pair exists by default
    if api is not None and api.get("kwargs"):
        kw = api["kwargs"]
        # Only the imageRef lookup is modelled (Options.cloud.images).
        if any(bdm.get("image_id") and _image_missing(knobs, bdm["image_id"])
               for bdm in kw.get("block_device_mapping") or []):
            return "image lookup fails (service): block device image"
        if not kw.get("image_href") and _image_missing(knobs, None):
            return "image lookup fails (service): boot from volume"
        if isinstance(kw.get("scheduler_hints"), dict) and kw["scheduler_hints"].get("group"):
            return "server group lookup (service)"
        if _needs_image(kw) and images and kw.get("image_href") in images:
            pass
    return None


# Where Nova answers 500 (bootreq leaves the check undecided) or what bootreq
# does not model: such cases are not graded.


def _hardware_skip(specs: dict[str, Any], props: dict[str, Any],
                   knobs: dict[str, Any]) -> str | None:
    for key, value in props.items():
        if not isinstance(value, str) and key not in ("mappings", "block_device_mapping"):
            return f"image property {key} is not a string (glance stores strings)"
    if "pci.alias" in (knobs.get("conf") or {}):
        return "[pci] alias configured (not mapped)"
    mappings = props.get("mappings")
    if isinstance(mappings, str):
        try:
            mappings = json.loads(mappings)
        except ValueError:
            pass
    if mappings is not None and not (isinstance(mappings, list) and all(
            isinstance(m, dict) and "virtual" in m for m in mappings)):
        return "image mappings malformed (Nova's 500)"
    return None


def _image_missing(knobs: dict[str, Any], image_id: str | None) -> bool:
    """Whether the oracle's glance fails the lookup of ``image_id`` (None: any)."""
    image = knobs.get("image", {})
    if image is None or (isinstance(image, dict) and image.get("missing")):
        return True
    images = knobs.get("images") or {}
    missing = {str(i) for i in knobs.get("missing_images") or ()}
    if image_id is None:
        return bool(missing) or any(v is None for v in images.values())
    return image_id in missing or (image_id in images and images[image_id] is None)


def cloud_for(case: dict[str, Any], kw: dict[str, Any]) -> Cloud:
    """The oracle's knobs as Options.cloud: only the facts this request asks for."""
    knobs = case.get("options") or {}
    return Cloud(**glance_facts(knobs, kw), **cinder_facts(knobs, kw),
                 **neutron_facts(knobs, kw), **nova_db_facts(knobs, kw),
                 **cyborg_facts(knobs, kw))


# --- glance -------------------------------------------------------------------


def glance_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    images: dict[str, Image | None] = {}
    if kw.get("image_href") and _image_missing(knobs, kw["image_href"]):
        images[kw["image_href"]] = None
    return {"images": images}


# --- cinder -------------------------------------------------------------------


def cinder_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    return {}


# --- neutron ------------------------------------------------------------------


def neutron_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    return {}


# --- nova's databases ---------------------------------------------------------


def nova_db_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    keypairs: dict[str, KeyPair | None] = {}
    name = kw.get("key_name")
    if name is not None:
        known = knobs.get("keypairs")
        gone = name in (knobs.get("missing_keypairs") or ()) or (
            known is not None and name not in known)
        rec = (known or {}).get(name) or {}
        keypairs[name] = None if gone else KeyPair(
            public_key=rec.get("public_key", ""), type=rec.get("type", "ssh"))
    limits = {**DEFAULT_QUOTA, **{k: v for k, v in (knobs.get("quotas") or {}).items()
                                 if k in INSTANCE_QUOTAS}}
    usage = knobs.get("usage") or {}
    quotas = Quotas(**{r: Quota(limit=limits[r], in_use=usage.get(r, 0)) for r in limits})
    # 74: Nova 34.0.0's SERVICE_VERSION, the oracle's default.
    return {"keypairs": keypairs, "quotas": quotas,
            "min_compute_version": knobs.get("min_compute_version", 74)}


# --- cyborg -------------------------------------------------------------------


def cyborg_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    missing = knobs.get("missing_device_profiles") or ()
    if isinstance(missing, str):
        missing = [missing]
    profiles: dict[str, DeviceProfile | None] = {str(name): None for name in missing}
    # The oracle's [pci] alias is Nova's default: no aliases.
    return {"device_profiles": profiles, "pci_aliases": frozenset()}


def _needs_image(kw: dict[str, Any]) -> bool:
    return bool(kw.get("image_href"))


def _image_record(knobs: dict[str, Any], image_id: str) -> dict[str, Any]:
    images = knobs.get("images") or {}
    over = images.get(image_id) if image_id in images else knobs.get("image") or {}
    rec = {**DEFAULT_IMAGE, **(over or {})}
    rec.setdefault("id", image_id)
    return rec


def boot_image(case: dict[str, Any], kw: dict[str, Any]) -> Image | None:
    """The boot metadata Nova would get: the image, or the boot volume's."""
    knobs = case.get("options") or {}
    if kw.get("image_href"):
        rec = _image_record(knobs, kw["image_href"])
        return _image(rec, rec.get("id"))
    bdms = kw.get("block_device_mapping") or []
    legacy = kw.get("legacy_bdm", True)
    for bdm in bdms:
        if legacy:
            # nova.block_device.get_device_letter
            name = re.sub(r"^/dev/", "", str(bdm.get("device_name") or ""))
            letter = re.sub(r"\d+", "", re.sub(r"^((x?v|s|h)d)", "", name))
            if letter != "a":
                continue
        elif bdm.get("boot_index") != 0:
            continue
        if bdm.get("image_id"):
            rec = _image_record(knobs, bdm["image_id"])
            return _image(rec, rec.get("id"))
        if bdm.get("volume_id") or bdm.get("snapshot_id"):
            vim = dict(DEFAULT_VOLUME["volume_image_metadata"])
            props = dict(vim)
            out: dict[str, Any] = {"properties": props,
                                   "size": DEFAULT_VOLUME["size"] * 1024**3}
            for attr in VIM_ATTRIBUTES:
                val = props.pop(attr, None)
                if attr in ("min_ram", "min_disk"):
                    out[attr] = int(val or 0)
            return Image(id=None, status="active", size=out["size"],
                         min_disk=out["min_disk"], min_ram=out["min_ram"],
                         properties=props)
    return None


def _image(rec: dict[str, Any], image_id: str | None) -> Image:
    return Image(id=image_id, status=rec.get("status", "active"), size=int(rec.get("size") or 0),
                 min_disk=int(rec.get("min_disk") or 0), min_ram=int(rec.get("min_ram") or 0),
                 name=rec.get("name"), disk_format=rec.get("disk_format"),
                 container_format=rec.get("container_format"),
                 properties=rec.get("properties") or {})


def context_options(case: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    knobs = case.get("options") or {}
    f = {**DEFAULT_FLAVOR, **(knobs.get("flavor") or {})}
    flavor = Flavor(id=f.get("id"), vcpus=f["vcpus"], memory_mb=f["memory_mb"],
                    root_gb=f["root_gb"], ephemeral_gb=f["ephemeral_gb"], swap=f["swap"],
                    disabled=bool(f["disabled"]), name=f.get("name"),
                    extra_specs=f.get("extra_specs") or {})
    q = knobs.get("quotas") or {}
    limits = Limits(**{k: v for k, v in q.items() if k in LIMIT_QUOTAS})
    zones = set(knobs["availability_zones"] if "availability_zones" in knobs
                else [knobs.get("default_availability_zone", "nova")])
    if knobs.get("internal_services", True):
        zones.add("internal")
    certs = knobs.get("default_trusted_certificate_ids") or ()
    if isinstance(certs, str):
        certs = [c for c in certs.split(",") if c]
    deployment = Deployment(
        max_local_block_devices=knobs.get("max_local_block_devices", 3),
        default_ephemeral_format=knobs.get("default_ephemeral_format"),
        verify_glance_signatures=bool(knobs.get("verify_glance_signatures")),
        enable_certificate_validation=bool(knobs.get("enable_certificate_validation")),
        default_trusted_certificate_ids=tuple(certs),
        available_zones=frozenset(zones),
    )
    return {"flavor": flavor, "image": boot_image(case, kw), "limits": limits,
            "deployment": deployment, "cloud": cloud_for(case, kw)}


def api_options(case: dict[str, Any]) -> dict[str, Any]:
    knobs = case.get("options") or {}
    kw: dict[str, Any] = {}
    deny = set(knobs.get("deny_policies") or ())
    if deny:
        kw["authorize"] = lambda rule, target, _deny=deny: rule not in _deny
    for key in ("default_schedule_zone", "default_availability_zone"):
        if key in knobs:
            kw[key] = knobs[key]
    gone = {str(m) for m in knobs.get("missing_flavors") or ()}
    if gone:
        kw["flavor_exists"] = lambda fid, _gone=gone: str(fid) not in _gone
    host_az = knobs.get("host_az")
    if host_az:
        kw["host_availability_zone"] = lambda host, _m=dict(host_az): _m.get(host)
    return kw


def request_from_kwargs(api: dict[str, Any], mv: str | None) -> BuildRequest:
    """The API layer's answer rebuilt from the oracle's kwargs capture."""
    kw = api["kwargs"]
    version = Microversion(2, 1) if mv is None else Microversion.parse(mv)
    bdms = kw.get("block_device_mapping")
    legacy = kw.get("legacy_bdm")
    typed = None
    if bdms is not None:
        if legacy:
            typed = tuple(BlockDeviceMapping(legacy=True, request_fields=freeze(b)) for b in bdms)
        else:
            typed = tuple(BlockDeviceMapping(**{k: freeze(v) for k, v in b.items()})
                          for b in bdms)
    nets = kw.get("requested_networks")
    if isinstance(nets, list):
        nets = tuple(NetworkRequest(**n) for n in nets)
    return BuildRequest(
        microversion=version, name=kw["display_name"],
        description=kw.get("display_description"), hostname=kw.get("hostname"),
        flavor_id=api.get("flavor_id") or "", image_ref=kw.get("image_href") or "",
        admin_password=None, metadata=freeze(kw.get("metadata") or {}),
        user_data=kw.get("user_data"), key_name=kw.get("key_name"),
        config_drive=kw.get("config_drive"),
        security_groups=(None if kw.get("security_groups") is None
                         else tuple(kw["security_groups"])),
        scheduler_hints=freeze(kw.get("scheduler_hints") or {}),
        min_count=kw["min_count"], max_count=kw["max_count"],
        return_reservation_id=bool(api.get("reservation_id_response")),
        availability_zone=kw.get("availability_zone"), forced_host=kw.get("forced_host"),
        forced_node=kw.get("forced_node"), requested_host=kw.get("requested_host"),
        requested_hypervisor_hostname=kw.get("requested_hypervisor_hostname"),
        tags=None if kw.get("tags") is None else tuple(kw["tags"]),
        trusted_certs=None if kw.get("trusted_certs") is None else tuple(kw["trusted_certs"]),
        access_ip_v4=kw.get("access_ip_v4"), access_ip_v6=kw.get("access_ip_v6"),
        auto_disk_config=kw.get("auto_disk_config"),
        injected_files=tuple((p, c) for p, c in kw.get("injected_files") or ()),
        block_device_mappings=typed, legacy_bdm=legacy, requested_networks=nets,
        supports_multiattach=kw["supports_multiattach"],
        supports_port_resource_request=kw["supports_port_resource_request"],
        policies=tuple(api.get("policies") or ()),
    )


# Values Nova generates or other services answer: the oracle's deterministic
# stand-ins (like "<generated>" for the admin password), filled in here so that
# the request-derived rest of the capture can be graded field by field.
RESERVATION_ID = "r-oracle00"
INSTANCE_UUIDS = ["aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"] + [
    f"aaaaaaaa-aaaa-4aaa-8aaa-{i:012d}" for i in range(2, 10000)]
ATTACHMENT_MARK = "<attachment>"


def _networks_capture(nets: Any) -> Any:
    if isinstance(nets, str):
        return [{"address": None, "network_id": nets, "port_id": None, "tag": None}]
    return nets


def _image_capture(image: Image) -> dict[str, Any]:
    img = {k: getattr(image, k) for k in ("id", "status", "size", "min_disk", "min_ram",
                                           "disk_format", "container_format", "name")
           if getattr(image, k) is not None}
    props = _plain(image.properties)
    # nova.block_device.mappings_prepend_dev edits the image's own mappings.
    for m in props.get("mappings") or []:
        if isinstance(m, dict) and isinstance(m.get("device"), str) and (
                m.get("virtual") == "swap" or re.match(r"^ephemeral(\d|[1-9]\d+)$",
                                                       str(m.get("virtual")))) and (
                not m["device"].startswith("/")):
            m["device"] = "/dev/" + m["device"]
    img["properties"] = props
    return img


def capture(req: BuildRequest, opts: Options, kw: dict[str, Any],
            empty_boot_meta: bool) -> dict[str, Any] | None:
    comp = req.compute
    if comp is None:
        return None
    image = opts.image
    flavor = opts.flavor
    bdms = []
    for b in comp.block_device_mappings:
        d = _plain(b)
        # cinder's answers (service facts): the default volume / snapshot size.
        if d.get("volume_id") is not None and d.get("image_id") is None:
            d["volume_size"] = 10
            d["attachment_id"] = ATTACHMENT_MARK
        elif d.get("snapshot_id") is not None and d.get("image_id") is None:
            d["volume_size"] = d.get("volume_size") or 10
        bdms.append(d)
    sgs = sorted(s if s == "default" or _is_uuid(s) else f"<sg:{s}>"
                 for s in comp.security_groups)
    auto_disk = comp.auto_disk_config
    if auto_disk is None and empty_boot_meta:
        auto_disk = False  # bool_from_string(None) on Nova's empty boot metadata
    instances = []
    for i, (display, hostname) in enumerate(comp.instance_names):
        instances.append({
            "uuid": INSTANCE_UUIDS[i], "reservation_id": RESERVATION_ID,
            "display_name": display, "hostname": hostname, "launch_index": i,
            "display_description": req.description,
            "config_drive": str(comp.config_drive), "auto_disk_config": auto_disk,
            "key_name": req.key_name, "root_device_name": comp.root_device_name,
            "image_ref": req.image_ref, "user_data": req.user_data,
            "kernel_id": "", "ramdisk_id": "",
            "metadata": _plain(req.metadata), "access_ip_v4": req.access_ip_v4,
            "access_ip_v6": req.access_ip_v6, "locked": False,
            "availability_zone": req.availability_zone,
            "memory_mb": flavor.memory_mb if flavor else None,
            "vcpus": flavor.vcpus if flavor else None,
            "root_gb": flavor.root_gb if flavor else None,
            "ephemeral_gb": flavor.ephemeral_gb if flavor else None,
            "os_type": image.properties.get("os_type") if image else None,
            "architecture": image.properties.get("architecture") if image else None,
            "vm_mode": image.properties.get("vm_mode") if image else None,
            "trusted_certs": list(req.trusted_certs) if req.trusted_certs else None,
        })
    destination = None
    if req.requested_host or req.requested_hypervisor_hostname:
        destination = {"host": req.requested_host or None,
                       "node": req.requested_hypervisor_hostname}
    return {
        "num_instances": comp.instance_names.total, "min_count": comp.min_count,
        "max_count": comp.max_count, "reservation_id": RESERVATION_ID,
        "image": {} if image is None else _image_capture(image),
        "block_device_mapping": bdms,
        "tags": list(comp.tags), "injected_files": [list(f) for f in req.injected_files],
        "requested_networks": _networks_capture(kw.get("requested_networks")),
        "key_pair": {"name": req.key_name, "type": _keypair_type(opts, req.key_name)}
        if req.key_name else None,
        "request_spec": {
            "availability_zone": req.availability_zone,
            "num_instances": comp.instance_names.total,
            "is_bfv": comp.is_bfv, "force_hosts": _plain(comp.force_hosts),
            "force_nodes": _plain(comp.force_nodes), "ignore_hosts": None,
            "scheduler_hints": _plain(comp.request_spec_hints),
            "security_groups": sgs, "flavor": req.flavor_id,
            "requested_resources": [], "pci_requests": comp.flavor_pci_requests or 0,
            "numa_topology": bool(comp.numa_topology),
            "requested_destination": destination, "instance_group": None,
            "network_metadata": None,
        },
        "instances": instances,
    }


def _keypair_type(opts: Options, name: str) -> str:
    known = opts.cloud.keypairs.get(name) if opts.cloud is not None else None
    return known.type if known is not None else "ssh"


def _is_uuid(text: str) -> bool:
    import uuid
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def verdict(case: dict[str, Any], api: dict[str, Any] | None) -> dict[str, Any]:
    cid = case["id"]
    if api is not None and api.get("status", 500) >= 300:
        # The API layer answered; compute is not reached (same as --compute-checks off).
        return {"id": cid, "status": api["status"], "fault": api.get("fault"),
                "message": api.get("message"), "policies": None, "kwargs": None,
                "compute": None}
    reason = skip_reason(case, api) if api is not None else None
    if reason:
        return {"id": cid, "status": None, "skip": reason}
    try:
        if api is not None:
            req = request_from_kwargs(api, case.get("microversion"))
            opts = Options(**api_options(case), **context_options(case, api["kwargs"]))
            result = check(req, opts)
        else:  # the full pipeline: parse() then the compute checks
            import bootreq
            body = case.get("body")
            if "raw_b64" in case:
                body = base64.b64decode(case["raw_b64"])
            pre = bootreq.parse(body, case.get("microversion"),
                                options=Options(**api_options(case), compute_checks=False))
            if isinstance(pre, HttpError):
                return {"id": cid, "status": pre.status, "fault": pre.fault,
                        "message": pre.message, "policies": None, "kwargs": None,
                        "compute": None}
            reason = skip_reason(case, {"kwargs": pre.to_nova_kwargs()})
            if reason:
                return {"id": cid, "status": None, "skip": reason}
            ctx = context_options(case, pre.to_nova_kwargs())
            opts = Options(**api_options(case), **ctx)
            result = bootreq.parse(body, case.get("microversion"), options=opts)
    except Exception as exc:  # a raise is itself a finding
        return {"id": cid, "status": -1, "fault": "raised", "message": repr(exc),
                "trace": traceback.format_exc()[-2000:]}
    if isinstance(result, HttpError):
        return {"id": cid, "status": result.status, "fault": result.fault,
                "message": result.message, "policies": None, "kwargs": None,
                "compute": None}
    if result.compute is not None and opts.flavor is not None and (
            result.compute.numa_topology is None):
        # bootreq left a hardware check to Nova (its 500, or not modelled).
        return {"id": cid, "status": None, "skip": "hardware checks undecided"}
    kw = result.to_nova_kwargs()
    kw = _plain(kw)
    if isinstance(kw.get("security_groups"), list):
        kw["security_groups"] = sorted(kw["security_groups"])
    if "admin_password" in kw and kw["admin_password"] is None:
        kw["admin_password"] = "<generated>"
    if api is not None:
        kw = api["kwargs"]
    return {"id": cid, "status": 202, "fault": None, "message": None,
            "policies": list(result.policies), "kwargs": kw,
            "flavor_id": result.flavor_id,
            "reservation_id_response": bool(result.return_reservation_id),
            "compute": capture(result, opts, kw, empty_boot_meta=opts.image is None)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("cases")
    ap.add_argument("-o", "--out", default="-")
    ap.add_argument("--from-api", help="oracle API-layer verdicts to start from")
    a = ap.parse_args()
    apis: dict[str, dict[str, Any]] = {}
    if a.from_api:
        with open(a.from_api, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    v = json.loads(line)
                    apis[v["id"]] = v
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    with open(a.cases, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                case = json.loads(line)
                v = verdict(case, apis.get(case["id"]) if a.from_api else None)
                out.write(json.dumps(v, sort_keys=True, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
