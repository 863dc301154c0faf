"""Nova's typed image metadata: which image property takes which values.

``compute_api.create`` turns the boot image's metadata into an
``ImageMeta`` object (``_get_image_meta_obj``) before any flavor/image
check; a property whose value its field refuses fails the request with
``Invalid image metadata. Error: <the field's complaint>`` (400). The table
below is Nova 34.0.0's ``ImageMetaProps.fields`` as data, in declaration
order (the order Nova sets them, so the first complaint wins), with the
legacy names Nova maps first.

Values are glance's strings. A value of another JSON type is coerced as
Nova's field does where that ends in Nova's 400; where Nova itself crashes
(a 500: ``int()`` of a list, ``.lower()`` of a number, a CPU list Nova's
parser refuses, a hypervisor version predicate) the property is left
unchecked (:data:`UNCHECKED`), never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bootreq._frozen import thaw
from bootreq._rule import Rule, refuse

__all__ = [
    "CPU_LIST_INVALID",
    "IMAGE_METADATA_INVALID",
    "PROPERTY_KINDS",
    "Unchecked",
    "check_image_metadata",
    "parse_cpu_spec",
]


def __dir__() -> list[str]:
    return __all__


IMAGE_METADATA_INVALID = Rule(
    "image_metadata_invalid", 400,
    "Invalid image metadata. Error: {error}",
    "InvalidRequest",
    needs=("image",),
    doc="An image property whose value Nova's typed image metadata refuses "
    "(an enum outside its values, an integer that does not parse, a "
    "non-list block device mapping, ...). Checked before every other "
    "flavor/image rule.",
)

CPU_LIST_INVALID = Rule(
    "cpu_list_invalid", 400, "{reason}", "Invalid",
    needs=("flavor",), nova_status=500,
    doc="A CPU list Nova's parse_cpu_spec refuses (image hw_numa_cpus.N, "
    "hw:numa_cpus.N, hw:cpu_dedicated_mask, the realtime masks), e.g. "
    "Invalid range expression '2-1'. Nova raises a bare Invalid and answers "
    "500; bootreq answers 400 with Nova's own text.",
)

_DISK_BUSES = ("fdc", "ide", "sata", "scsi", "usb", "virtio", "xen", "lxc", "uml")
_ARCHITECTURES = frozenset((
    "alpha", "armv6", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64", "lm32",
    "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el",
    "openrisc", "parisc", "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb",
    "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "x86_64",
    "xtensa", "xtensaeb"))
_ARCHITECTURE_ALIASES = {"i386": "i686", "i486": "i686", "i586": "i686",
                         "x86_32": "i686", "x86_32p": "i686", "amd64": "x86_64"}
_HV_TYPES = frozenset((
    "baremetal", "bhyve", "docker", "fake", "hyperv", "ironic", "kqemu", "kvm", "lxc",
    "lxd", "openvz", "parallels", "phyp", "qemu", "test", "uml", "vbox", "vz",
    "vmware", "xen", "zvm", "prsm"))
_VM_MODES = frozenset(("hvm", "xen", "uml", "exe"))
_VM_MODE_ALIASES = {"pv": "xen", "hv": "hvm", "baremetal": "hvm"}
_SCSI_ALIASES = {"lsilogicsas": "lsisas1068", "paravirtual": "vmpvscsi"}
_VIF_ALIASES = {"virtuale1000": "e1000", "virtuale1000e": "e1000e",
                "virtualpcnet32": "pcnet", "virtualsriovethernetcard": "sriov",
                "virtualvmxnet": "vmxnet", "virtualvmxnet3": "vmxnet3"}

# A field's kind: "str", "int", "bool" (oslo's FlexibleBoolean: anything
# goes), "uuid" (oslo only warns), a tuple of enum values, or one of the
# kinds with Nova's own coercion: "arch", "hv_type", "vm_mode", "os_type",
# "scsi_model", "vif_model" (lower-cased, legacy spellings mapped),
# "mappings" (a list of objects of strings), "version" (unchecked).
#: ImageMetaProps.fields in declaration order (Nova sets them in this order).
PROPERTY_KINDS: Mapping[str, Any] = {
    "hw_architecture": "arch",
    "hw_emulation_architecture": "arch",
    "hw_auto_disk_config": "str",
    "hw_boot_menu": "bool",
    "hw_cdrom_bus": _DISK_BUSES,
    "hw_cpu_cores": "int",
    "hw_cpu_sockets": "int",
    "hw_cpu_max_cores": "int",
    "hw_cpu_max_sockets": "int",
    "hw_cpu_max_threads": "int",
    "hw_cpu_policy": ("dedicated", "shared", "mixed"),
    "hw_cpu_thread_policy": ("prefer", "isolate", "require"),
    "hw_cpu_realtime_mask": "str",
    "hw_cpu_threads": "int",
    "hw_device_id": "int",
    "hw_disk_bus": _DISK_BUSES,
    "hw_disk_type": "str",
    "hw_floppy_bus": _DISK_BUSES,
    "hw_firmware_type": ("uefi", "bios"),
    "hw_firmware_stateless": "bool",
    "hw_input_bus": ("usb", "virtio"),
    "hw_ipxe_boot": "bool",
    "hw_locked_memory": "bool",
    "hw_machine_type": "str",
    "hw_mem_encryption": "bool",
    "hw_mem_encryption_model": ("amd-sev", "amd-sev-es", "amd-sev-snp", "intel-tdx"),
    "hw_mem_page_size": "str",
    "hw_numa_nodes": "int",
    "hw_numa_cpus": "numa_cpus",
    "hw_numa_mem": "numa_mem",
    "hw_pci_numa_affinity_policy": ("required", "legacy", "preferred", "socket"),
    "hw_pointer_model": ("usbtablet",),
    "hw_pmu": "bool",
    "hw_qemu_guest_agent": "bool",
    "hw_rescue_bus": _DISK_BUSES,
    "hw_rescue_device": ("cdrom", "disk", "floppy", "fs", "lun"),
    "hw_rng_model": ("virtio",),
    "hw_time_hpet": "bool",
    "hw_serial_port_count": "int",
    "hw_scsi_model": "scsi_model",
    "hw_video_model": ("cirrus", "qxl", "vga", "vmvga", "xen", "virtio", "gop", "none",
                       "bochs"),
    "hw_video_ram": "int",
    "hw_vif_model": "vif_model",
    "hw_viommu_model": ("intel", "smmuv3", "virtio", "auto"),
    "hw_vm_mode": "vm_mode",
    "hw_watchdog_action": ("none", "pause", "poweroff", "reset", "disabled"),
    "hw_vif_multiqueue_enabled": "bool",
    "hw_tpm_model": ("tpm-tis", "tpm-crb"),
    "hw_tpm_version": ("1.2", "2.0"),
    "hw_ephemeral_encryption": "bool",
    "hw_ephemeral_encryption_format": ("plain", "luks", "luksv2"),
    "hw_ephemeral_encryption_secret_uuid": "uuid",
    "hw_virtio_packed_ring": "bool",
    "hw_maxphysaddr_mode": ("passthrough", "emulate"),
    "hw_maxphysaddr_bits": "int",
    "hw_sound_model": ("sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "virtio"),
    "hw_usb_model": ("none", "nec-xhci", "qemu-xhci"),
    "hw_redirected_usb_ports": "int",
    "img_bittorrent": "bool",
    "img_bdm_v2": "bool",
    "img_block_device_mapping": "mappings",
    "img_cache_in_nova": "bool",
    "img_compression_level": "int",
    "img_hv_requested_version": "version",
    "img_hv_type": "hv_type",
    "img_config_drive": ("optional", "mandatory"),
    "img_linked_clone": "bool",
    "img_mappings": "mappings",
    "img_owner_id": "str",
    "img_root_device_name": "str",
    "img_use_agent": "bool",
    "img_version": "int",
    "img_signature": "str",
    "img_signature_hash_method": ("SHA-224", "SHA-256", "SHA-384", "SHA-512"),
    "img_signature_certificate_uuid": "uuid",
    "img_signature_key_type": ("DSA", "ECC_SECP384R1", "ECC_SECP521R1", "ECC_SECT409K1",
                               "ECC_SECT409R1", "ECC_SECT571K1", "ECC_SECT571R1",
                               "RSA-PSS"),
    "img_hide_hypervisor_id": "bool",
    "os_admin_user": "str",
    "os_command_line": "str",
    "os_distro": "str",
    "os_require_quiesce": "bool",
    "os_secure_boot": ("required", "disabled", "optional"),
    "os_skip_agent_inject_files_at_boot": "bool",
    "os_skip_agent_inject_ssh": "bool",
    "os_type": "os_type",
    "traits_required": "traits",
}

#: Legacy property names and the field each sets, in Nova's order (before
#: the current names, which win when both are given).
LEGACY_NAMES: Mapping[str, str] = {
    "architecture": "hw_architecture",
    "owner_id": "img_owner_id",
    "vmware_disktype": "hw_disk_type",
    "vmware_image_version": "img_version",
    "vmware_ostype": "os_distro",
    "auto_disk_config": "hw_auto_disk_config",
    "ipxe_boot": "hw_ipxe_boot",
    "xenapi_device_id": "hw_device_id",
    "xenapi_image_compression_level": "img_compression_level",
    "vmware_linked_clone": "img_linked_clone",
    "xenapi_use_agent": "img_use_agent",
    "xenapi_skip_agent_inject_ssh": "os_skip_agent_inject_ssh",
    "xenapi_skip_agent_inject_files_at_boot": "os_skip_agent_inject_files_at_boot",
    "cache_in_nova": "img_cache_in_nova",
    "vm_mode": "hw_vm_mode",
    "bittorrent": "img_bittorrent",
    "mappings": "img_mappings",
    "block_device_mapping": "img_block_device_mapping",
    "bdm_v2": "img_bdm_v2",
    "root_device_name": "img_root_device_name",
    "hypervisor_version_requires": "img_hv_requested_version",
    "hypervisor_type": "img_hv_type",
}

_NUMA_NODES_MAX = 128
# The order Nova sets them: legacy names, vmware_adaptertype, then the
# fields (the cell lists and traits_required are read from other keys).
_LEGACY_RANK = {name: rank for rank, name in enumerate(LEGACY_NAMES)}
_FIELD_RANK = {name: len(LEGACY_NAMES) + 1 + rank
               for rank, name in enumerate(PROPERTY_KINDS)}
for _special in ("hw_numa_cpus", "hw_numa_mem", "traits_required"):
    _FIELD_RANK.pop(_special)
_FIELD_RANK["hw_numa_cpus"] = len(LEGACY_NAMES) + 1 + list(PROPERTY_KINDS).index(
    "hw_numa_cpus")
_FIELD_RANK["hw_numa_mem"] = _FIELD_RANK["hw_numa_cpus"] + 1
# Names (current or legacy) whose field takes any string.
_ALWAYS_FINE = {name: True for name, kind in PROPERTY_KINDS.items()
                if kind in ("str", "bool", "uuid")}
_ALWAYS_FINE.update({legacy: True for legacy, field in LEGACY_NAMES.items()
                     if _ALWAYS_FINE.get(field)})


class Unchecked(Exception):
    """Nova's answer here is a 500 or needs what bootreq does not model."""


class _Invalid(Exception):
    """The field refuses the value: ``str()`` is Nova's ValueError text."""


def check_image_metadata(properties: Mapping[str, Any]) -> None:
    """Raise Refused (IMAGE_METADATA_INVALID) where ``ImageMeta.from_dict`` refuses.

    Raises :class:`Unchecked` where Nova's answer is a 500 (or not reproduced).
    Only the properties present are visited, in the order Nova sets them.
    """
    steps = []
    for key, value in properties.items():
        if type(value) is str and _ALWAYS_FINE.get(key):
            continue  # a string where any string goes (the usual property)
        if key in _LEGACY_RANK:
            steps.append((_LEGACY_RANK[key], key))
        elif key in _FIELD_RANK:
            steps.append((_FIELD_RANK[key], key))
        elif key == "vmware_adaptertype":
            steps.append((len(LEGACY_NAMES), key))
        elif key == "hw_numa_mem.0" or key == "hw_numa_cpus.0":
            steps.append((_FIELD_RANK[key[:-2]], key[:-2]))
    if not steps:
        return
    steps.sort()
    try:
        for _, key in steps:
            if key in LEGACY_NAMES:
                field = LEGACY_NAMES[key]
                _coerce(field, PROPERTY_KINDS[field], properties[key])
            elif key == "vmware_adaptertype":
                adapter = properties[key]
                if adapter and adapter != "ide":
                    _coerce("hw_scsi_model", "scsi_model", adapter)
            elif key == "hw_numa_mem":
                for value in _numa_cells(properties, "hw_numa_mem."):
                    _integer(thaw(value))  # (int(None) too: a TypeError)
            elif key == "hw_numa_cpus":
                for value in _numa_cells(properties, "hw_numa_cpus."):
                    parse_cpu_spec(thaw(value))
            else:
                _coerce(key, PROPERTY_KINDS[key], properties[key])
    except _Invalid as invalid:
        raise refuse(IMAGE_METADATA_INVALID, error=str(invalid)) from None


def _numa_cells(properties: Mapping[str, Any], prefix: str) -> list[Any]:
    values = []
    for cell in range(_NUMA_NODES_MAX):
        key = f"{prefix}{cell}"
        if key not in properties:
            break
        values.append(properties[key])
    return values


def _coerce(field: str, kind: Any, value: Any) -> None:
    """Raise _Invalid with Nova's text where the field refuses ``value``."""
    if value is None:
        raise _Invalid(f"Field `{field}' cannot be None")
    value = thaw(value)
    if type(kind) is tuple:
        if value not in kind:
            raise _Invalid(f"Field value {value} is invalid")
    elif kind == "str":
        _string(field, value)
    elif kind == "int":
        _integer(value)
    elif kind in ("bool", "uuid"):
        return
    elif kind == "mappings":
        _mappings(field, value)
    elif kind == "version":
        _version_predicate(field, value)
    else:
        if not isinstance(value, str):
            raise Unchecked  # .lower() of a non-string: Nova's 500
        _canonical(kind, value)


def _string(field: str, value: Any) -> None:
    if not isinstance(value, (int, float, str)):
        raise _Invalid(
            f"A string is required in field {field}, not a {type(value).__name__}")


def _integer(value: Any) -> None:
    if not isinstance(value, (str, int, float)):
        raise Unchecked  # int() of a list or object: a TypeError, Nova's 500
    try:
        int(value)
    except ValueError as error:
        raise _Invalid(str(error)) from None
    except OverflowError:
        raise Unchecked from None  # int() of an infinite float: Nova's 500


_CPU_RANGE_MAX = 1 << 16
_PREDICATE = re.compile(r"^\s*(<=|>=|<|>|!=|==)\s*([^\s]+)\s*$")


def _version_predicate(field: str, value: Any) -> None:
    """oslo's VersionPredicate: comparisons joined by commas."""
    if not isinstance(value, str):
        raise _Invalid(f"Version {value} should be a string type, not {type(value)}")
    if all(_PREDICATE.match(part) for part in value.split(",")):
        # Whether each version is a valid PEP 440 one: not reproduced.
        raise Unchecked
    raise _Invalid(f"Version {value} is not a valid predicate in field {field}")


def _mappings(field: str, value: Any) -> None:
    if field == "img_mappings" and not (
            isinstance(value, list) and all(isinstance(item, dict) for item in value)):
        # Nova reads each mapping's "virtual" (the root device name) before
        # its typed metadata: anything but a list of objects is its 500.
        raise Unchecked
    if not isinstance(value, list):
        raise _Invalid(f"A list is required in field {field}, not a {type(value).__name__}")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise _Invalid(
                f"A dict is required in field {field}[{index}], not a {type(item).__name__}")
        for key, element in item.items():
            if element is not None:
                _string(f"{field}[{index}][{key}]", element)


def _canonical(kind: str, value: str) -> None:
    lowered = value.lower()
    if kind == "arch":
        if _ARCHITECTURE_ALIASES.get(lowered, lowered) not in _ARCHITECTURES:
            raise _Invalid(f"Architecture name '{value}' is not valid")
    elif kind == "hv_type":
        if ("xen" if lowered == "xapi" else lowered) not in _HV_TYPES:
            raise _Invalid(f"Hypervisor virt type '{value}' is not valid")
    elif kind == "vm_mode":
        if _VM_MODE_ALIASES.get(lowered, lowered) not in _VM_MODES:
            raise _Invalid(f"Virtual machine mode '{value}' is not valid")
    elif kind == "os_type":
        if lowered not in ("linux", "windows"):
            raise _Invalid(f"Field value {lowered} is invalid")
    elif kind == "scsi_model":
        model = _SCSI_ALIASES.get(lowered, lowered)
        if model not in ("buslogic", "ibmvscsi", "lsilogic", "lsisas1068", "lsisas1078",
                         "virtio-scsi", "vmpvscsi"):
            raise _Invalid(f"Field value {model} is invalid")
    elif kind == "vif_model":
        model = _VIF_ALIASES.get(lowered, lowered)
        if model not in ("virtio", "ne2k_pci", "pcnet", "rtl8139", "e1000", "e1000e",
                         "netfront", "spapr-vlan", "lan9118", "sriov", "vmxnet", "vmxnet3",
                         "igb"):
            raise _Invalid(f"Field value {model} is invalid")


def parse_cpu_spec(spec: Any) -> set[int]:
    """Nova's ``parse_cpu_spec``: Refused (CPU_LIST_INVALID) where it raises ``Invalid``."""
    if not isinstance(spec, str):
        raise Unchecked  # .split() of a non-string: Nova's 500
    included: set[int] = set()
    excluded: set[int] = set()
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        parts = item.split("-", 1)
        if len(parts) > 1:
            reject = parts[0][:1] == "^"
            try:
                start, end = int(parts[0][1:] if reject else parts[0]), int(parts[1])
            except ValueError:
                raise refuse(CPU_LIST_INVALID, reason=f"Invalid range expression {item!r}"
                             ) from None
            if start > end:
                raise refuse(CPU_LIST_INVALID, reason=f"Invalid range expression {item!r}")
            if end - start > _CPU_RANGE_MAX:
                raise Unchecked  # (Nova would build the whole range)
            (excluded if reject else included).update(range(start, end + 1))
        elif item[0] == "^":
            try:
                excluded.add(int(item[1:]))
            except ValueError:
                raise refuse(CPU_LIST_INVALID,
                             reason=f"Invalid exclusion expression {item!r}") from None
        else:
            try:
                included.add(int(item))
            except ValueError:
                raise refuse(CPU_LIST_INVALID,
                             reason=f"Invalid inclusion expression {item!r}") from None
    return included - excluded
