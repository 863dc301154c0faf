#!/usr/bin/env python3
"""Run bootreq with its compute checks over compute-oracle cases.

    python tools/bootreq_verdict_compute.py CASES.jsonl -o OUT.jsonl
    python tools/bootreq_verdict_compute.py CASES.jsonl -o OUT.jsonl \
        --from-api API_VERDICTS.jsonl

Writes verdicts in the compute oracle's shape (``status``, ``fault``,
``message``, ``policies``, ``kwargs``, ``compute``) so that
``shared/oracle/compute/compare_compute.py`` grades them.

The oracle's knobs map onto bootreq's public API: facts a caller knows (the
flavor, quota *limits* on metadata and personality, ``[DEFAULT]``,
``[glance]`` and ``[cinder]`` options, the available zones) onto
:class:`bootreq.Options`, the other services' answers onto
:class:`bootreq.cloud.Cloud`, one function per service (``glance_facts``,
``cinder_facts``, ...). The oracle answers any id with a default record; the
tool states that record for every id the case names. A knob not mapped yet
(or a check bootreq does not make: flavor extra specs, image hardware
properties) gets ``{"status": null, "skip": reason}``, decided from the
case's knobs only.

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
import uuid
from types import MappingProxyType
from typing import Any

import attrs

from bootreq.cloud import (
    Cloud,
    Deployment,
    DeviceProfile,
    Flavor,
    Image,
    KeyPair,
    Limits,
    Network,
    Port,
    Quota,
    Quotas,
    Segment,
    ServerGroup,
    Snapshot,
    Volume,
    VolumeType,
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
DEFAULT_VOLUME = {"size": 10, "status": "available", "bootable": True,
                  "availability_zone": "nova", "multiattach": False,
                  "volume_type": "lvmdriver-1", "volume_image_metadata": {
                      "image_id": "70a599e0-31e7-49b7-b260-868f441e862b",
                      "image_name": "cirros-0.6.2-x86_64-disk", "min_disk": "0",
                      "min_ram": "0", "size": "21430272", "disk_format": "qcow2",
                      "container_format": "bare",
                      "checksum": "c8fc807773e5354afe61636071771906"}}
DEFAULT_SNAPSHOT = {"size": 10, "status": "available"}
VIM_ATTRIBUTES = {"image_id", "image_name", "size", "checksum", "container_format",
                  "disk_format", "min_ram", "min_disk"}
# The oracle's namespace for the ids it derives (a snapshot's volume, a type's id).
ORACLE_NS = uuid.UUID("5d1b3a4e-0c2f-4b8e-9a51-7c0e3f9d2b61")

# Knobs bootreq's context expresses, or that the API layer's options cover,
# by the service whose answer they state (each area maps its own below).
API_KNOBS = {"layer", "flavor", "image", "quotas", "max_local_block_devices",
             "default_ephemeral_format", "verify_glance_signatures",
             "enable_certificate_validation", "default_trusted_certificate_ids",
             "availability_zones", "disabled_availability_zones", "internal_services",
             "default_schedule_zone", "default_availability_zone", "host_az",
             "deny_policies", "missing_flavors", "flavor_exists"}
GLANCE_KNOBS = {"images", "missing_images"}
CINDER_KNOBS = {"volumes", "missing_volumes", "snapshots", "missing_snapshots",
                "volume_types", "cross_az_attach"}
NEUTRON_KNOBS = {"project_networks", "shared_networks", "networks", "missing_networks",
                 "ports", "missing_ports", "ports_in_use", "fixed_ips_in_use", "port_quota",
                 "port_usage", "neutron_extensions", "auto_allocate",
                 "missing_security_groups", "ambiguous_security_groups",
                 # (also the hardware checks' knob) the vNIC / QoS port checks read it
                 "min_compute_version"}
NOVA_DB_KNOBS = {"keypairs", "missing_keypairs", "usage", "user_quotas", "user_usage",
                 "server_groups", "missing_server_groups", "missing_hosts", "missing_nodes",
                 "recheck_quota", "conf",
                 # options given through conf (conf_as_knobs)
                 "internal_service_availability_zone", "enable_instance_password"}
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
DEFAULT_QUOTA = {"instances": 10, "cores": 20, "ram": 51200, "server_group_members": 10}
INSTANCE_QUOTAS = {"instances", "cores", "ram"}
# Nova's other quota resources: create() checks none of them (the oracle serves
# their rows to the quota engine, which reads only what it checks).
UNCHECKED_QUOTAS = {"key_pairs", "server_groups", "fixed_ips", "floating_ips",
                    "security_groups", "security_group_rules", "networks"}
# [DEFAULT] / [glance] / [cinder] options the oracle also takes as knobs of their own.
CONF_KNOBS = {"max_local_block_devices": "max_local_block_devices",
              "default_ephemeral_format": "default_ephemeral_format",
              "default_availability_zone": "default_availability_zone",
              "default_schedule_zone": "default_schedule_zone",
              "glance.verify_glance_signatures": "verify_glance_signatures",
              "glance.enable_certificate_validation": "enable_certificate_validation",
              "glance.default_trusted_certificate_ids": "default_trusted_certificate_ids",
              "cinder.cross_az_attach": "cross_az_attach",
              "quota.recheck_quota": "recheck_quota",
              # the zone Nova gives its internal services (conductor, scheduler)
              "internal_service_availability_zone": "internal_service_availability_zone",
              # the API layer's: adminPass in the 202 document (not graded here)
              "api.enable_instance_password": "enable_instance_password"}
# [quota] options that are the default limits (a project row of the same value
# is the same to the quota engine: the user's limit falls back to either).
QUOTA_DEFAULT_OPTIONS = {"instances", "cores", "ram", "metadata_items", "injected_files",
                         "injected_file_path_length", "injected_file_content_bytes",
                         "server_group_members", "key_pairs", "server_groups"}


def conf_as_knobs(case: dict[str, Any]) -> dict[str, Any]:
    """The case with its ``conf`` options given as the knobs they amount to.

    An option left in ``conf`` is one bootreq does not map (skipped).
    """
    knobs = dict(case.get("options") or {})
    # injected_file_path_bytes is the resource the option injected_file_path_length sets.
    for knob in ("quotas", "user_quotas"):
        rows = knobs.get(knob)
        if isinstance(rows, dict) and "injected_file_path_bytes" in rows:
            rows = dict(rows)
            rows.setdefault("injected_file_path_length", rows.pop("injected_file_path_bytes"))
            knobs[knob] = rows
    conf = knobs.get("conf")
    if not conf:
        return {**case, "options": knobs} if "options" in case else case
    quotas = dict(knobs.get("quotas") or {})
    rest = {}
    for key, value in conf.items():
        name = key[len("DEFAULT."):] if key.startswith("DEFAULT.") else key
        if name in CONF_KNOBS:
            knobs[CONF_KNOBS[name]] = value
        elif name.startswith("quota.") and name[6:] in QUOTA_DEFAULT_OPTIONS:
            quotas.setdefault(name[6:], value)
        else:
            rest[key] = value
    knobs.pop("conf")
    if rest:
        knobs["conf"] = rest
    if quotas:
        knobs["quotas"] = quotas
    return {**case, "options": knobs}


def skip_reason(case: dict[str, Any], api: dict[str, Any] | None) -> str | None:
    case = conf_as_knobs(case)
    knobs = case.get("options") or {}
    for key in knobs:
        if key not in MAPPED:
            return "service knob " + key
    for key in knobs.get("conf") or {}:
        return "conf " + key
    for key in knobs.get("quotas") or {}:
        if key not in LIMIT_QUOTAS and key not in DEFAULT_QUOTA and key not in UNCHECKED_QUOTAS:
            return "quota " + key
    for key in knobs.get("user_quotas") or {}:
        if key not in DEFAULT_QUOTA and key not in LIMIT_QUOTAS and key not in UNCHECKED_QUOTAS:
            return "user quota on " + key
    flavor = {**DEFAULT_FLAVOR, **(knobs.get("flavor") or {})}
    image = knobs.get("image", {})
    if image is None or (isinstance(image, dict) and image.get("missing")):
        image = {}
    # Every image property a boot image may carry: the images', the volumes'.
    metadata = [(image or {}).get("properties") or {}]
    metadata += [(rec or {}).get("properties") or {}
                 for rec in (knobs.get("images") or {}).values()]
    metadata += [{k: v for k, v in ((rec or {}).get("volume_image_metadata") or {}).items()
                  if k not in VIM_ATTRIBUTES} for rec in (knobs.get("volumes") or {}).values()]
    for props in metadata:
        reason = _hardware_skip(flavor.get("extra_specs") or {}, props, knobs)
        if reason:
            return reason
    body = case.get("body")
    server = body.get("server") if isinstance(body, dict) else None
    if isinstance(server, dict):
        if server.get("key_name") is not None and server.get("key_name") != "ssh":
            pass  # every key pair exists by default
    if api is not None and api.get("kwargs"):
        kw = api["kwargs"]
        hints = kw.get("scheduler_hints")
        if isinstance(hints, dict) and isinstance(hints.get("group"), list):
            # Nova's database query with a list: the oracle cannot decide it either.
            return "list-valued group hint (oracleUndecidable)"
        groups = set(kw.get("security_groups") or ())
        unusable = groups & {str(x) for x in (*_listed(knobs.get("missing_security_groups")),
                                              *_listed(knobs.get("ambiguous_security_groups")))}
        if len(unusable) > 1:
            # Nova validates list(set(names)): which one it reports depends on
            # the process's string hashing (PYTHONHASHSEED), not on the request.
            return "several unusable security groups (Nova's set order decides)"
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


def _image_missing(knobs: dict[str, Any], image_id: str) -> bool:
    """Whether the oracle's glance fails the lookup of ``image_id``."""
    images = knobs.get("images") or {}
    if image_id in images:
        return images[image_id] is None
    if image_id in {str(i) for i in knobs.get("missing_images") or ()}:
        return True
    image = knobs.get("image", {})
    return image is None or (isinstance(image, dict) and bool(image.get("missing")))


def named_ids(case: dict[str, Any], kw: dict[str, Any]) -> list[str]:
    """Every text of the request and the knobs: the ids a lookup may ask for.

    The oracle answers any id with its default record; a Cloud lists records,
    so the tool states one for each text that could be an id (stating more
    is harmless: only looked-up ids are read).
    """
    found: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value not in found:
                found[value] = None
                if value[:1] in "[{":  # glance's JSON text (block_device_mapping)
                    try:
                        walk(json.loads(value))
                    except ValueError:
                        pass
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(kw)
    walk(case.get("options") or {})
    return list(found)


def cloud_for(case: dict[str, Any], kw: dict[str, Any]) -> Cloud:
    """The oracle's knobs as Options.cloud: only the facts this request asks for."""
    knobs = {**(case.get("options") or {}), "__body__": case.get("body"),
             "__ids__": named_ids(case, kw)}
    return Cloud(**glance_facts(knobs, kw), **cinder_facts(knobs, kw),
                 **neutron_facts(knobs, kw), **nova_db_facts(knobs, kw),
                 **cyborg_facts(knobs, kw))


# --- glance -------------------------------------------------------------------


def glance_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    images: dict[str, Image | None] = {}
    for image_id in knobs["__ids__"]:
        if _image_missing(knobs, image_id):
            images[image_id] = None
        else:
            rec = _image_record(knobs, image_id)
            images[image_id] = _image(rec, rec.get("id"))
    return {"images": images}


# --- cinder -------------------------------------------------------------------


def _oracle_id(*parts: Any) -> str:
    return str(uuid.uuid5(ORACLE_NS, "/".join(str(p) for p in parts)))


def _cinder_bool(value: Any) -> bool:
    """cinder's bootable text (the oracle's bool knob as cinder spells it), read by oslo."""
    text = "true" if value is True else "false" if value is False else str(value)
    return text.strip().lower() in ("1", "t", "true", "on", "y", "yes")


def _record(knobs: dict[str, Any], kind: str, record_id: str) -> dict[str, Any] | None:
    """The oracle's record of a volume or snapshot (None: not found)."""
    records = knobs.get(kind + "s") or {}
    if record_id in records:
        return records[record_id]  # type: ignore[no-any-return]
    if record_id in {str(i) for i in knobs.get("missing_" + kind + "s") or ()}:
        return None
    return {}


def _volume(spec: dict[str, Any]) -> Volume:
    d = {**DEFAULT_VOLUME, **spec}
    return Volume(size=d["size"], status=d["status"], bootable=_cinder_bool(d["bootable"]),
                  availability_zone=d["availability_zone"],
                  multiattach=bool(d["multiattach"]), volume_type=d.get("volume_type"),
                  volume_image_metadata=d.get("volume_image_metadata"))


def _requested_volume_types(value: Any) -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "volume_type" and isinstance(item, str):
                out.append(item)
            out += _requested_volume_types(item)
    elif isinstance(value, list):
        for item in value:
            out += _requested_volume_types(item)
    return out


def cinder_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    volumes: dict[str, Volume | None] = {}
    snapshots: dict[str, Snapshot | None] = {}
    for record_id in knobs["__ids__"]:
        spec = _record(knobs, "volume", record_id)
        volumes[record_id] = None if spec is None else _volume(spec)
        snap = _record(knobs, "snapshot", record_id)
        if snap is None:
            snapshots[record_id] = None
            continue
        d = {**DEFAULT_SNAPSHOT, **snap}
        volume_id = d["volume_id"] if "volume_id" in d else _oracle_id("snapvol", record_id)
        snapshots[record_id] = Snapshot(size=d["size"], status=d["status"],
                                        volume_id=volume_id)
        if volume_id is not None and volume_id not in volumes:
            spec = _record(knobs, "volume", volume_id)
            volumes[volume_id] = None if spec is None else _volume(spec)
    names = knobs.get("volume_types")
    if names is None:  # the oracle's cinder: the default type and every one requested
        names = ["lvmdriver-1", *_requested_volume_types(knobs["__body__"])]
    types: dict[tuple[str, str], VolumeType] = {}
    for t in names:
        tid, tname = (t.get("id"), t.get("name")) if isinstance(t, dict) else (
            _oracle_id("voltype", t), t)
        types.setdefault((tid, tname), VolumeType(id=tid, name=tname))
    return {"volumes": volumes, "snapshots": snapshots, "volume_types": tuple(types.values())}


# --- neutron ------------------------------------------------------------------


# The oracle's fake neutron (shared/oracle/nova_compute_oracle.py).
ORACLE_NS = uuid.UUID("5d1b3a4e-0c2f-4b8e-9a51-7c0e3f9d2b61")
PROJECT_ID = "6a6a9c9eee154e9cb8cec487b98d36ab"
DEFAULT_NET_ID = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"
DEFAULT_SUBNET_ID = "f8a6e8f8-c2ec-497c-9f23-da9616de54ef"


# neutronclient's find_resource looks a string up by id first if it starts
# like a UUID (UUID_PATTERN, re.match), then by name.
_ID_LIKE = re.compile("-".join(f"[0-9A-Fa-f]{{{n}}}" for n in (8, 4, 4, 4, 12)))


def _oracle_id(*parts: Any) -> str:
    return str(uuid.uuid5(ORACLE_NS, "/".join(str(p) for p in parts)))


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _network(knobs: dict[str, Any], net_id: str) -> Network | None:
    specs = knobs.get("networks") or {}
    if net_id in specs:
        spec = specs[net_id]
        if spec is None:
            return None
    elif net_id in {str(x) for x in _listed(knobs.get("missing_networks"))}:
        return None
    else:
        spec = {}
    rec = {"subnets": [DEFAULT_SUBNET_ID if net_id == DEFAULT_NET_ID
                       else _oracle_id("subnet", net_id)],
           "provider:physical_network": None, "provider:network_type": "vxlan", **spec}
    return Network(subnets=tuple(rec["subnets"] or ()),
                   physical_network=rec["provider:physical_network"],
                   network_type=rec["provider:network_type"],
                   segments=tuple(Segment(physical_network=g.get("provider:physical_network"),
                                          network_type=g.get("provider:network_type"))
                                  for g in rec.get("segments") or ()))


def _port(knobs: dict[str, Any], port_id: str) -> Port | None:
    specs = knobs.get("ports") or {}
    if port_id in specs:
        spec = specs[port_id]
        if spec is None:
            return None
    elif port_id in {str(x) for x in _listed(knobs.get("missing_ports"))}:
        return None
    elif port_id in {str(x) for x in _listed(knobs.get("ports_in_use"))}:
        spec = {"device_id": _oracle_id("other-server", port_id)}
    else:
        spec = {}
    rec = {"network_id": DEFAULT_NET_ID, "device_id": "", "binding:vnic_type": "normal",
           "binding:profile": {}, "fixed_ips": [{"subnet_id": DEFAULT_SUBNET_ID,
                                                 "ip_address": "10.0.0.10"}], **spec}
    return Port(network_id=rec["network_id"], device_id=rec["device_id"] or "",
                fixed_ips=rec["fixed_ips"] or (), ip_allocation=rec.get("ip_allocation"),
                vnic_type=rec["binding:vnic_type"], binding_profile=rec["binding:profile"],
                resource_request=rec.get("resource_request"),
                device_profile=rec.get("device_profile"))


def neutron_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    """The oracle's neutron, stated for what this request names."""
    missing_groups = {str(x) for x in _listed(knobs.get("missing_security_groups"))}
    ambiguous_groups = {str(x) for x in _listed(knobs.get("ambiguous_security_groups"))}
    groups: dict[str, tuple[str, ...]] = {}
    for name in kw.get("security_groups") or ():
        if name in missing_groups:
            groups[name] = ()
        elif _ID_LIKE.match(name):  # neutronclient's find_resource_by_id
            groups[name] = (name,)
        elif name in ambiguous_groups:
            groups[name] = (_oracle_id("sg", name, 1), _oracle_id("sg", name, 2))
        else:
            groups[name] = (_oracle_id("sg", name),)
    networks: dict[str, Network | None] = {}
    ports: dict[str, Port | None] = {}
    fixed_ips: dict[str, str | None] = {}
    in_use = knobs.get("fixed_ips_in_use") or {}
    if isinstance(in_use, list):
        in_use = {ip: _oracle_id("ip-owner", ip) for ip in in_use}
    requested = kw.get("requested_networks")
    for request in requested if isinstance(requested, list) else ():
        if request.get("port_id"):
            port = ports[request["port_id"]] = _port(knobs, request["port_id"])
            if port is not None:
                networks[port.network_id] = _network(knobs, port.network_id)
        elif request.get("network_id"):
            networks[request["network_id"]] = _network(knobs, request["network_id"])
            if request.get("address"):
                fixed_ips[request["address"]] = in_use.get(request["address"])
    available = [*_listed(knobs.get("project_networks", [DEFAULT_NET_ID])),
                 *_listed(knobs.get("shared_networks"))]
    return {"security_groups": groups, "available_networks": tuple(available),
            "auto_allocate": knobs.get("auto_allocate", True) is not False,
            "networks": networks, "ports": ports, "fixed_ips": fixed_ips,
            "port_quota": Quota(limit=int(knobs.get("port_quota", -1)),
                                in_use=int(knobs.get("port_usage", 0))),
            "neutron_extensions": frozenset(_listed(knobs.get("neutron_extensions"))),
            "project_id": PROJECT_ID}


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
                                 if k in DEFAULT_QUOTA}}
    user_limits = knobs.get("user_quotas") or {}
    usage = knobs.get("usage") or {}
    # The oracle's user usage defaults to the project's (the whole dict).
    user_usage = knobs.get("user_usage") or usage
    quotas = Quotas(**{r: Quota(limit=limits[r], in_use=int(usage.get(r, 0)),
                                user_limit=user_limits.get(r),
                                user_in_use=int(user_usage.get(r, 0)))
                       for r in limits})
    groups: dict[str, ServerGroup | None] = {}
    hint = (kw.get("scheduler_hints") or {}).get("group")
    if isinstance(hint, str) and hint:
        known = knobs.get("server_groups") or {}
        missing = {str(g) for g in knobs.get("missing_server_groups") or ()}
        if hint in missing or (hint in known and known[hint] is None):
            groups[hint] = None
        else:
            rec = known.get(hint) or {}
            groups[hint] = ServerGroup(
                policy=rec.get("policy", "anti-affinity"), rules=rec.get("rules") or {},
                members=rec.get("members") or (), name=rec.get("name", "oracle-group"))
    # Every host / node exists but the missing ones: only the asked-for ones are stated.
    host, node = kw.get("requested_host"), kw.get("requested_hypervisor_hostname")
    gone_hosts = {str(h) for h in knobs.get("missing_hosts") or ()}
    gone_nodes = {str(n) for n in knobs.get("missing_nodes") or ()}
    # The user's limits on the request's content: a user row, else the project's.
    content = None
    if any(k in LIMIT_QUOTAS for k in user_limits):
        project = attrs.asdict(Limits(**{k: v for k, v in (knobs.get("quotas") or {}).items()
                                         if k in LIMIT_QUOTAS}))
        content = Limits(**{k: user_limits.get(k, v) for k, v in project.items()})
    # 74: Nova 34.0.0's SERVICE_VERSION, the oracle's default.
    return {"keypairs": keypairs, "quotas": quotas, "server_groups": groups,
            "user_limits": content,
            "hosts": {host} - gone_hosts if host else None,
            "nodes": {node} - gone_nodes if node else None,
            "min_compute_version": knobs.get("min_compute_version", 74)}


# --- cyborg -------------------------------------------------------------------


def cyborg_facts(knobs: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    missing = knobs.get("missing_device_profiles") or ()
    if isinstance(missing, str):
        missing = [missing]
    profiles: dict[str, DeviceProfile | None] = {str(name): None for name in missing}
    # The oracle's [pci] alias is Nova's default: no aliases.
    return {"device_profiles": profiles, "pci_aliases": frozenset()}


def _image_record(knobs: dict[str, Any], image_id: str) -> dict[str, Any]:
    images = knobs.get("images") or {}
    over = images.get(image_id) if image_id in images else knobs.get("image") or {}
    rec = {**DEFAULT_IMAGE, **(over or {})}
    rec.setdefault("id", image_id)
    return rec


def _image(rec: dict[str, Any], image_id: str | None) -> Image:
    return Image(id=image_id, status=rec.get("status", "active"), size=int(rec.get("size") or 0),
                 min_disk=int(rec.get("min_disk") or 0), min_ram=int(rec.get("min_ram") or 0),
                 name=rec.get("name"), disk_format=rec.get("disk_format"),
                 container_format=rec.get("container_format"),
                 properties=rec.get("properties") or {})


def context_options(case: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    case = conf_as_knobs(case)
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
        zones.add(knobs.get("internal_service_availability_zone", "internal"))
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
        cross_az_attach=bool(knobs.get("cross_az_attach", True)),
    )
    # The boot image comes from the cloud (the imageRef's, the boot volume's).
    return {"flavor": flavor, "limits": limits, "deployment": deployment,
            "cloud": cloud_for(case, kw)}


def api_options(case: dict[str, Any]) -> dict[str, Any]:
    case = conf_as_knobs(case)
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
    if "enable_instance_password" in knobs:
        kw["enable_instance_password"] = bool(knobs["enable_instance_password"])
    host_az = knobs.get("host_az")
    if host_az:
        kw["host_availability_zone"] = lambda host, _m=dict(host_az): _m.get(host)
    return kw


def freeze(value: Any) -> Any:
    """JSON made read-only as parse() hands it out (mappings as MappingProxyType, tuples)."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


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


def capture(req: BuildRequest, opts: Options, kw: dict[str, Any]) -> dict[str, Any] | None:
    comp = req.compute
    if comp is None:
        return None
    image = comp.image
    flavor = opts.flavor
    bdms = []
    for b in comp.block_device_mappings:
        d = _plain(b)
        # Nova asked cinder to reserve each volume (an attachment id cinder made).
        if d.get("volume_id") is not None and d.get("image_id") is None:
            d["attachment_id"] = ATTACHMENT_MARK
        bdms.append(d)
    sgs = sorted(s if s == "default" or _ID_LIKE.match(s) else f"<sg:{s}>"
                 for s in comp.security_groups)
    auto_disk = comp.auto_disk_config
    if auto_disk is None and image is None:
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
            "kernel_id": comp.kernel_id, "ramdisk_id": comp.ramdisk_id,
            "metadata": _plain(req.metadata), "access_ip_v4": req.access_ip_v4,
            "access_ip_v6": req.access_ip_v6, "locked": False,
            "availability_zone": comp.availability_zone,
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
            "availability_zone": comp.availability_zone,
            "num_instances": comp.instance_names.total,
            "is_bfv": comp.is_bfv, "force_hosts": _plain(comp.force_hosts),
            "force_nodes": _plain(comp.force_nodes), "ignore_hosts": None,
            "scheduler_hints": _plain(comp.request_spec_hints),
            "security_groups": sgs, "flavor": req.flavor_id,
            "requested_resources": [
                {"requester_id": g.requester_id, "resources": _plain(g.resources)}
                for g in comp.requested_resources or ()],
            "pci_requests": (comp.port_pci_requests or 0) + (comp.flavor_pci_requests or 0),
            "numa_topology": bool(comp.numa_topology),
            "requested_destination": destination,
            "instance_group": _group_capture(opts, comp.scheduler_hints.get("group")),
            "network_metadata": None if comp.network_metadata is None else {
                "physnets": sorted(comp.network_metadata.physnets or ()),
                "tunneled": comp.network_metadata.tunneled},
        },
        "instances": instances,
    }


def _group_capture(opts: Options, hint: Any) -> dict[str, Any] | None:
    group = (opts.cloud.server_groups.get(hint) if opts.cloud is not None
             and isinstance(hint, str) else None)
    return None if group is None else {"uuid": hint, "policy": group.policy}


def _keypair_type(opts: Options, name: str) -> str:
    known = opts.cloud.keypairs.get(name) if opts.cloud is not None else None
    return known.type if known is not None else "ssh"


def _plain(value: Any) -> Any:
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def verdict(case: dict[str, Any], api: dict[str, Any] | None) -> dict[str, Any]:
    cid = case["id"]
    case = conf_as_knobs(case)
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
        flavor = opts.flavor
        if (result.status == 403 and result.message.startswith("Quota exceeded for ")
                and flavor is not None and not (flavor.vcpus and flavor.memory_mb)):
            # A flavor without vCPUs or RAM (Nova's flavor API refuses one) over
            # that quota: Nova re-checks the same count without end (500
            # RecursionError) where exactly max_count fits; bootreq answers 403.
            return {"id": cid, "status": None,
                    "skip": "instance quota with a 0-vCPU / 0-RAM flavor (broken data)"}
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
            "compute": capture(result, opts, kw)}


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
