"""Sphinx directives that render bootreq's own tables into the docs.

The tables are generated at build time from the library's data, so the
docs cannot drift from the code:

``bootreq-schema-ranges``
    One row per create-schema range of :data:`bootreq.schemas.RANGES`:
    versions, the range it builds on, and the edits it makes.
``bootreq-field-matrix``
    Which request members each range accepts, read off
    :func:`bootreq.schemas.schema_for` (``✓`` accepted, ``—`` unknown
    member, ``✓ changed`` accepted with a schema that differs from the
    previous range).
``bootreq-version-gates``
    The microversions that change what the controller does, from
    ``bootreq._gates.GATES``.
``bootreq-compute-rules``
    The request-only checks of ``compute_api.create``, from
    :data:`bootreq.compute.RULES`, in Nova's order.
``bootreq-compute-deviations``
    The compute rules where Nova answers 500 and bootreq a clear 400, with
    bootreq's answer to an example of each (:data:`COMPUTE_500_TRIGGERS`;
    the build fails when a rule has none).
``bootreq-api-deviations``
    Each client mistake Nova's API layer answers with a 500
    (:data:`NOVA_500_TRIGGERS`), and bootreq's answer to it, computed by
    running :func:`bootreq.parse` on an example at build time.
``bootreq-release-matrix``
    The covered Nova releases (columns) against every change of
    :data:`bootreq.release_rules.CHANGES` (rows): which releases answer the
    older way; the maximum microversion in the first row.
``bootreq-release-changes``
    Every change of :data:`bootreq.release_rules.CHANGES`: what it is, its
    fixing release(s), and whether a library of the era causes it.
``bootreq-cloud-rules``
    Each fact of the cloud state (a :class:`bootreq.cloud.Cloud` member, or
    another context ``Options`` carries) and the compute rules that need it,
    from the ``needs`` of :data:`bootreq.compute.RULES`.
``bootreq-cloud-form``
    The JSON form of the cloud state, one table per object: member, JSON
    type, meaning; generated from the same schema ``Cloud.json_schema()``
    returns (itself generated from the classes).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

Cell = str | tuple[str, str]  # plain text (`code` in backticks), or ("code", text)


def _cell(value: Cell) -> nodes.entry:
    entry = nodes.entry()
    para = nodes.paragraph()
    if isinstance(value, tuple):
        para += nodes.literal(text=value[1])
    else:
        # Markdown's inline code: the odd pieces between backticks.
        for index, piece in enumerate(value.split("`")):
            if index % 2:
                para += nodes.literal(text=piece)
            elif piece:
                para += nodes.Text(piece)
    entry += para
    return entry


def build_table(header: Sequence[Cell], rows: Iterable[Sequence[Cell]]) -> nodes.table:
    """A docutils table node with a header row."""
    table = nodes.table(classes=["bootreq-generated"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    thead = nodes.thead()
    group += thead
    head_row = nodes.row()
    for value in header:
        head_row += _cell(value)
    thead += head_row
    tbody = nodes.tbody()
    group += tbody
    for row in rows:
        body_row = nodes.row()
        for value in row:
            body_row += _cell(value)
        tbody += body_row
    return table


def _range_label(schema_range: Any) -> str:
    if schema_range.first == schema_range.last:
        label = str(schema_range.first)
    else:
        label = f"{schema_range.first}–{schema_range.last}"
    return f"{label} (legacy)" if str(schema_range.first) == "2.0" else label


def schema_ranges_rows() -> list[list[Cell]]:
    from bootreq.schemas import RANGES

    rows: list[list[Cell]] = []
    for schema_range in RANGES:
        edits = "; ".join(edit.describe() for edit in schema_range.edits) or "—"
        rows.append(
            [
                _range_label(schema_range),
                ("code", schema_range.name),
                ("code", schema_range.base) if schema_range.base else "—",
                schema_range.summary,
                edits,
            ]
        )
    return rows


def _items(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The item properties of an array member, looking through ``oneOf``."""
    candidates = [schema, *schema.get("oneOf", ())]
    for candidate in candidates:
        items = candidate.get("items")
        if isinstance(items, Mapping) and "properties" in items:
            properties: Mapping[str, Any] = items["properties"]
            return properties
    return None


def _features(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Feature name -> the schema fragment that defines it, in schema order."""
    server = schema["properties"]["server"]
    members: Mapping[str, Any] = server["properties"]
    features: dict[str, Any] = {}
    for name, fragment in members.items():
        features[name] = fragment
    networks = members.get("networks", {})
    if "networks" in server.get("required", ()):
        features["networks (required)"] = True
    for branch in networks.get("oneOf", ()):
        if "enum" in branch:
            features["networks: " + " / ".join(repr(v) for v in branch["enum"])] = branch
    for array in ("networks", "block_device_mapping_v2"):
        for name, fragment in (_items(members.get(array, {})) or {}).items():
            features[f"{array}[].{name}"] = fragment
    return features


def field_matrix() -> tuple[list[Cell], list[list[Cell]]]:
    from bootreq.schemas import RANGES, schema_for

    per_range = [_features(schema_for(schema_range.first)) for schema_range in RANGES]
    order: list[str] = []
    for features in per_range:
        for name in features:
            if name not in order:
                order.append(name)
    # Nested members present everywhere unchanged are noise in a version table.
    def interesting(name: str) -> bool:
        if "[]." not in name:
            return True
        fragments = [features.get(name) for features in per_range]
        return any(fragment is None for fragment in fragments) or any(
            fragment != fragments[0] for fragment in fragments
        )

    header: list[Cell] = ["member", *(_range_label(r) for r in RANGES)]
    rows: list[list[Cell]] = []
    for name in filter(interesting, order):
        row: list[Cell] = [("code", name)]
        previous: Any = None
        for features in per_range:
            fragment = features.get(name)
            if fragment is None:
                row.append("—")
            elif previous is not None and fragment != previous:
                row.append("✓ changed")
            else:
                row.append("✓")
            previous = fragment
        rows.append(row)
    return header, rows


class SchemaRangesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        header: list[Cell] = ["versions", "schema", "builds on", "what changes", "edits"]
        return [build_table(header, schema_ranges_rows())]


class FieldMatrixDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        header, rows = field_matrix()
        return [build_table(header, rows)]


class VersionGatesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        gates = importlib.import_module("bootreq._gates").GATES
        rows: list[list[Cell]] = [[str(gate.version), gate.effect] for gate in gates]
        return [build_table(["from", "effect"], rows)]


def compute_rules_rows() -> list[list[Cell]]:
    """One row per compute-layer rule, in Nova's order."""
    rows: list[list[Cell]] = []
    for rule in importlib.import_module("bootreq.compute").RULES:
        needs = ", ".join(rule.needs) or "the request"
        status = str(rule.status)
        if rule.nova_status is not None:
            status += f" (Nova: {rule.nova_status})"
        rows.append(
            [
                ("code", rule.name),
                status,
                ("code", rule.message),
                ("code", rule.nova_exception),
                needs,
                rule.doc,
            ]
        )
    return rows


class ComputeRulesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = compute_rules_rows()
        header: list[Cell] = ["rule", "status", "message", "Nova exception", "needs", "when"]
        return [build_table(header, rows)]


_IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
_GENERIC_500 = (
    "500 computeFault: The server has either erred or is incapable of performing "
    "the requested operation."
)


def _unexpected(cls: str) -> str:
    # The message holds a real newline; the table shows it as \\n.
    return (
        "500 computeFault: Unexpected API Error. Please contact the administrator"
        f"\\n<class '{cls}'>"
    )


def _server(**members: Any) -> dict[str, Any]:
    return {"server": {"name": "vm", "flavorRef": "1", "imageRef": _IMAGE, **members}}


def _bdm(**members: Any) -> dict[str, Any]:
    return _server(block_device_mapping_v2=[{"uuid": _IMAGE, **members}])


_DIGITS = "1" * 4301  # past CPython's 4300-digit int() limit

#: Client mistakes Nova's API layer answers with a 500 (spec section 7.2):
#: the trigger, the microversion, a body showing it, and Nova's answer
#: (as recorded from Nova 34.0.0 by the conformance suite).
NOVA_500_TRIGGERS: tuple[tuple[str, str, Any, str], ...] = (
    ("a body that is not UTF-8", "2.1", b'{"server": {"name": "\xff"}}', _GENERIC_500),
    ("JSON nested deeper than Nova's recursion limit (about 930 levels; "
     "bootreq: deeper than 500)", "2.1", "[" * 5000 + "]" * 5000, _GENERIC_500),
    ("non-ASCII text in user_data (a base64 field)", "2.1", _server(user_data="\u00e9"),
     _unexpected("UnicodeDecodeError")),
    ("non-ASCII text in a personality file's contents", "2.1",
     _server(personality=[{"path": "/a", "contents": "\u00e9"}]),
     _unexpected("UnicodeDecodeError")),
    ("a personality file without path", "2.1", _server(personality=[{"contents": "YQ=="}]),
     _unexpected("KeyError")),
    ("a personality file without contents", "2.1", _server(personality=[{"path": "/a"}]),
     _unexpected("KeyError")),
    ("a block_device_mapping_v2 uuid without source_type", "2.1", _bdm(),
     _unexpected("TypeError")),
    ("a flavorRef urlsplit rejects", "2.1", _server(flavorRef="http://[::1"),
     _unexpected("ValueError")),
    ("a min_count of more than 4300 digits", "2.1", _server(min_count=_DIGITS),
     _unexpected("ValueError")),
    ("a max_count of more than 4300 digits", "2.1", _server(max_count=_DIGITS),
     _unexpected("ValueError")),
    ("a boot_index of more than 4300 digits on an image -> local mapping", "2.1",
     _bdm(source_type="image", destination_type="local", boot_index=_DIGITS),
     _unexpected("ValueError")),
)

#: Examples of the compute-layer rules where Nova answers 500 (every rule of
#: bootreq.compute.RULES with a nova_status needs one): rule name -> (trigger,
#: microversion, body, Nova's answer[, the context: the JSON form of
#: Options' flavor / image / cloud, see _options]).
COMPUTE_500_TRIGGERS: dict[str, tuple[tuple[Any, ...], ...]] = {
    "metadata_too_long": (
        ("legacy 2.0 metadata whose keys are all invalid (the schema then lets them "
         "through), one longer than 255 characters", "2.0",
         _server(metadata={"a/" + "x" * 300: "v"}),
         _unexpected("nova.exception.InvalidMetadataSize")),
        ("legacy 2.0 metadata whose keys are all invalid, a value longer than 255 "
         "characters", "2.0",
         _server(metadata={"a/b": "v" * 256}),
         _unexpected("nova.exception.InvalidMetadataSize")),
    ),
    "scheduler_hint_not_string": (
        ("a scheduler hint whose value is an object", "2.1",
         {**_server(), "os:scheduler_hints": {"colour": {"r": 1}}}, _unexpected("ValueError")),
        ("a scheduler hint whose value is null", "2.1",
         {**_server(), "os:scheduler_hints": {"colour": None}}, _unexpected("ValueError")),
    ),
    "sound_model_invalid": (
        ("a flavor whose extra spec `hw:sound_model` is `bogus`", "2.1", _server(),
         _unexpected("nova.exception.Invalid"),
         {"image": {"name": "cirros"},
          "flavor": {"vcpus": 1, "memory_mb": 512, "root_gb": 1,
                     "extra_specs": {"hw:sound_model": "bogus"}}}),
    ),
    "cpu_list_invalid": (
        ("a flavor whose `hw:cpu_dedicated_mask` is `2-1` (with `hw:cpu_policy` `mixed`)",
         "2.1", _server(), _unexpected("nova.exception.Invalid"),
         {"flavor": {"vcpus": 4, "memory_mb": 512, "root_gb": 1,
                     "extra_specs": {"hw:cpu_policy": "mixed",
                                     "hw:cpu_dedicated_mask": "2-1"}}}),
    ),
    "extra_spec_invalid": (
        ("a flavor whose `pci_passthrough:alias` has no count", "2.1", _server(),
         _unexpected("ValueError"),
         {"flavor": {"vcpus": 1, "memory_mb": 512, "root_gb": 1,
                     "extra_specs": {"pci_passthrough:alias": "a1"}},
          "cloud": {"pci_aliases": []}}),
    ),
    "mem_encryption_model_invalid": (
        ("a flavor asking for memory encryption with `hw:mem_encryption_model` `rot13`",
         "2.1", _server(), _unexpected("nova.exception.Invalid"),
         {"image": {"name": "cirros", "properties": {"hw_firmware_type": "uefi"}},
          "flavor": {"vcpus": 1, "memory_mb": 512, "root_gb": 1,
                     "extra_specs": {"hw:mem_encryption": "true",
                                     "hw:mem_encryption_model": "rot13"}}}),
    ),
    "ephemeral_encryption_format_invalid": (
        ("a flavor asking for ephemeral encryption in the format `rot13`", "2.1",
         _server(), _unexpected("nova.exception.Invalid"),
         {"image": {"name": "cirros"},
          "flavor": {"vcpus": 1, "memory_mb": 512, "root_gb": 1,
                     "extra_specs": {"hw:ephemeral_encryption": "true",
                                     "hw:ephemeral_encryption_format": "rot13"}}}),
    ),
    "pci_numa_policy_invalid": (
        ("a flavor whose extra spec `hw:pci_numa_affinity_policy` is `bogus`", "2.1",
         _server(), _unexpected("nova.exception.InvalidPCINUMAAffinity"),
         {"flavor": {"vcpus": 1, "memory_mb": 512, "root_gb": 1,
                     "extra_specs": {"hw:pci_numa_affinity_policy": "bogus"}}}),
    ),
    "sound_model_old_compute": (
        ("an image with `hw_sound_model` `ich9` while the oldest nova-compute is at "
         "version 68", "2.1", _server(), _unexpected("AttributeError"),
         {"image": {"name": "cirros", "properties": {"hw_sound_model": "ich9"}},
          "flavor": {"vcpus": 1, "memory_mb": 512, "root_gb": 1},
          "cloud": {"min_compute_version": 68}}),
    ),
}


def _options(context: Any = None, **extra: Any) -> Any:
    """bootreq.Options for an example's context (flavor, image, cloud as JSON)."""
    from bootreq.cloud import Cloud, Flavor, Image
    from bootreq.options import Options

    context = context or {}
    return Options(
        flavor=Flavor(**context["flavor"]) if "flavor" in context else None,
        image=Image(**context["image"]) if "image" in context else None,
        cloud=Cloud.from_json(context["cloud"]) if "cloud" in context else None,
        **extra,
    )


def _answer(version: str, body: Any, context: Any = None) -> str:
    import bootreq

    result = bootreq.parse(body, version, options=_options(context))
    if isinstance(result, bootreq.HttpError):
        return f"{result.status} {result.fault}: {result.message}"
    return "accepted"  # a regression, and it shows up in the docs


def deviation_rows() -> list[list[Cell]]:
    return [
        [trigger, version, ("code", nova), ("code", _answer(version, body))]
        for trigger, version, body, nova in NOVA_500_TRIGGERS
    ]


class ApiDeviationsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        header: list[Cell] = ["trigger", "version", "Nova 34.0.0", "bootreq"]
        return [build_table(header, deviation_rows())]


def compute_deviation_rows() -> list[list[Cell]]:
    """The compute rules where bootreq answers something other than Nova's 500,
    with an example of each, run through bootreq.parse."""
    rows: list[list[Cell]] = []
    for rule in importlib.import_module("bootreq.compute").RULES:
        if rule.nova_status is None or rule.nova_status == rule.status:
            continue
        examples = COMPUTE_500_TRIGGERS.get(rule.name)
        if not examples:
            raise ValueError(
                f"docs/_ext/bootreq_tables.py: COMPUTE_500_TRIGGERS has no example of "
                f"the compute rule {rule.name!r} (Nova {rule.nova_status})"
            )
        for trigger, version, body, nova, *context in examples:
            rows.append([("code", rule.name), trigger, version, ("code", nova),
                         ("code", _answer(version, body, *context))])
    return rows


class ComputeDeviationsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = compute_deviation_rows()
        if not rows:
            return [nodes.paragraph(text="None.")]
        header: list[Cell] = ["rule", "trigger", "version", "Nova 34.0.0", "bootreq"]
        return [build_table(header, rows)]


def release_matrix() -> tuple[list[Cell], list[list[Cell]]]:
    """Changes (rows) by covered release (columns, newest first): older answer or not."""
    rules = importlib.import_module("bootreq.release_rules")
    versions = list(reversed(rules.COVERED))
    novas = [rules.behaviour_for(version) for version in versions]
    header: list[Cell] = ["change", *versions]
    rows: list[list[Cell]] = [["maximum microversion",
                               *(str(nova.max_microversion) for nova in novas)]]
    rows.append(["series", *(nova.series.name for nova in novas)])
    for change in rules.CHANGES:
        parsed = [tuple(int(p) for p in version.split(".")) for version in versions]
        rows.append([("code", change.name),
                     *("older" if not change.fixed(v) else "·" for v in parsed)])
    return header, rows


class ReleaseMatrixDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        header, rows = release_matrix()
        return [build_table(header, rows)]


class ReleaseChangesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        rows: list[list[Cell]] = []
        for change in importlib.import_module("bootreq.release_rules").CHANGES:
            layer = ("compute" if change.compute else "HTTP" if change.http
                     else "library" if change.library else "Nova")
            rows.append([("code", change.name), ", ".join(change.fixed_in), layer,
                         change.summary])
        return [build_table(["change", "34.0.0's answer from", "cause", "what"], rows)]


def cloud_rules_rows() -> list[list[Cell]]:
    """One row per fact a compute rule needs, with those rules (Nova's order)."""
    needing: dict[str, list[str]] = {}
    for rule in importlib.import_module("bootreq.compute").RULES:
        for need in rule.needs or ("the request",):
            needing.setdefault(need, []).append(rule.name)
    order = sorted(needing, key=lambda n: (not n.startswith("cloud."), n == "the request", n))
    return [[("code", need), ", ".join(f"`{name}`" for name in names)] for need in order
            for names in [needing[need]]]


class CloudRulesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [build_table(["fact", "rules that need it"], cloud_rules_rows())]


def _json_type(prop: Mapping[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        return " or ".join(_json_type(p) for p in prop["anyOf"])
    if "enum" in prop:
        return " | ".join(repr(v) for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return f"array of {_json_type(prop.get('items', {}))}"
    if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        inner = prop["additionalProperties"]
        return "object" if not inner else f"object of {_json_type(inner)}"
    return str(kind or "any JSON value")


class CloudFormDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        schema = importlib.import_module("bootreq.cloud").Cloud.json_schema()
        out: list[nodes.Node] = []
        for name, definition in schema["$defs"].items():
            section = nodes.rubric(text=name)
            out.append(section)
            out.append(nodes.paragraph(text=definition.get("description", "")))
            required = set(definition.get("required", ()))
            rows: list[list[Cell]] = []
            for member, prop in definition["properties"].items():
                kind = _json_type(prop) + (" (required)" if member in required else "")
                rows.append([("code", member), kind, prop.get("description", "")])
            out.append(build_table(["member", "JSON type", "meaning"], rows))
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("bootreq-cloud-rules", CloudRulesDirective)
    app.add_directive("bootreq-cloud-form", CloudFormDirective)
    app.add_directive("bootreq-schema-ranges", SchemaRangesDirective)
    app.add_directive("bootreq-field-matrix", FieldMatrixDirective)
    app.add_directive("bootreq-version-gates", VersionGatesDirective)
    app.add_directive("bootreq-compute-rules", ComputeRulesDirective)
    app.add_directive("bootreq-compute-deviations", ComputeDeviationsDirective)
    app.add_directive("bootreq-api-deviations", ApiDeviationsDirective)
    app.add_directive("bootreq-release-matrix", ReleaseMatrixDirective)
    app.add_directive("bootreq-release-changes", ReleaseChangesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
