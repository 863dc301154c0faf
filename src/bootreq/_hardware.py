"""The flavor's extra specs against the image's properties: Nova's ``hardware`` checks.

``compute_api.create`` reads the flavor's ``hw:*`` extra specs and the
image's ``hw_*`` properties twice: building the base options (the typed
image metadata, ``numa_get_constraints``, the PCI requests from the
flavor's aliases; then the mixed-policy service version check), and in
``_validate_flavor_image`` (virtio packed ring beside the memory check;
PMU, serial ports, realtime mask, CPU topology, VIF multiqueue after the
disk checks; then the sound model). Each refusal is a :class:`Rule` here,
in Nova's order.

Where Nova answers 500 for a client's mistake it names (an unknown sound
model or PCI NUMA affinity policy, a sound model on old computes), bootreq
answers 400 (documented deviations, ``nova_status=500``). Where Nova's own
answer is another 500 (a CPU list its parser refuses, a PCI alias spec
without a count, an image without a name in a conflict message, ...) or
needs what bootreq does not model (memory encryption's firmware and machine
type checks, the ``[pci] alias`` configuration when unknown), the remaining
checks are left undecided (:class:`~bootreq._image_meta.Unchecked`), never
guessed: bootreq then answers as if they passed, and reports the NUMA
topology as undecided (``ComputeResult.numa_topology`` ``None``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from bootreq._block_device import bool_from_string
from bootreq._image_meta import Unchecked, check_image_metadata, parse_cpu_spec
from bootreq._rule import Rule, refuse
from bootreq._volumes import NO_BOOT_METADATA

if TYPE_CHECKING:
    from bootreq.cloud import Cloud, Flavor, Image

__all__ = [
    "EPHEMERAL_ENCRYPTION_RULES",
    "HARDWARE_RULES",
    "MIXED_POLICY_OLD_COMPUTE",
    "UNDECIDED",
    "Hardware",
    "base_options",
    "check_device_profile",
    "check_flavor_image",
    "check_mixed_policy_service",
    "check_packed_ring",
    "encrypt_ephemeral",
]


def __dir__() -> list[str]:
    return __all__


def _rule(name: str, status: int, message: str, exception: str, doc: str,
          needs: tuple[str, ...] = ("flavor",)) -> Rule:
    return Rule(name, status, message, exception, needs=needs, doc=doc)


_POLICIES = "('dedicated', 'shared', 'mixed')"
_THREAD_POLICIES = "('prefer', 'isolate', 'require')"
_EMULATOR_POLICIES = "('share', 'isolate')"

INVALID_CPU_POLICY = _rule(
    "invalid_cpu_policy", 400,
    "CPU policy requested from '{source}' is invalid, given: '{requested}', "
    "available: '" + _POLICIES + "'.",
    "InvalidCPUAllocationPolicy",
    "hw:cpu_policy not dedicated, shared or mixed (the image's is an enum).")
IMAGE_CPU_POLICY_FORBIDDEN = _rule(
    "image_cpu_policy_forbidden", 400,
    "Image property 'hw_cpu_policy' is not permitted to override CPU pinning policy "
    "set against the flavor",
    "ImageCPUPinningForbidden",
    "The image's hw_cpu_policy overrides the flavor's (shared against "
    "mixed/dedicated, mixed against dedicated).")
INVALID_CPU_THREAD_POLICY = _rule(
    "invalid_cpu_thread_policy", 400,
    "CPU thread policy requested from '{source}' is invalid, given: '{requested}', "
    "available: '" + _THREAD_POLICIES + "'.",
    "InvalidCPUThreadAllocationPolicy",
    "hw:cpu_thread_policy not prefer, isolate or require.")
IMAGE_CPU_THREAD_POLICY_FORBIDDEN = _rule(
    "image_cpu_thread_policy_forbidden", 400,
    "Image property 'hw_cpu_thread_policy' is not permitted to override CPU thread "
    "pinning policy set against the flavor",
    "ImageCPUThreadPolicyForbidden",
    "The image's hw_cpu_thread_policy differs from the flavor's isolate/require.")
REALTIME_MASK_INVALID = _rule(
    "realtime_mask_invalid", 400, "{reason}", "RealtimeMaskNotFoundOrInvalid",
    "hw:cpu_realtime on, and the realtime mask (image first, then flavor) "
    "selects no vCPU, every vCPU without an emulator threads policy, or vCPUs "
    "the flavor does not have.")
INVALID_MIXED_DEDICATED_MASK = _rule(
    "invalid_mixed_dedicated_mask", 400, "{reason}", "InvalidMixedInstanceDedicatedMask",
    "hw:cpu_dedicated_mask leaves no pinned or no unpinned vCPU, or names "
    "vCPUs the flavor does not have.")
INVALID_EMULATOR_THREADS_POLICY = _rule(
    "invalid_emulator_threads_policy", 400,
    "CPU emulator threads option requested is invalid, given: '{requested}', "
    "available: '" + _EMULATOR_POLICIES + "'.",
    "InvalidEmulatorThreadsPolicy",
    "hw:emulator_threads_policy not share or isolate.")
CPU_RESOURCES_CONFLICT = _rule(
    "cpu_resources_conflict", 400, "{reason}", "InvalidRequest",
    "resources:VCPU / resources:PCPU extra specs together, with a CPU policy, "
    "with a PCPU count other than the flavor's vCPUs (+1 with isolated "
    "emulator threads), or trait:HW_CPU_HYPERTHREADING with a thread policy.")
CPU_THREAD_POLICY_WITHOUT_PINNING = _rule(
    "cpu_thread_policy_without_pinning", 400,
    "Cannot set cpu thread pinning policy in a non dedicated cpu pinning policy",
    "CPUThreadPolicyConfigurationInvalid",
    "A CPU thread policy without a dedicated or mixed CPU policy.")
EMULATOR_THREADS_WITHOUT_PINNING = _rule(
    "emulator_threads_without_pinning", 400,
    "An isolated CPU emulator threads option requires a dedicated CPU policy option.",
    "BadRequirementEmulatorThreadsPolicy",
    "hw:emulator_threads_policy isolate without a dedicated or mixed CPU policy.")
DEDICATED_MASK_WITHOUT_MIXED = _rule(
    "dedicated_mask_without_mixed", 400,
    "Cannot specify 'hw:cpu_dedicated_mask' without the 'mixed' policy.",
    "RequiredMixedInstancePolicy",
    "hw:cpu_dedicated_mask with a policy other than mixed.")
REALTIME_WITHOUT_PINNING = _rule(
    "realtime_without_pinning", 400,
    "Cannot set realtime policy in a non dedicated cpu pinning policy",
    "RealtimeConfigurationInvalid",
    "hw:cpu_realtime on without a dedicated or mixed CPU policy.")
MIXED_POLICY_MASK = _rule(
    "mixed_policy_mask", 400,
    "Dedicated CPU set can be specified from either 'hw:cpu_dedicated_mask' or "
    "'hw:cpu_realtime_mask' when using 'mixed' CPU policy. 'hw:cpu_dedicated_mask' "
    "and 'hw:cpu_realtime_mask' can not be specified at the same time, or be "
    "specified with none of them.",
    "RequiredMixedOrRealtimeCPUMask",
    "The mixed policy with both or neither of a dedicated mask and a realtime mask.")
NUMA_PROPERTY_FORBIDDEN = _rule(
    "numa_property_forbidden", 400,
    "Image property '{name}' is not permitted to override NUMA configuration set "
    "against the flavor",
    "ImageNUMATopologyForbidden",
    "hw_numa_nodes / hw_numa_cpus.N / hw_numa_mem.N in both flavor and image.")
INVALID_NUMA_NODES = _rule(
    "invalid_numa_nodes", 400,
    "The property 'numa_nodes' cannot be '{nodes}'. It must be a number greater than 0",
    "InvalidNUMANodesNumber",
    "hw:numa_nodes (or the image's) not an integer of at least 1.")
MEMORY_PAGE_SIZE_INVALID = _rule(
    "memory_page_size_invalid", 400, "Invalid memory page size '{pagesize}'",
    "MemoryPageSizeInvalid",
    "hw:mem_page_size not small, large, any, a number or a size with a unit.")
MEMORY_PAGE_SIZE_FORBIDDEN = _rule(
    "memory_page_size_forbidden", 400,
    "Page size {pagesize} forbidden against '{against}'",
    "MemoryPageSizeForbidden",
    "The image's hw_mem_page_size without the flavor's, or against a flavor "
    "page size other than any / large.")
EXTRA_SPEC_INVALID = Rule(
    "extra_spec_invalid", 400, "Invalid flavor extra spec {key}: {reason}", "ValueError",
    needs=("flavor",), nova_status=500,
    doc="hw:numa_mem.N not an integer, or pci_passthrough:alias not "
    "name:count pairs (a count not an integer). Nova's int() or unpacking "
    "fails, a ValueError it answers 500.")
NUMA_ASYMMETRIC = _rule(
    "numa_asymmetric", 400,
    "Instance CPUs and/or memory cannot be evenly distributed across instance NUMA "
    "nodes. Explicit assignment of CPUs and memory to nodes is required",
    "ImageNUMATopologyAsymmetric",
    "vCPUs or memory not divisible by the NUMA node count (no explicit cells).")
NUMA_INCOMPLETE = _rule(
    "numa_incomplete", 400,
    "CPU and memory allocation must be provided for all NUMA nodes",
    "ImageNUMATopologyIncomplete",
    "Explicit NUMA cells: CPUs without memory (or back), or not one per node.")
NUMA_CPU_OUT_OF_RANGE = _rule(
    "numa_cpu_out_of_range", 400, "CPU number {cpunum} is larger than max {cpumax}",
    "ImageNUMATopologyCPUOutOfRange", "A NUMA cell names a vCPU the flavor does not have.")
NUMA_CPU_DUPLICATES = _rule(
    "numa_cpu_duplicates", 400, "CPU number {cpunum} is assigned to two nodes",
    "ImageNUMATopologyCPUDuplicates", "Two NUMA cells name the same vCPU.")
NUMA_CPUS_UNASSIGNED = _rule(
    "numa_cpus_unassigned", 400, "CPU number {cpuset} is not assigned to any node",
    "ImageNUMATopologyCPUsUnassigned", "vCPUs in no NUMA cell.")
NUMA_MEMORY_OUT_OF_RANGE = _rule(
    "numa_memory_out_of_range", 400,
    "{memsize} MB of memory assigned, but expected {memtotal} MB",
    "ImageNUMATopologyMemoryOutOfRange",
    "The NUMA cells' memory does not add up to the flavor's.")
LOCKED_MEMORY_CONFLICT = _rule(
    "locked_memory_conflict", 400,
    "locked_memory value in image ({image}) and flavor ({flavor}) conflict. A "
    "consistent value is expected if both specified.",
    "FlavorImageLockedMemoryConflict",
    "hw:locked_memory and the image's hw_locked_memory disagree.")
LOCKED_MEMORY_WITHOUT_PAGE_SIZE = _rule(
    "locked_memory_without_page_size", 400,
    "locked_memory value in image or flavor is forbidden when mem_page_size is not set.",
    "LockMemoryForbidden",
    "Locked memory (flavor or image) without a memory page size in either.")
IMAGE_PCI_NUMA_POLICY_FORBIDDEN = _rule(
    "image_pci_numa_policy_forbidden", 403,
    "Image property 'hw_pci_numa_affinity_policy' is not permitted to override the "
    "'hw:pci_numa_affinity_policy' flavor extra spec.",
    "ImagePCINUMAPolicyForbidden",
    "hw:pci_numa_affinity_policy and the image's hw_pci_numa_affinity_policy differ.")
PCI_NUMA_POLICY_INVALID = Rule(
    "pci_numa_policy_invalid", 400, "Invalid PCI NUMA affinity configured: {policy}",
    "InvalidPCINUMAAffinity", needs=("flavor",), nova_status=500,
    doc="hw:pci_numa_affinity_policy not required, legacy, preferred or socket. "
    "Nova does not map InvalidPCINUMAAffinity and answers 500; bootreq answers "
    "400 with Nova's own text.")
MEM_ENCRYPTION_CONFLICT = _rule(
    "mem_encryption_conflict", 400, "{reason}", "FlavorImageConflict",
    "Memory encryption: hw:mem_encryption / hw:mem_encryption_model and the "
    "image's properties disagree, or the image lacks hw_firmware_type uefi.",
    needs=("flavor", "image"))
MEM_ENCRYPTION_MODEL_INVALID = Rule(
    "mem_encryption_model_invalid", 400,
    "Invalid memory encryption model {model}. Allowed values: amd-sev, amd-sev-es, "
    "amd-sev-snp, intel-tdx.",
    "Invalid", needs=("flavor", "image"), nova_status=500,
    doc="Memory encryption with hw:mem_encryption_model naming no model. Nova "
    "raises a bare Invalid and answers 500; bootreq answers 400 with Nova's text.")
MEM_ENCRYPTION_MACHINE_TYPE = _rule(
    "mem_encryption_machine_type", 400,
    "Machine type '{mtype}' is not compatible with image {image_name} ({image_id}): "
    "q35 type is required for {model} to work",
    "InvalidMachineType",
    "Memory encryption with an image hw_machine_type that is not a q35 one.",
    needs=("flavor", "image"))
MEM_ENCRYPTION_STATELESS_FIRMWARE = _rule(
    "mem_encryption_stateless_firmware", 400,
    "The {model} memory encryption model requires stateless firmware but the image "
    "metadata doesn't have the 'hw_firmware_stateless' property set to True",
    "StatelessFirmwareRequired",
    "amd-sev-snp / intel-tdx without the image's hw_firmware_stateless true.",
    needs=("flavor", "image"))
MEM_ENCRYPTION_VIDEO = _rule(
    "mem_encryption_video", 400,
    "The intel-tdx memory encryption model is incompatible with an attached video "
    "device. Set the 'hw_video_model' image property to 'none' to disable it",
    "InvalidVideoMode", "intel-tdx with an image hw_video_model other than none.",
    needs=("flavor", "image"))
PCI_ALIAS_NOT_DEFINED = _rule(
    "pci_alias_not_defined", 400, "PCI alias {alias} is not defined",
    "PciRequestAliasNotDefined",
    "pci_passthrough:alias names an alias missing from [pci] alias "
    "(Cloud.pci_aliases; skipped while unknown).",
    needs=("flavor", "cloud.pci_aliases"))
MIXED_POLICY_OLD_COMPUTE = _rule(
    "mixed_policy_old_compute", 409,
    "To support 'mixed' policy instance 'nova-compute' service must be upgraded to "
    "'Victoria' or later.",
    "MixedInstanceNotSupportByComputeService",
    "The mixed CPU policy while a nova-compute is older than version 52.",
    needs=("flavor", "cloud.min_compute_version"))
PACKED_RING_CONFLICT = _rule(
    "packed_ring_conflict", 400,
    "Flavor has hw:virtio_packed_ring extra spec explicitly set to {flavor_val}, "
    "conflicting with image which has hw_virtio_packed_ring explicitly set to "
    "{image_val}.",
    "FlavorImageConflict",
    "hw:virtio_packed_ring and hw_virtio_packed_ring disagree (checked right "
    "after the flavor's memory).", needs=("flavor", "image"))
FLAVOR_IMAGE_CONFLICT = _rule(
    "flavor_image_conflict", 400,
    "Flavor {flavor_name} has hw:{key} extra spec explicitly set to {flavor_val}, "
    "conflicting with image {image_name} which has hw_{key} explicitly set to "
    "{image_val}.",
    "FlavorImageConflict",
    "hw:pmu, hw:vif_multiqueue_enabled (2+ vCPUs) or hw:sound_model and the "
    "image's property disagree.", needs=("flavor", "image"))
SERIAL_PORT_COUNT_INVALID = _rule(
    "serial_port_count_invalid", 400,
    "Number of serial ports specified in flavor is invalid: expected an integer, got "
    "'{num_ports}'",
    "ImageSerialPortNumberInvalid", "hw:serial_port_count not an integer.",
    needs=("flavor", "image"))
SERIAL_PORTS_EXCEED_FLAVOR = _rule(
    "serial_ports_exceed_flavor", 400,
    "Forbidden to exceed flavor value of number of serial ports passed in image meta.",
    "ImageSerialPortNumberExceedFlavorValue",
    "The image's hw_serial_port_count above the flavor's.", needs=("flavor", "image"))
CPU_TOPOLOGY_SPEC_INVALID = _rule(
    "cpu_topology_spec_invalid", 400, "Invalid flavor extra spec. Error: {error}",
    "InvalidRequest", "hw:cpu_(max_)sockets/cores/threads not an integer.",
    needs=("flavor", "image"))
IMAGE_CPU_LIMITS_EXCEEDED = _rule(
    "image_cpu_limits_exceeded", 400,
    "Image vCPU topology limits (sockets={image_sockets}, cores={image_cores}, "
    "threads={image_threads}) exceeds the limits of the flavor (sockets="
    "{flavor_sockets}, cores={flavor_cores}, threads={flavor_threads})",
    "ImageVCPULimitsRangeExceeded",
    "The image's hw_cpu_max_* above the flavor's.", needs=("flavor", "image"))
IMAGE_CPU_TOPOLOGY_EXCEEDED = _rule(
    "image_cpu_topology_exceeded", 400,
    "Image vCPU topology (sockets={image_sockets}, cores={image_cores}, threads="
    "{image_threads}) exceeds the limits of the flavor or image (sockets="
    "{max_sockets}, cores={max_cores}, threads={max_threads})",
    "ImageVCPUTopologyRangeExceeded",
    "The image's preferred hw_cpu_sockets/cores/threads above the maximum.",
    needs=("flavor", "image"))
SOUND_MODEL_INVALID = Rule(
    "sound_model_invalid", 400,
    "Invalid sound device model {model}. Allowed values: " + ", ".join(
        ("sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "virtio")) + ".",
    "Invalid", needs=("flavor", "image"), nova_status=500,
    doc="hw:sound_model names no sound model Nova knows. Nova raises a bare "
    "Invalid (unmapped) and answers 500; bootreq answers 400 with Nova's "
    "own text.")
SOUND_MODEL_OLD_COMPUTE = Rule(
    "sound_model_old_compute", 400,
    "A sound model (hw:sound_model / hw_sound_model) needs every nova-compute "
    "service at version 69 or later; the oldest is at version {version}.",
    "AttributeError", needs=("flavor", "image", "cloud.min_compute_version"),
    nova_status=500,
    doc="A sound model while a nova-compute is older than version 69. Nova "
    "means to refuse it but raises an exception class it lacks "
    "(SoundModelRequestOldCompute): an AttributeError, answered 500.")
EPHEMERAL_ENCRYPTION_CONFLICT = _rule(
    "ephemeral_encryption_conflict", 400,
    "Flavor {flavor_name} has hw:ephemeral_encryption extra spec explicitly set to "
    "{flavor_val}, conflicting with image {image_name} which has hw_eph_encryption "
    "property explicitly set to {image_val}",
    "FlavorImageConflict",
    "hw:ephemeral_encryption and the image's hw_ephemeral_encryption disagree "
    "(checked once the BDM list is final).")
EPHEMERAL_ENCRYPTION_FORMAT_CONFLICT = _rule(
    "ephemeral_encryption_format_conflict", 400,
    "Flavor {flavor_name} has hw:ephemeral_encryption_format extra spec explicitly set "
    "to {flavor_val}, conflicting with image {image_name} which has "
    "hw_ephemeral_encryption_format explicitly set to {image_val}.",
    "FlavorImageConflict",
    "Ephemeral encryption asked for, and the flavor's and the image's formats differ.")
EPHEMERAL_ENCRYPTION_FORMAT_INVALID = Rule(
    "ephemeral_encryption_format_invalid", 400,
    "Invalid ephemeral encryption format {format}. Allowed values: plain, luks, luksv2",
    "Invalid", needs=("flavor",), nova_status=500,
    doc="Ephemeral encryption with hw:ephemeral_encryption_format naming no format. "
    "Nova raises a bare Invalid and answers 500; bootreq answers 400 with Nova's text.")
DEVICE_PROFILE_NOT_FOUND = _rule(
    "device_profile_not_found", 400,
    "Device profile name {name}: Expected 1 device profile but got 0.",
    "DeviceProfileError",
    "accel:device_profile names a profile cyborg does not have "
    "(Cloud.device_profiles maps it to None).",
    needs=("flavor", "cloud.device_profiles"))

#: The rules of this module, in Nova's order (the typed image metadata first).
HARDWARE_RULES: tuple[Rule, ...] = (
    INVALID_CPU_POLICY, IMAGE_CPU_POLICY_FORBIDDEN, INVALID_CPU_THREAD_POLICY,
    IMAGE_CPU_THREAD_POLICY_FORBIDDEN, REALTIME_MASK_INVALID, INVALID_MIXED_DEDICATED_MASK,
    INVALID_EMULATOR_THREADS_POLICY, CPU_RESOURCES_CONFLICT,
    CPU_THREAD_POLICY_WITHOUT_PINNING, EMULATOR_THREADS_WITHOUT_PINNING,
    DEDICATED_MASK_WITHOUT_MIXED, REALTIME_WITHOUT_PINNING, MIXED_POLICY_MASK,
    NUMA_PROPERTY_FORBIDDEN, INVALID_NUMA_NODES, MEMORY_PAGE_SIZE_INVALID,
    MEMORY_PAGE_SIZE_FORBIDDEN, LOCKED_MEMORY_CONFLICT, LOCKED_MEMORY_WITHOUT_PAGE_SIZE,
    MEM_ENCRYPTION_CONFLICT, MEM_ENCRYPTION_MODEL_INVALID, MEM_ENCRYPTION_MACHINE_TYPE,
    MEM_ENCRYPTION_STATELESS_FIRMWARE, MEM_ENCRYPTION_VIDEO, EXTRA_SPEC_INVALID,
    NUMA_ASYMMETRIC, NUMA_INCOMPLETE, NUMA_CPU_OUT_OF_RANGE,
    NUMA_CPU_DUPLICATES, NUMA_CPUS_UNASSIGNED, NUMA_MEMORY_OUT_OF_RANGE,
    IMAGE_PCI_NUMA_POLICY_FORBIDDEN, PCI_NUMA_POLICY_INVALID,
    PCI_ALIAS_NOT_DEFINED,
)
# (MIXED_POLICY_OLD_COMPUTE: _check_compute_service_for_mixed_instance, after
# neutron's resource requests; compute.RULES places it.)
#: ``_update_ephemeral_encryption_bdms`` (once the BDM list is final).
EPHEMERAL_ENCRYPTION_RULES: tuple[Rule, ...] = (
    EPHEMERAL_ENCRYPTION_CONFLICT, EPHEMERAL_ENCRYPTION_FORMAT_CONFLICT,
    EPHEMERAL_ENCRYPTION_FORMAT_INVALID,
)
#: Rules of ``_validate_flavor_image`` (after the metadata / personality quotas).
PACKED_RING_RULES: tuple[Rule, ...] = (PACKED_RING_CONFLICT,)
FLAVOR_IMAGE_RULES: tuple[Rule, ...] = (
    FLAVOR_IMAGE_CONFLICT, SERIAL_PORT_COUNT_INVALID, SERIAL_PORTS_EXCEED_FLAVOR,
    CPU_TOPOLOGY_SPEC_INVALID, IMAGE_CPU_LIMITS_EXCEEDED, IMAGE_CPU_TOPOLOGY_EXCEEDED,
    SOUND_MODEL_INVALID, SOUND_MODEL_OLD_COMPUTE,
)

#: 34.0.0's nova-compute versions the create checks compare with.
MIN_VERSION_MIXED_POLICY = 52
MIN_VERSION_SOUND_MODEL = 69
_SOUND_MODELS = ("sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "virtio")
_NUMA_NODES_MAX = 128
_RESOURCE_VCPU = re.compile(r"resources([1-9][0-9]*)?:VCPU")
_RESOURCE_PCPU = re.compile(r"resources([1-9][0-9]*)?:PCPU")
_HYPERTHREADING = re.compile(r"trait([1-9][0-9]*)?:HW_CPU_HYPERTHREADING")
_UNIT_EXPONENTS = {p: n for n, p in enumerate("KMGTPEZYRQ", 1)}
_PAGE_SIZE = re.compile(r"(^[-+]?\d*\.?\d+)([KMGTPEZYRQ]i?)?(b|bit|B)$")


@attrs.frozen
class Hardware:
    """What the base options' hardware checks derived.

    ``numa_topology``: whether the request spec gets a guest NUMA topology
    (``None``: undecided). ``cpu_policy``: the CPU policy it carries.
    ``pci_requests``: the flavor's PCI requests (``None``: unknown aliases).
    """

    numa_topology: bool | None
    cpu_policy: str | None
    pci_requests: int | None


_NOTHING = Hardware(False, None, 0)
_UNDECIDED = Hardware(None, None, None)
#: What the checks derive when neither the flavor nor the image is known.
UNDECIDED = _UNDECIDED


def base_options(flavor: Flavor | None, image: Image | None, image_id: str | None,
                 props: Mapping[str, Any], cloud: Cloud | None) -> Hardware:
    """The typed image metadata, NUMA constraints and PCI requests, in Nova's order."""
    try:
        if image is not None and props:
            check_image_metadata(props)
    except Unchecked:
        return _UNDECIDED
    if flavor is None:
        return _UNDECIDED
    specs = flavor.extra_specs
    if not specs and not _hardware_properties(props):
        return _NOTHING
    try:
        nodes, policy = _numa_constraints(flavor, image, image_id, specs, props)
        _check_pci_numa_policy(specs, props)
        pci = _pci_requests(specs, cloud)
    except Unchecked:
        return _UNDECIDED
    return Hardware(nodes is not None, policy, pci)


def _hardware_properties(props: Mapping[str, Any]) -> bool:
    """Whether the image has a property the hardware checks read (hw_*, trait:*)."""
    for key in props:
        if key.startswith(("hw_", "trait:")):
            return True
    return False


def check_mixed_policy_service(hardware: Hardware, cloud: Cloud | None) -> None:
    """``_check_compute_service_for_mixed_instance``."""
    if (hardware.cpu_policy == "mixed" and cloud is not None
            and cloud.min_compute_version is not None
            and cloud.min_compute_version < MIN_VERSION_MIXED_POLICY):
        raise refuse(MIXED_POLICY_OLD_COMPUTE)


def check_packed_ring(flavor: Flavor, image: Image) -> None:
    """``get_packed_virtqueue_constraint`` on the image's raw properties."""
    flavor_value = flavor.extra_specs.get("hw:virtio_packed_ring")
    image_value = image.properties.get("hw_virtio_packed_ring")
    if flavor_value is None or image_value is None:
        return
    flavor_on, image_on = bool_from_string(flavor_value), bool_from_string(image_value)
    if flavor_on != image_on:
        raise refuse(PACKED_RING_CONFLICT, flavor_val=flavor_on, image_val=image_on)


def check_flavor_image(flavor: Flavor, image: Image, hardware: Hardware,
                       cloud: Cloud | None) -> Hardware:
    """``_validate_flavor_image_numa_pci`` and the sound model, after the disk checks.

    Returns ``hardware``, or an undecided one where Nova's answer is left to it.
    """
    specs, props = flavor.extra_specs, image.properties
    if hardware.numa_topology is None or not (specs or _hardware_properties(props)):
        return hardware  # undecided earlier, or nothing to check
    try:
        if image is NO_BOOT_METADATA:
            # _validate_flavor_image_nostatus returns on an empty image; the
            # sound model is checked after it, on the flavor alone.
            return _check_sound_model_service(_sound_model(flavor, image), hardware, cloud)
        _check_pmu(flavor, image)
        _check_serial_ports(specs, props)
        _realtime_cpus(flavor, specs, props)
        _check_cpu_topology(specs, props)
        if flavor.vcpus >= 2:
            _check_same_bool(flavor, image, "vif_multiqueue_enabled")
        model = _sound_model(flavor, image)
    except Unchecked:
        return _UNDECIDED
    return _check_sound_model_service(model, hardware, cloud)


def _check_sound_model_service(model: str | None, hardware: Hardware,
                               cloud: Cloud | None) -> Hardware:
    """A sound model needs computes of version 69 (SoundModelRequestOldCompute)."""
    if model is not None:
        version = cloud.min_compute_version if cloud is not None else None
        if version is not None and version < MIN_VERSION_SOUND_MODEL:
            raise refuse(SOUND_MODEL_OLD_COMPUTE, version=version)
    return hardware


def encrypt_ephemeral(flavor: Flavor, image: Image | None, bdms: list[dict[str, Any]],
                      hardware: Hardware) -> Hardware:
    """``_update_ephemeral_encryption_bdms``: mark the local BDMs encrypted, or raise."""
    specs = flavor.extra_specs
    props = image.properties if image is not None else {}
    flavor_value = specs.get("hw:ephemeral_encryption")
    image_value = props.get("hw_ephemeral_encryption")
    if flavor_value is None and image_value is None:
        return hardware
    if hardware.numa_topology is None or image is None:
        return _UNDECIDED  # (an unknown image may ask for it too)
    flavor_on = None if flavor_value is None else bool_from_string(flavor_value)
    image_on = None if image_value is None else bool_from_string(image_value)
    try:
        if flavor_on is not None and image_on is not None and flavor_on != image_on:
            raise refuse(EPHEMERAL_ENCRYPTION_CONFLICT, flavor_name=_flavor_name(flavor),
                         flavor_val=flavor_value, image_name=_image_name(image),
                         image_val=image_on)
        if not (flavor_on or image_on):
            return hardware
        flavor_format = specs.get("hw:ephemeral_encryption_format")
        image_format = props.get("hw_ephemeral_encryption_format")
        if image_format and flavor_format and image_format != flavor_format:
            raise refuse(EPHEMERAL_ENCRYPTION_FORMAT_CONFLICT,
                         flavor_name=_flavor_name(flavor), flavor_val=flavor_format,
                         image_name=_image_name(image), image_val=image_format)
    except Unchecked:
        return _UNDECIDED
    encryption_format = flavor_format or image_format
    if encryption_format and encryption_format not in ("plain", "luks", "luksv2"):
        raise refuse(EPHEMERAL_ENCRYPTION_FORMAT_INVALID, format=encryption_format)
    for bdm in bdms:
        if bdm.get("destination_type") == "local":
            bdm["encrypted"] = True
            if encryption_format:
                bdm["encryption_format"] = encryption_format
    return hardware


def check_device_profile(flavor: Flavor | None, cloud: Cloud | None) -> None:
    """cyborg's ``get_device_profile_request_groups`` for accel:device_profile."""
    if flavor is None or cloud is None or not flavor.extra_specs:
        return
    name = flavor.extra_specs.get("accel:device_profile")
    if name and name in cloud.device_profiles and cloud.device_profiles[name] is None:
        raise refuse(DEVICE_PROFILE_NOT_FOUND, name=name)


# --- numa_get_constraints ----------------------------------------------------


def _numa_constraints(flavor: Flavor, image: Image | None, image_id: str | None,
                      specs: Mapping[str, Any],
                      props: Mapping[str, Any]) -> tuple[int | None, str | None]:
    """The NUMA node count (None: no topology) and the CPU policy, or raise."""
    policy = _cpu_policy(specs.get("hw:cpu_policy"), props.get("hw_cpu_policy"))
    thread_policy = _thread_policy(specs.get("hw:cpu_thread_policy"),
                                   props.get("hw_cpu_thread_policy"))
    realtime = _realtime_cpus(flavor, specs, props)
    dedicated = _dedicated_cpus(flavor, specs)
    emulator = _emulator_threads_policy(specs)
    vcpu_count, pcpu_count = _cpu_resources(specs)
    if policy and (vcpu_count or pcpu_count):
        raise refuse(CPU_RESOURCES_CONFLICT, reason=(
            "It is not possible to use the 'resources:VCPU' or 'resources:PCPU' extra "
            "specs in combination with the 'hw:cpu_policy' extra spec or "
            "'hw_cpu_policy' image metadata property; use one or the other"))
    if vcpu_count and pcpu_count:
        raise refuse(CPU_RESOURCES_CONFLICT, reason=(
            "It is not possible to specify both 'resources:VCPU' and 'resources:PCPU' "
            "extra specs; use one or the other"))
    if pcpu_count:
        if emulator == "isolate" and flavor.vcpus + 1 != pcpu_count:
            raise refuse(CPU_RESOURCES_CONFLICT, reason=(
                "You have requested 'hw:emulator_threads_policy=isolate' but have not "
                "requested sufficient PCPUs to handle this policy; you must allocate "
                "exactly flavor.vcpus + 1 PCPUs."))
        if emulator != "isolate" and flavor.vcpus != pcpu_count:
            raise refuse(CPU_RESOURCES_CONFLICT, reason=(
                "There is a mismatch between the number of PCPUs requested via "
                "'resourcesNN:PCPU' and the flavor); you must allocate exactly "
                "flavor.vcpus PCPUs"))
        policy = "dedicated"
    if vcpu_count:
        policy = "shared"
    trait = _hyperthreading_trait(specs, props)
    if thread_policy and trait:
        raise refuse(CPU_RESOURCES_CONFLICT, reason=(
            "It is not possible to use the 'trait:HW_CPU_HYPERTHREADING' extra spec in "
            "combination with the 'hw:cpu_thread_policy' extra spec or "
            "'hw_cpu_thread_policy' image metadata property; use one or the other"))
    if trait == "forbidden":
        thread_policy = "isolate"
    elif trait == "required":
        thread_policy = "require"
    if policy in ("shared", None):
        if thread_policy:
            raise refuse(CPU_THREAD_POLICY_WITHOUT_PINNING)
        if emulator == "isolate":
            raise refuse(EMULATOR_THREADS_WITHOUT_PINNING)
        if dedicated:
            raise refuse(DEDICATED_MASK_WITHOUT_MIXED)
        if realtime:
            raise refuse(REALTIME_WITHOUT_PINNING)
    elif policy == "dedicated":
        if dedicated:
            raise refuse(DEDICATED_MASK_WITHOUT_MIXED)
    elif (realtime and dedicated) or not (realtime or dedicated):
        raise refuse(MIXED_POLICY_MASK)
    image_nodes = _image_int(props, "hw_numa_nodes") if "hw_numa_nodes" in props else None
    nodes = _node_count(specs.get("hw:numa_nodes"), image_nodes)
    pagesize = _page_size(specs.get("hw:mem_page_size"), props.get("hw_mem_page_size"))
    pmem = specs.get("hw:pmem")
    has_pmem = bool(pmem) and any(label.strip() for label in str(pmem).split(","))
    _check_locked_memory(flavor, image, image_id, specs, props)
    if not (nodes or pagesize or has_pmem or policy in ("dedicated", "mixed")):
        return None, policy
    nodes = nodes or 1
    cpu_cells = _numa_cells(specs, props, "cpus")
    mem_cells = _numa_cells(specs, props, "mem")
    if cpu_cells is None and mem_cells is None:
        if flavor.vcpus % nodes or flavor.memory_mb % nodes:
            raise refuse(NUMA_ASYMMETRIC)
    elif cpu_cells is not None and mem_cells is not None:
        if len(cpu_cells) != nodes or len(mem_cells) != nodes:
            raise refuse(NUMA_INCOMPLETE)
        _manual_cells(flavor, cpu_cells, mem_cells)
    else:
        raise refuse(NUMA_INCOMPLETE)
    return nodes, policy


def _check_locked_memory(flavor: Flavor, image: Image | None, image_id: str | None,
                         specs: Mapping[str, Any], props: Mapping[str, Any]) -> None:
    """``get_locked_memory_constraint``, memory encryption's checks included."""
    flavor_value = specs.get("hw:locked_memory")
    image_value = props.get("hw_locked_memory")
    image_locked = None if image_value is None else bool_from_string(image_value)
    locked: bool | None = image_locked
    if flavor_value is not None:
        locked = bool_from_string(flavor_value)
        if image_locked is not None and locked != image_locked:
            raise refuse(LOCKED_MEMORY_CONFLICT, image=image_locked, flavor=locked)
    if locked:
        if not (specs.get("hw:mem_page_size") or props.get("hw_mem_page_size")):
            raise refuse(LOCKED_MEMORY_WITHOUT_PAGE_SIZE)
        return
    _check_mem_encryption(flavor, image, image_id, specs, props)


def _check_mem_encryption(flavor: Flavor, image: Image | None, image_id: str | None,
                          specs: Mapping[str, Any], props: Mapping[str, Any]) -> None:
    """``get_mem_encryption_constraint`` at the API (no machine type of the host)."""
    flavor_value = specs.get("hw:mem_encryption")
    image_value = props.get("hw_mem_encryption")
    flavor_on = None if flavor_value is None else bool_from_string(flavor_value)
    image_on = None if image_value is None else bool_from_string(image_value)
    if not flavor_on and not image_on:
        return
    if image is None:
        raise Unchecked  # the image's firmware type decides: unknown
    flavor_name = _flavor_name(flavor)
    if flavor_on is not None and image_on is not None and flavor_on != image_on:
        raise refuse(MEM_ENCRYPTION_CONFLICT, reason=(
            f"Flavor {flavor_name} has hw:mem_encryption extra spec explicitly set to "
            f"{flavor_value}, conflicting with image {image.name} which has "
            f"hw_mem_encryption property explicitly set to {image_on}"))
    requesters = []
    if flavor_on:
        requesters.append(f"hw:mem_encryption extra spec in {flavor_name} flavor")
    if image_on:
        requesters.append(f"hw_mem_encryption property of image {image_id or '<no-id>'}")
    flavor_model = specs.get("hw:mem_encryption_model")
    image_model = props.get("hw_mem_encryption_model")
    if flavor_model is not None and image_model is not None and flavor_model != image_model:
        raise refuse(MEM_ENCRYPTION_CONFLICT, reason=(
            f"Flavor {flavor_name} has hw:mem_encryption_model extra spec explicitly set "
            f"to {flavor_model}, conflicting with image {image.name} which has "
            f"hw_mem_encryption_model property explicitly set to {image_model}"))
    model = image_model or flavor_model or "amd-sev"
    if model not in ("amd-sev", "amd-sev-es", "amd-sev-snp", "intel-tdx"):
        raise refuse(MEM_ENCRYPTION_MODEL_INVALID, model=repr(model))
    if props.get("hw_firmware_type") != "uefi":
        raise refuse(MEM_ENCRYPTION_CONFLICT, reason=(
            f"Memory encryption is requested by {' and '.join(requesters)} but the image "
            "metadata doesn't have the 'hw_firmware_type' property set to 'uefi'"))
    machine = props.get("hw_machine_type")
    if machine is not None and "q35" not in machine:
        raise refuse(MEM_ENCRYPTION_MACHINE_TYPE, mtype=machine, image_name=image.name,
                     image_id=image_id or "<no-id>", model=model)
    if model in ("amd-sev-snp", "intel-tdx"):
        stateless = props.get("hw_firmware_stateless")
        if stateless is None or not bool_from_string(stateless):
            raise refuse(MEM_ENCRYPTION_STATELESS_FIRMWARE, model=model)
    if model == "intel-tdx" and props.get("hw_video_model") != "none":
        raise refuse(MEM_ENCRYPTION_VIDEO)


def _check_pci_numa_policy(specs: Mapping[str, Any], props: Mapping[str, Any]) -> None:
    """``get_pci_numa_policy_constraint``."""
    flavor_policy = specs.get("hw:pci_numa_affinity_policy")
    image_policy = props.get("hw_pci_numa_affinity_policy")
    if flavor_policy and image_policy and flavor_policy != image_policy:
        raise refuse(IMAGE_PCI_NUMA_POLICY_FORBIDDEN)
    policy = flavor_policy or image_policy
    if policy and policy not in ("required", "legacy", "preferred", "socket"):
        raise refuse(PCI_NUMA_POLICY_INVALID, policy=policy)


def _cpu_policy(flavor_policy: Any, image_policy: Any) -> str | None:
    valid = ("dedicated", "shared", "mixed")
    if flavor_policy and flavor_policy not in valid:
        raise refuse(INVALID_CPU_POLICY, source="flavor extra specs",
                     requested=flavor_policy)
    if flavor_policy == "dedicated":
        return "dedicated"
    if flavor_policy == "mixed":
        if image_policy == "dedicated":
            raise refuse(IMAGE_CPU_POLICY_FORBIDDEN)
        return "mixed"
    if flavor_policy == "shared":
        if image_policy in ("mixed", "dedicated"):
            raise refuse(IMAGE_CPU_POLICY_FORBIDDEN)
        return "shared"
    return image_policy if image_policy in valid else None


def _thread_policy(flavor_policy: Any, image_policy: Any) -> str | None:
    if flavor_policy and flavor_policy not in ("prefer", "isolate", "require"):
        raise refuse(INVALID_CPU_THREAD_POLICY, source="flavor extra specs",
                     requested=flavor_policy)
    if flavor_policy in (None, "prefer"):
        return flavor_policy or image_policy or None
    if image_policy and image_policy != flavor_policy:
        raise refuse(IMAGE_CPU_THREAD_POLICY_FORBIDDEN)
    return str(flavor_policy) if flavor_policy else None


def _mask(flavor: Flavor, mask: str) -> set[int]:
    if mask.strip().startswith("^"):
        return parse_cpu_spec(f"0-{flavor.vcpus - 1},{mask}")
    return parse_cpu_spec(mask)


def _realtime_cpus(flavor: Flavor, specs: Mapping[str, Any],
                   props: Mapping[str, Any]) -> set[int] | None:
    if not bool_from_string(specs.get("hw:cpu_realtime")):
        return None
    mask = props.get("hw_cpu_realtime_mask") or specs.get("hw:cpu_realtime_mask")
    every = set(range(flavor.vcpus))
    realtime = _mask(flavor, mask) if mask else set(every)
    if not realtime:
        raise refuse(REALTIME_MASK_INVALID, reason=(
            "Use of realtime CPUs requires either one or more non-realtime CPU(s) or "
            "offloaded emulator threads."))
    emulator = _emulator_threads_policy(specs)  # (validated here already)
    if realtime == every and not emulator:
        raise refuse(REALTIME_MASK_INVALID, reason=(
            "Use of realtime CPUs requires either one or more non-realtime CPU(s) or "
            "offloaded emulator threads."))
    if not realtime <= every:
        raise refuse(REALTIME_MASK_INVALID, reason=(
            "Realtime policy vCPU(s) mask is configured with RT vCPUs that are not a "
            "subset of the vCPUs in the flavor. See hw:cpu_realtime_mask or "
            "hw_cpu_realtime_mask"))
    return realtime


def _dedicated_cpus(flavor: Flavor, specs: Mapping[str, Any]) -> set[int] | None:
    mask = specs.get("hw:cpu_dedicated_mask")
    if not mask:
        return None
    pinned = _mask(flavor, mask)
    every = set(range(flavor.vcpus))
    if not pinned or not every - pinned:
        raise refuse(INVALID_MIXED_DEDICATED_MASK, reason=(
            "Mixed instance must have at least 1 pinned vCPU and 1 unpinned vCPU. See "
            "'hw:cpu_dedicated_mask'."))
    if not pinned <= every:
        raise refuse(INVALID_MIXED_DEDICATED_MASK, reason=(
            "Mixed instance dedicated vCPU(s) mask is not a subset of vCPUs in the "
            'flavor. See "hw:cpu_dedicated_mask"'))
    return pinned


def _emulator_threads_policy(specs: Mapping[str, Any]) -> str | None:
    policy = specs.get("hw:emulator_threads_policy")
    if not policy:
        return None
    if policy not in ("share", "isolate"):
        raise refuse(INVALID_EMULATOR_THREADS_POLICY, requested=policy)
    return str(policy)


def _cpu_resources(specs: Mapping[str, Any]) -> tuple[int, int]:
    vcpus = pcpus = 0
    for key, value in specs.items():
        for pattern in (_RESOURCE_VCPU, _RESOURCE_PCPU):
            if pattern.match(key):
                try:
                    count = int(value)
                except ValueError:
                    continue  # Nova leaves a bad count to other checks
                if pattern is _RESOURCE_VCPU:
                    vcpus += count
                else:
                    pcpus += count
    return vcpus, pcpus


def _hyperthreading_trait(specs: Mapping[str, Any], props: Mapping[str, Any]) -> Any:
    for key, value in specs.items():
        if _HYPERTHREADING.match(key):
            return value
    for key, value in props.items():
        if key == "trait:HW_CPU_HYPERTHREADING" and str(value) == "required":
            return "required"
    return None


def _node_count(flavor_nodes: Any, image_nodes: Any) -> int | None:
    if flavor_nodes and image_nodes:
        raise refuse(NUMA_PROPERTY_FORBIDDEN, name="hw_numa_nodes")
    nodes = flavor_nodes or image_nodes
    if nodes is None:
        return None
    try:
        count = int(nodes)
        int_like = str(count) == str(nodes)
    except ValueError:
        int_like = False
    if not int_like or count < 1:
        raise refuse(INVALID_NUMA_NODES, nodes=nodes)
    return count


def _page_size(flavor_request: Any, image_request: Any) -> Any:
    if not flavor_request and image_request:
        raise refuse(MEMORY_PAGE_SIZE_FORBIDDEN, pagesize=image_request, against="<empty>")
    if not flavor_request:
        return None
    size = _page_size_value(flavor_request)
    if image_request and size in (-3, -2):  # any, large
        return _page_size_value(image_request)
    if image_request:
        raise refuse(MEMORY_PAGE_SIZE_FORBIDDEN, pagesize=image_request,
                     against=flavor_request)
    return size


def _page_size_value(request: str) -> float:
    """The page size Nova reads (``-3`` any, ``-2`` large, ``-1`` small, KiB)."""
    named = {"any": -3, "large": -2, "small": -1}
    if request in named:
        return named[request]
    if request.isdigit():
        try:
            return int(request)
        except ValueError:
            raise Unchecked from None  # past int()'s digit limit: Nova's 500
    match = _PAGE_SIZE.match(request)
    if not match:
        raise refuse(MEMORY_PAGE_SIZE_INVALID, pagesize=request)
    # oslo's string_to_bytes (IEC units), rounded up, then in KiB.
    magnitude = float(match.group(1))
    if match.group(3) in ("b", "bit"):
        magnitude /= 8
    prefix = match.group(2)
    if prefix:
        magnitude *= 1024 ** _UNIT_EXPONENTS[prefix.rstrip("i")]
    try:
        return math.ceil(magnitude) / 1024
    except OverflowError:
        raise Unchecked from None  # an infinite size: Nova's 500


def _numa_cells(specs: Mapping[str, Any], props: Mapping[str, Any],
                what: str) -> list[Any] | None:
    flavor_cells = []
    for cell in range(_NUMA_NODES_MAX):
        key = f"hw:numa_{what}.{cell}"
        if key not in specs:
            break
        flavor_cells.append(parse_cpu_spec(specs[key]) if what == "cpus"
                            else _spec_int(key, specs[key]))
    image_cells = []
    for cell in range(_NUMA_NODES_MAX):
        key = f"hw_numa_{what}.{cell}"
        if key not in props:
            break
        image_cells.append(parse_cpu_spec(props[key]) if what == "cpus"
                           else _image_int(props, key))
    if not flavor_cells:
        return image_cells or None
    if image_cells:
        raise refuse(NUMA_PROPERTY_FORBIDDEN, name=f"hw_numa_{what}")
    return flavor_cells


def _spec_int(key: str, value: Any) -> int:
    """``int()`` of an extra spec, where Nova lets its ValueError out (a 500)."""
    try:
        return int(value)
    except ValueError as error:
        raise refuse(EXTRA_SPEC_INVALID, key=key, reason=str(error)) from None


def _manual_cells(flavor: Flavor, cpu_cells: list[Any], mem_cells: list[Any]) -> None:
    available = set(range(flavor.vcpus))
    total = 0
    for cpus, memory in zip(cpu_cells, mem_cells, strict=True):
        for cpu in cpus:  # (a set: Nova's iteration order is the same)
            if cpu > flavor.vcpus - 1:
                raise refuse(NUMA_CPU_OUT_OF_RANGE, cpunum=cpu, cpumax=flavor.vcpus - 1)
            if cpu not in available:
                raise refuse(NUMA_CPU_DUPLICATES, cpunum=cpu)
            available.remove(cpu)
        total += memory
    if available:
        raise refuse(NUMA_CPUS_UNASSIGNED, cpuset=str(available))
    if total != flavor.memory_mb:
        raise refuse(NUMA_MEMORY_OUT_OF_RANGE, memsize=total, memtotal=flavor.memory_mb)


# --- PCI requests --------------------------------------------------------------


def _pci_requests(specs: Mapping[str, Any], cloud: Cloud | None) -> int | None:
    spec = specs.get("pci_passthrough:alias")
    if spec is None:
        return 0
    aliases = cloud.pci_aliases if cloud is not None else None
    if aliases is None:
        raise Unchecked  # the [pci] alias configuration is unknown
    count = 0
    key = "pci_passthrough:alias"
    for item in str(spec).split(","):
        parts = item.split(":")
        if len(parts) < 2:
            raise refuse(EXTRA_SPEC_INVALID, key=key, reason=(
                f"not enough values to unpack (expected 2, got {len(parts)})"))
        if len(parts) > 2:
            raise refuse(EXTRA_SPEC_INVALID, key=key,
                         reason="too many values to unpack (expected 2)")
        name = parts[0].strip()
        if name not in aliases:
            raise refuse(PCI_ALIAS_NOT_DEFINED, alias=name)
        _spec_int(key, parts[1])
        count += 1
    return count


# --- _validate_flavor_image_numa_pci, the sound model -------------------------


def _image_name(image: Image) -> str:
    if image.name is None:
        raise Unchecked  # Nova's ImageMeta without a name: a 500
    return image.name


def _flavor_name(flavor: Flavor) -> str:
    return str(flavor.name) if flavor.name is not None else str(flavor.id)


def _check_same_bool(flavor: Flavor, image: Image, key: str) -> None:
    flavor_value = flavor.extra_specs.get(f"hw:{key}")
    image_value = image.properties.get(f"hw_{key}")
    if flavor_value is None or image_value is None:
        return
    flavor_on, image_on = bool_from_string(flavor_value), bool_from_string(image_value)
    if flavor_on != image_on:
        raise refuse(FLAVOR_IMAGE_CONFLICT, flavor_name=_flavor_name(flavor), key=key,
                     flavor_val=flavor_on, image_name=_image_name(image),
                     image_val=image_on)


def _check_pmu(flavor: Flavor, image: Image) -> None:
    _check_same_bool(flavor, image, "pmu")


def _check_serial_ports(specs: Mapping[str, Any], props: Mapping[str, Any]) -> None:
    flavor_ports = specs.get("hw:serial_port_count")
    image_ports = _image_int(props, "hw_serial_port_count")
    if flavor_ports:
        try:
            flavor_ports = int(flavor_ports)
        except ValueError:
            raise refuse(SERIAL_PORT_COUNT_INVALID, num_ports=flavor_ports) from None
    if flavor_ports and image_ports and image_ports > flavor_ports:
        raise refuse(SERIAL_PORTS_EXCEED_FLAVOR)


def _image_int(props: Mapping[str, Any], key: str) -> int:
    """An integer image property as Nova's typed metadata holds it (0: unset)."""
    value = props.get(key)
    if value is None:
        return 0
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise Unchecked from None  # refused earlier, or a Nova 500


def _check_cpu_topology(specs: Mapping[str, Any], props: Mapping[str, Any]) -> None:
    def pair(key: str) -> tuple[int, int]:
        flavor_value = specs.get(f"hw:cpu_{key}", 0)
        try:
            flavor_count = int(flavor_value)
        except ValueError as error:
            raise refuse(CPU_TOPOLOGY_SPEC_INVALID, error=str(error)) from None
        return flavor_count, _image_int(props, f"hw_cpu_{key}")

    # Nova converts the three flavor limits before comparing any.
    (f_sockets, i_sockets), (f_cores, i_cores), (f_threads, i_threads) = (
        pair("max_sockets"), pair("max_cores"), pair("max_threads"))
    if ((f_sockets and i_sockets > f_sockets) or (f_cores and i_cores > f_cores)
            or (f_threads and i_threads > f_threads)):
        raise refuse(IMAGE_CPU_LIMITS_EXCEEDED, image_sockets=i_sockets,
                     image_cores=i_cores, image_threads=i_threads,
                     flavor_sockets=f_sockets, flavor_cores=f_cores,
                     flavor_threads=f_threads)
    max_sockets = i_sockets or f_sockets or 65536
    max_cores = i_cores or f_cores or 65536
    max_threads = i_threads or f_threads or 65536
    (_, p_sockets), (_, p_cores), (_, p_threads) = (
        pair("sockets"), pair("cores"), pair("threads"))
    if p_sockets > max_sockets or p_cores > max_cores or p_threads > max_threads:
        raise refuse(IMAGE_CPU_TOPOLOGY_EXCEEDED, image_sockets=p_sockets,
                     image_cores=p_cores, image_threads=p_threads,
                     max_sockets=max_sockets, max_cores=max_cores,
                     max_threads=max_threads)


def _sound_model(flavor: Flavor, image: Image) -> str | None:
    flavor_model = flavor.extra_specs.get("hw:sound_model")
    image_model = image.properties.get("hw_sound_model")
    if image_model and flavor_model and image_model != flavor_model:
        raise refuse(FLAVOR_IMAGE_CONFLICT, flavor_name=_flavor_name(flavor),
                     key="sound_model", flavor_val=flavor_model,
                     image_name=_image_name(image), image_val=image_model)
    model = flavor_model or image_model
    if model and model not in _SOUND_MODELS:
        raise refuse(SOUND_MODEL_INVALID, model=repr(model))
    return str(model) if model else None
