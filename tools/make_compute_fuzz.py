#!/usr/bin/env python3
"""Recombine the shared compute corpus into new compute-oracle cases.

    python tools/make_compute_fuzz.py --seed 1 -n 3000 -o fuzz.jsonl \
        [--corpus /work/shared/oracle/compute/compute.jsonl]

Each case starts from a corpus case (its body and knobs) and mixes in what
other cases of *other* families carry: their knobs (merged per service:
flavor and image fields, volumes, ports, quotas, ...), and parts of their
bodies (networks, block device mappings, security groups, counts, hints,
metadata, personality, key pair, zone, 2.74 host).  Values are then re-drawn
at and around their boundaries (sizes, counts, quota limits and usage), the
microversion moved to a neighbour of a gate, and image properties / flavor
extra specs drawn from values Nova's code accepts and rejects.

Deterministic for a given ``--seed`` and corpus.  The ids are ``fz-<seed>-N``;
``meta.family`` is ``fuzz`` and ``meta.variant`` names the recipe.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from typing import Any

CORPUS = "/work/shared/oracle/compute/compute.jsonl"

# Microversions around the gates the compute layer and the schema read.
GATES = ["2.1", "2.19", "2.32", "2.36", "2.37", "2.42", "2.51", "2.52", "2.56", "2.57",
         "2.59", "2.60", "2.63", "2.66", "2.67", "2.71", "2.72", "2.73", "2.74", "2.89",
         "2.90", "2.93", "2.94", "2.95", "2.96", "2.99", "2.100", "2.101", "2.104"]

# Image properties: (name, values Nova accepts and rejects); glance stores strings.
IMAGE_PROPS: dict[str, list[str]] = {
    "hw_cpu_policy": ["dedicated", "shared", "mixed", "bogus"],
    "hw_cpu_thread_policy": ["prefer", "isolate", "require", "bogus"],
    "hw_numa_nodes": ["1", "2", "0", "-1", "two", "3"],
    "hw_cpu_sockets": ["1", "2", "0", "-1", "x"],
    "hw_cpu_cores": ["1", "2", "-1", "4"],
    "hw_cpu_threads": ["1", "2", "3"],
    "hw_mem_page_size": ["small", "large", "any", "2048", "huge", "1GB", "bogus"],
    "hw_serial_port_count": ["0", "1", "2", "-1", "x"],
    "hw_disk_bus": ["virtio", "scsi", "sata", "ide", "usb", "floppy", "floppy2"],
    "hw_vif_model": ["virtio", "e1000", "bogus", "rtl8139"],
    "hw_rng_model": ["virtio", "bogus"],
    "hw_sound_model": ["ich9", "ac97", "sb16", "bogus", "usb"],
    "hw_video_model": ["virtio", "vga", "nope", "none"],
    "hw_watchdog_action": ["pause", "reset", "bogus", "disabled"],
    "hw_firmware_type": ["uefi", "bios", "bogus"],
    "hw_machine_type": ["q35", "pc"],
    "hw_pmu": ["true", "false", "maybe"],
    "hw_pointer_model": ["usbtablet", "ps2mouse", "bogus"],
    "hw_scsi_model": ["virtio-scsi", "lsisas1068"],
    "hw_maxphysaddr_mode": ["passthrough", "emulate", "bogus"],
    "hw_maxphysaddr_bits": ["42", "0", "x"],
    "hw_vif_multiqueue_enabled": ["true", "false", "perhaps"],
    "hw_boot_menu": ["true", "bogus"],
    "hw_architecture": ["x86_64", "aarch64", "bogus"],
    "hw_emulation_architecture": ["aarch64", "bogus"],
    "hw_cpu_max_sockets": ["1", "2"],
    "hw_locked_memory": ["true", "false", "x"],
    "hw_mem_encryption": ["true", "false", "x"],
    "hw_time_hpet": ["true", "x"],
    "hw_tpm_model": ["tpm-tis", "tpm-crb", "bogus"],
    "hw_tpm_version": ["1.2", "2.0", "3"],
    "hw_ephemeral_encryption": ["true", "false", "x"],
    "hw_ephemeral_encryption_format": ["luks", "plain", "bogus"],
    "hw_viommu_model": ["auto", "intel", "bogus"],
    "hw_virtio_packed_ring": ["true", "x"],
    "img_config_drive": ["optional", "mandatory", "always", ""],
    "img_hide_hypervisor_id": ["true", "x"],
    "os_secure_boot": ["required", "disabled", "optional", "bogus"],
    "os_type": ["linux", "windows"],
    "os_distro": ["ubuntu", "fedora"],
    "auto_disk_config": ["true", "false", "disabled", "DISABLED", " Disabled ", "x"],
    "root_device_name": ["/dev/vda", "/dev/sda", "vda", "/dev/vdb"],
    "architecture": ["x86_64", "bogus"],
    "vm_mode": ["hvm", "xen", "bogus"],
    "hypervisor_type": ["qemu", "kvm", "bogus"],
    "hw_qemu_guest_agent": ["yes", "no", "x"],
    "trait:CUSTOM_X": ["required", "forbidden"],
    "hw_pci_numa_affinity_policy": ["required", "legacy", "bogus"],
    "hw_cpu_realtime_mask": ["^0", "0-1", "x"],
    "hw_numa_cpus.0": ["0", "0-1", "0-3", "x", "1"],
    "hw_numa_mem.0": ["256", "512", "1024", "x"],
    "hw_numa_cpus.1": ["1", "2-3"],
    "hw_numa_mem.1": ["256", "512"],
    "hw_cpu_max_cores": ["1", "2"],
    "hw_cpu_max_threads": ["1", "2"],
    "hw_vpmem": ["x"],
    "hw_input_bus": ["usb", "virtio", "bogus"],
    "hw_video_ram": ["8", "x"],
    "hw_rescue_bus": ["usb", "bogus"],
    "hw_cdrom_bus": ["ide", "sata", "bogus"],
    "hw_floppy_bus": ["fdc", "bogus"],
    "hw_mem_encryption_model": ["amd-sev", "amd-sev-es", "bogus"],
    "hw_firmware_stateless": ["true", "x"],
    "hw_ipxe_boot": ["true"],
    "img_signature_hash_method": ["SHA-256", "bogus"],
}

# Flavor extra specs: (name, values).
EXTRA_SPECS: dict[str, list[str]] = {
    "hw:cpu_policy": ["dedicated", "shared", "mixed", "bogus"],
    "hw:cpu_thread_policy": ["prefer", "isolate", "require", "bogus"],
    "hw:cpu_dedicated_mask": ["0-1", "^0", "^0-3", "0", "x"],
    "hw:numa_nodes": ["1", "2", "0", "3", "x"],
    "hw:numa_cpus.0": ["0", "0-1"],
    "hw:numa_mem.0": ["256", "512"],
    "hw:cpu_sockets": ["1", "2", "3", "x"],
    "hw:cpu_cores": ["1", "2"],
    "hw:cpu_threads": ["1", "2"],
    "hw:cpu_max_sockets": ["1", "2", "4"],
    "hw:cpu_max_cores": ["1", "4"],
    "hw:mem_page_size": ["small", "large", "any", "2048", "huge", "bogus"],
    "hw:serial_port_count": ["1", "x", "-1"],
    "hw:pmu": ["true", "false", "maybe"],
    "hw:sound_model": ["ich9", "sb16", "bogus"],
    "hw:cpu_realtime": ["yes", "no", "x"],
    "hw:cpu_realtime_mask": ["^0", "0", "x"],
    "hw:emulator_threads_policy": ["share", "isolate", "bogus"],
    "hw:mem_encryption": ["true", "false", "x"],
    "hw:locked_memory": ["true", "false"],
    "hw:watchdog_action": ["pause", "bogus"],
    "hw:boot_menu": ["true", "x"],
    "hw_rng:allowed": ["true", "false"],
    "hw:tpm_model": ["tpm-tis", "bogus"],
    "hw:tpm_version": ["2.0", "9"],
    "hw:pci_numa_affinity_policy": ["required", "bogus"],
    "hw:ephemeral_encryption": ["true", "false"],
    "hw:viommu_model": ["auto", "bogus"],
    "hw:maxphysaddr_mode": ["emulate", "passthrough"],
    "hw:maxphysaddr_bits": ["42", "x"],
    "hw:vif_multiqueue_enabled": ["true", "x"],
    "accel:device_profile": ["dp1", "dp2"],
    "pci_passthrough:alias": ["a1:1", "a1", "a1:x"],
    "resources:VGPU": ["1", "x"],
    "trait:CUSTOM_X": ["required", "bogus"],
    "quota:cpu_shares": ["1024", "x"],
    "hw_video:ram_max_mb": ["64", "x"],
    "hw:numa_cpus.1": ["1", "2-3", "x"],
    "hw:numa_mem.1": ["256", "x"],
    "hw:cpu_max_threads": ["1", "2"],
    "hw:mem_encryption_model": ["amd-sev", "bogus"],
    "hw:virtio_packed_ring": ["true", "false", "x"],
    "hw:vpmem_labels": ["4GB", ""],
    "hw:hide_hypervisor_id": ["true", "x"],
    "hw:usb_model": ["qemu-xhci", "none", "bogus"],
    "hw:redirected_usb_ports": ["2", "x"],
    "resources1:VGPU": ["1"],
    "group_policy": ["isolate", "none", "bogus"],
}

# Numeric knobs and how to re-draw them around their boundaries.
NUMERIC_FLAVOR = ["vcpus", "memory_mb", "root_gb", "ephemeral_gb", "swap"]
NUMERIC_IMAGE = ["size", "min_disk", "min_ram"]
QUOTA_KEYS = ["instances", "cores", "ram", "metadata_items", "injected_files",
              "injected_file_content_bytes", "injected_file_path_length",
              "server_group_members"]
# Body parts that may move between cases.
BODY_PARTS = ["networks", "block_device_mapping_v2", "block_device_mapping",
              "security_groups", "min_count", "max_count", "metadata", "personality",
              "key_name", "availability_zone", "host", "hypervisor_hostname", "hostname",
              "config_drive", "trusted_image_certificates", "user_data", "tags",
              "imageRef", "OS-DCF:diskConfig", "description", "return_reservation_id"]
HINT_PARTS = ["os:scheduler_hints", "OS-SCH-HNT:scheduler_hints"]
SERVICE_KNOBS_DICT = {"flavor", "image", "quotas", "user_quotas", "usage", "user_usage",
                      "volumes", "snapshots", "ports", "networks", "images",
                      "server_groups", "keypairs", "host_az", "fixed_ips_in_use"}


def load(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def around(rng: random.Random, value: Any, scale: int = 1) -> Any:
    """A value at or next to a boundary of ``value``."""
    if not isinstance(value, int) or isinstance(value, bool):
        return value
    choice = rng.random()
    if choice < 0.25:
        return value + scale
    if choice < 0.5:
        return max(value - scale, 0)
    if choice < 0.65:
        return value * 2
    if choice < 0.75:
        return 0
    if choice < 0.82:
        return -1
    return value


def merge_knobs(rng: random.Random, into: dict[str, Any], donor: dict[str, Any]) -> None:
    for key, value in donor.items():
        if key in ("layer",):
            continue
        if key in SERVICE_KNOBS_DICT and isinstance(value, dict) and isinstance(
                into.get(key), dict):
            merged = dict(into[key])
            for k, v in value.items():
                if k in ("properties", "extra_specs") and isinstance(v, dict) and isinstance(
                        merged.get(k), dict):
                    merged[k] = {**merged[k], **v}
                else:
                    merged[k] = v
            into[key] = merged
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = list(dict.fromkeys([*into[key], *value],)) if all(
                isinstance(x, str) for x in [*into[key], *value]) else into[key] + value
        elif key not in into or rng.random() < 0.5:
            into[key] = copy.deepcopy(value)


def mv_key(mv: str) -> tuple[int, int]:
    major, minor = mv.split(".")
    return int(major), int(minor)


def mix_body(rng: random.Random, server: dict[str, Any], donor: dict[str, Any]) -> list[str]:
    took = []
    parts = [p for p in BODY_PARTS + HINT_PARTS if p in donor]
    rng.shuffle(parts)
    for part in parts[: rng.randint(1, 3)]:
        if part in HINT_PARTS:
            continue
        server[part] = copy.deepcopy(donor[part])
        took.append(part)
    # Some parts travel together.
    if "block_device_mapping_v2" in took and "imageRef" not in took:
        if "imageRef" in donor:
            server["imageRef"] = donor["imageRef"]
        else:
            server.pop("imageRef", None)
    if "block_device_mapping_v2" in took:
        server.pop("block_device_mapping", None)
    if "block_device_mapping" in took:
        server.pop("block_device_mapping_v2", None)
    return took


def perturb(rng: random.Random, case: dict[str, Any]) -> list[str]:
    knobs = case.setdefault("options", {})
    server = case["body"]["server"]
    did = []
    r = rng.random()
    if r < 0.35:
        flavor = dict(knobs.get("flavor") or {})
        key = rng.choice(NUMERIC_FLAVOR)
        base = {"vcpus": 1, "memory_mb": 512, "root_gb": 1, "ephemeral_gb": 0, "swap": 0}
        value = flavor.get(key, base[key])
        flavor[key] = max(around(rng, value or rng.choice([1, 2, 10, 512])), 0)
        if key in ("vcpus", "memory_mb"):
            # Nova's flavor API refuses 0 (and its quota check recurses on one)
            flavor[key] = max(flavor[key], 1)
        knobs["flavor"] = flavor
        did.append("flavor." + key)
    if rng.random() < 0.3 and knobs.get("image") is not None:
        image = dict(knobs.get("image") or {})
        key = rng.choice(NUMERIC_IMAGE)
        gib = 1 << 30
        value = image.get(key, {"size": 21430272, "min_disk": 0, "min_ram": 0}[key])
        if key == "size":
            image[key] = rng.choice([value, gib, gib + 1, gib - 1, 2 * gib, 10 * gib + 1, 0])
        else:
            image[key] = max(around(rng, value or rng.choice([1, 2, 10, 512, 513])), 0)
        knobs["image"] = image
        did.append("image." + key)
    if rng.random() < 0.25:
        quotas = dict(knobs.get("quotas") or {})
        key = rng.choice(QUOTA_KEYS)
        defaults = {"instances": 10, "cores": 20, "ram": 51200, "metadata_items": 128,
                    "injected_files": 5, "injected_file_content_bytes": 10240,
                    "injected_file_path_length": 255, "server_group_members": 10}
        quotas[key] = around(rng, quotas.get(key, defaults[key]),
                             rng.choice([1, 1, 2, 512]))
        knobs["quotas"] = quotas
        did.append("quota." + key)
    if rng.random() < 0.2:
        usage = dict(knobs.get("usage") or {})
        key = rng.choice(["instances", "cores", "ram", "server_group_members"])
        usage[key] = max(around(rng, usage.get(key, rng.choice([1, 8, 9, 10, 19]))), 0)
        knobs["usage"] = usage
        did.append("usage." + key)
    if rng.random() < 0.2:
        lo = rng.choice([1, 1, 2, 3])
        hi = rng.choice([lo, lo, lo + 1, lo + 4, 10])
        server["min_count"] = lo
        server["max_count"] = hi
        did.append("counts")
    if rng.random() < 0.1:
        knobs["port_quota"] = rng.choice([-1, 0, 1, 2, 3, 5, 10])
        knobs["port_usage"] = rng.choice([0, 1, 2, 4, 9])
        did.append("port_quota")
    if rng.random() < 0.25:
        image = knobs.get("image")
        if image is not False and image is not None and not (
                isinstance(image, dict) and image.get("missing")):
            image = dict(image or {})
            props = dict(image.get("properties") or {})
            for name in rng.sample(sorted(IMAGE_PROPS), rng.randint(1, 2)):
                props[name] = rng.choice(IMAGE_PROPS[name])
            image["properties"] = props
            knobs["image"] = image
            did.append("image_props")
    if rng.random() < 0.25:
        flavor = dict(knobs.get("flavor") or {})
        specs = dict(flavor.get("extra_specs") or {})
        for name in rng.sample(sorted(EXTRA_SPECS), rng.randint(1, 2)):
            specs[name] = rng.choice(EXTRA_SPECS[name])
        flavor["extra_specs"] = specs
        if rng.random() < 0.5:
            flavor["vcpus"] = rng.choice([1, 2, 4])
        knobs["flavor"] = flavor
        did.append("extra_specs")
    if rng.random() < 0.1:
        knobs["min_compute_version"] = rng.choice([51, 52, 56, 57, 58, 60, 61, 68, 69, 74])
        did.append("min_compute_version")
    if rng.random() < 0.08:
        for vol in (knobs.get("volumes") or {}).values():
            if isinstance(vol, dict):
                vol["size"] = rng.choice([0, 1, 2, 10, 20])
                did.append("volume.size")
    if rng.random() < 0.15:
        did += mutate_volumes(rng, server, knobs)
    if rng.random() < 0.25:
        did += mutate_bdms(rng, server)
    if rng.random() < 0.1:
        did += mutate_metadata(rng, server, knobs)
    if rng.random() < 0.08:
        hints = server.setdefault("os:scheduler_hints", {}) if rng.random() < 0.8 else {}
        key, value = rng.choice(HINTS)
        hints[key] = copy.deepcopy(value)
        if key == "group":
            if rng.random() < 0.3:
                knobs["missing_server_groups"] = [value]
            else:
                knobs["server_groups"] = {value: {"policy": rng.choice(
                    ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"]),
                    "members": ["m"] * rng.choice([0, 1, 9, 10])}}
        did.append("hint." + key)
    return did


HINTS: list[tuple[str, Any]] = [
    ("group", "0c7ba9ee-1b9e-4a8b-a5c4-d4f0a5e8b1a1"),
    ("same_host", ["0c7ba9ee-1b9e-4a8b-a5c4-d4f0a5e8b1a2"]),
    ("different_host", "0c7ba9ee-1b9e-4a8b-a5c4-d4f0a5e8b1a3"),
    ("_nova_check_type", "rebuild"), ("target_cell", "cell1"), ("build_near_host_ip", "10.0.0.1"),
    ("cidr", "/24"), ("query", "[\">=\", \"$free_ram_mb\", 1024]"), ("foo", 1), ("foo", True),
    ("foo", 1.5), ("different_cell", ["c1", "c2"]),
]
VIM_PROPS = ["hw_disk_bus", "hw_cpu_policy", "hw_numa_nodes", "hw_sound_model",
             "hw_mem_page_size", "img_config_drive", "auto_disk_config", "os_type",
             "hw_serial_port_count", "hw_ephemeral_encryption", "hw_pmu",
             "cinder_encryption_key_id"]


def mutate_volumes(rng: random.Random, server: dict[str, Any], knobs: dict[str, Any]) -> list[str]:
    """Boot-volume records: status, bootability, image metadata, zones."""
    did = []
    for bdm in server.get("block_device_mapping_v2") or ():
        if not isinstance(bdm, dict) or bdm.get("source_type") != "volume" or not bdm.get("uuid"):
            continue
        vols = knobs.setdefault("volumes", {})
        vol = dict(vols.get(bdm["uuid"]) or {})
        what = rng.choice(["status", "bootable", "vim", "az", "multiattach", "size"])
        if what == "status":
            vol["status"] = rng.choice(["available", "in-use", "error", "creating",
                                        "downloading", "reserved", "maintenance"])
        elif what == "bootable":
            vol["bootable"] = rng.choice([True, False, "false", "true"])
        elif what == "vim":
            vim = dict(vol.get("volume_image_metadata") or {"image_id": bdm["uuid"]})
            name = rng.choice(VIM_PROPS)
            vim[name] = rng.choice(IMAGE_PROPS.get(name, ["k"]))
            if rng.random() < 0.3:
                vim["min_disk"] = str(rng.choice([0, 1, 10, 11, 20]))
            if rng.random() < 0.3:
                vim["min_ram"] = str(rng.choice([0, 512, 513, 4096]))
            vol["volume_image_metadata"] = vim
        elif what == "az":
            vol["availability_zone"] = rng.choice(["nova", "az2", "az3"])
            knobs.setdefault("availability_zones", ["nova", "az2", "az3"])
            if rng.random() < 0.5:
                knobs["cross_az_attach"] = False
        elif what == "multiattach":
            vol["multiattach"] = True
            vol["status"] = rng.choice(["in-use", "available"])
        else:
            vol["size"] = rng.choice([0, 1, 2, 10, 20])
        vols[bdm["uuid"]] = vol
        did.append("vol." + what)
    return did


def mutate_bdms(rng: random.Random, server: dict[str, Any]) -> list[str]:
    """One field of one v2 mapping re-drawn."""
    bdms = server.get("block_device_mapping_v2")
    if not isinstance(bdms, list) or not bdms:
        return []
    bdm = rng.choice(bdms)
    if not isinstance(bdm, dict):
        return []
    field = rng.choice(["volume_size", "boot_index", "disk_bus", "guest_format",
                        "device_type", "volume_type", "delete_on_termination", "device_name",
                        "extra"])
    if field == "volume_size":
        bdm["volume_size"] = rng.choice([0, 1, 2, 9, 10, 11, 20, 512, 1024])
    elif field == "boot_index":
        bdm["boot_index"] = rng.choice([0, 1, -1, 2, None])
    elif field == "disk_bus":
        bdm["disk_bus"] = rng.choice(["virtio", "scsi", "ide", "usb", "floppy", "sata", "lxc",
                                      "bogus"])
    elif field == "guest_format":
        bdm["guest_format"] = rng.choice(["swap", "ext4", "vfat", "bogus"])
    elif field == "device_type":
        bdm["device_type"] = rng.choice(["disk", "cdrom", "floppy", "lun"])
    elif field == "volume_type":
        bdm["volume_type"] = rng.choice(["lvmdriver-1", "gold", "silver"])
    elif field == "delete_on_termination":
        bdm["delete_on_termination"] = rng.choice([True, False])
    elif field == "device_name":
        bdm["device_name"] = rng.choice(["/dev/vda", "vda", "/dev/vdb", "/dev/sda", "hda"])
    else:
        # another mapping: blank local ephemeral / swap, or an image / snapshot
        extra = rng.choice([
            {"source_type": "blank", "destination_type": "local", "boot_index": -1,
             "volume_size": rng.choice([1, 2, 5])},
            {"source_type": "blank", "destination_type": "local", "boot_index": -1,
             "guest_format": "swap", "volume_size": rng.choice([1, 256, 512, 1024])},
            {"source_type": "blank", "destination_type": "volume", "boot_index": -1,
             "volume_size": rng.choice([1, 5])},
            {"source_type": "snapshot", "destination_type": "volume", "boot_index": -1,
             "uuid": "7b3c1a52-6a2f-4d5e-9b1c-3d2e1f0a9b8c"},
            {"source_type": "volume", "destination_type": "volume", "boot_index": -1,
             "uuid": "7b3c1a52-6a2f-4d5e-9b1c-3d2e1f0a9b8d"},
        ])
        bdms.append(extra)
    return ["bdm." + field]


def mutate_metadata(rng: random.Random, server: dict[str, Any],
                    knobs: dict[str, Any]) -> list[str]:
    """Metadata item counts around the quota."""
    limit = rng.choice([0, 1, 2, 5, 128])
    count = max(limit + rng.choice([-1, 0, 1]), 0)
    server["metadata"] = {f"k{i}": "v" for i in range(count)}
    if limit != 128:
        knobs.setdefault("quotas", {})["metadata_items"] = limit
    return [f"metadata={count}/{limit}"]


def hardware_case(rng: random.Random, by_family: dict[str, list[dict[str, Any]]],
                  idx: int, seed: int) -> dict[str, Any]:
    """A plain or boot-from-volume request under 1-4 extra specs and 0-3 image properties."""
    base = rng.choice(by_family["baseline"] + by_family["single_ok"] + by_family["validate_bdm"])
    case = {"id": f"fz-{seed}-{idx:05d}", "microversion": base.get("microversion"),
            "body": copy.deepcopy(base["body"]),
            "options": copy.deepcopy(base.get("options") or {})}
    knobs = case["options"]
    flavor = dict(knobs.get("flavor") or {})
    flavor["vcpus"] = rng.choice([1, 2, 2, 3, 4, 4, 8])
    flavor["memory_mb"] = rng.choice([512, 1024, 2048, 4096])
    flavor["extra_specs"] = {k: rng.choice(EXTRA_SPECS[k]) for k in rng.sample(
        sorted(EXTRA_SPECS), rng.randint(1, 4))}
    knobs["flavor"] = flavor
    props = {k: rng.choice(IMAGE_PROPS[k]) for k in rng.sample(
        sorted(IMAGE_PROPS), rng.randint(0, 3))}
    server = case["body"]["server"]
    if "imageRef" in server or rng.random() < 0.5:
        image = dict(knobs.get("image") or {})
        image["properties"] = {**(image.get("properties") or {}), **props}
        knobs["image"] = image
    for bdm in server.get("block_device_mapping_v2") or ():
        if bdm.get("boot_index") == 0 and bdm.get("source_type") == "volume" and bdm.get("uuid"):
            vol = dict((knobs.get("volumes") or {}).get(bdm["uuid"]) or {})
            vol["volume_image_metadata"] = {"image_id": bdm["uuid"], **props}
            knobs.setdefault("volumes", {})[bdm["uuid"]] = vol
    if rng.random() < 0.2:
        knobs["min_compute_version"] = rng.choice([51, 52, 57, 68, 69])
    if rng.random() < 0.2:
        server["min_count"] = server["max_count"] = rng.choice([1, 2])
    recipe = ["hw", *sorted(flavor["extra_specs"]), *sorted(props)]
    case["meta"] = {"family": "fuzz", "variant": "/".join(recipe), "from": base["id"]}
    return case


def make_case(rng: random.Random, pool: list[dict[str, Any]],
              by_family: dict[str, list[dict[str, Any]]], idx: int,
              seed: int, rounds: int = 1) -> dict[str, Any]:
    if rng.random() < 0.3:
        return hardware_case(rng, by_family, idx, seed)
    base = rng.choice(pool)
    case = {"id": f"fz-{seed}-{idx:05d}", "microversion": base.get("microversion"),
            "body": copy.deepcopy(base["body"]),
            "options": copy.deepcopy(base.get("options") or {})}
    recipe = [base["meta"]["family"]]
    donors = rng.randint(1, 2)
    for _ in range(donors):
        families = [f for f in by_family if f != base["meta"]["family"]]
        fam = rng.choice(families)
        donor = rng.choice(by_family[fam])
        recipe.append(fam)
        if rng.random() < 0.8:
            merge_knobs(rng, case["options"], donor.get("options") or {})
        server = case["body"].get("server")
        dserver = donor["body"].get("server") if isinstance(donor.get("body"), dict) else None
        if isinstance(server, dict) and isinstance(dserver, dict) and rng.random() < 0.6:
            took = mix_body(rng, server, dserver)
            if took:
                recipe.append("+" + ",".join(took))
            # the later microversion usually keeps the donor's gated fields valid
            if mv_key(donor["microversion"]) > mv_key(case["microversion"]) and (
                    rng.random() < 0.7):
                case["microversion"] = donor["microversion"]
    if isinstance(case["body"].get("server"), dict):
        for _ in range(rng.randint(1, rounds) if rounds > 1 else 1):
            recipe += perturb(rng, case)
    if rng.random() < 0.3:
        # a neighbour of the current microversion's gate
        mv = case["microversion"]
        keys = sorted([*GATES, mv], key=mv_key)
        i = keys.index(mv)
        case["microversion"] = keys[max(0, min(len(keys) - 1, i + rng.choice([-1, 1])))]
        recipe.append("mv")
    if not case["options"]:
        del case["options"]
    case["meta"] = {"family": "fuzz", "variant": "/".join(recipe), "from": base["id"]}
    return case


def pair_cases(by_family: dict[str, list[dict[str, Any]]], seed: int) -> list[dict[str, Any]]:
    """Every ordered pair of the ``single`` family's violations, in one request.

    Case A's body and knobs, plus B's knobs and the body fields in which B
    differs from A, at the later microversion: which violation Nova reports
    is the order between the two rules.
    """
    singles = [c for c in by_family.get("single", [])
               if isinstance(c["body"].get("server"), dict)]
    out = []
    for a in singles:
        for b in singles:
            if a is b or a["meta"].get("variant") == b["meta"].get("variant"):
                continue
            case = {"id": f"fz-{seed}-p{len(out):05d}",
                    "microversion": max(a["microversion"], b["microversion"], key=mv_key),
                    "body": copy.deepcopy(a["body"]),
                    "options": copy.deepcopy(a.get("options") or {})}
            merge_knobs(random.Random(len(out)), case["options"], b.get("options") or {})
            server, other = case["body"]["server"], b["body"]["server"]
            for key, value in other.items():
                if key not in ("name", "flavorRef") and server.get(key) != value:
                    server[key] = copy.deepcopy(value)
            if "block_device_mapping_v2" in other:
                server.pop("block_device_mapping", None)
                if "imageRef" not in other:
                    server.pop("imageRef", None)
            if "block_device_mapping" in other:
                server.pop("block_device_mapping_v2", None)
            variants = (a["meta"].get("variant"), b["meta"].get("variant"))
            case["meta"] = {"family": "fuzz", "variant": "pair/{}+{}".format(*variants),
                            "from": f"{a['id']}+{b['id']}"}
            out.append(case)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-n", type=int, default=3000)
    ap.add_argument("-o", "--out", default="-")
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--pairs", action="store_true",
                    help="instead: every ordered pair of the single family's violations")
    ap.add_argument("--rounds", type=int, default=1,
                    help="re-draw values up to this many times per case (1: one round)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    corpus = [c for c in load(args.corpus)
              if c.get("meta", {}).get("family") != "api_preempt" and "body" in c]
    by_family: dict[str, list[dict[str, Any]]] = {}
    for c in corpus:
        by_family.setdefault(c["meta"]["family"], []).append(c)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    if args.pairs:
        for case in pair_cases(by_family, args.seed):
            out.write(json.dumps(case, sort_keys=True) + "\n")
        return 0
    for i in range(args.n):
        case = make_case(rng, corpus, by_family, i, args.seed, args.rounds)
        out.write(json.dumps(case, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
