"""The JSON Schemas: valid 2020-12, each with an $id, generated from one description."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from vault_sync.notes.schema import load_schemas, validators
from vault_sync.notes.source import read_note

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("protocol", "plan", "association")


def _generator():  # tools/ is not a package: load the script as a module
    spec = importlib.util.spec_from_file_location("gen_schemas", ROOT / "tools" / "gen_schemas.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_2020_12_with_an_id(name: str) -> None:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{name}.schema.json")
    Draft202012Validator.check_schema(schema)


def test_schema_files_are_what_the_generator_writes() -> None:
    generator = _generator()
    for name, doc in generator.all_schemas().items():
        on_disk = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert on_disk == generator.render(doc), f"run python tools/gen_schemas.py ({name})"


def test_every_product_field_is_in_the_schemas() -> None:
    """Every field a protocol and a plan are made of has its place in the schemas."""
    protocol = json.loads((ROOT / "schemas" / "protocol.schema.json").read_text("utf-8"))
    plan = json.loads((ROOT / "schemas" / "plan.schema.json").read_text("utf-8"))
    assert {
        "association",
        "number",
        "date",
        "time",
        "format",
        "place",
        "topic",
        "chair",
        "secretary",
        "attendance",
        "agenda",
        "decisions",
        "attachments",
        "plan",
        "tags",
        "aliases",
    } <= set(protocol["properties"])
    decision = protocol["properties"]["decisions"]["items"]["oneOf"][1]["properties"]
    assert {"text", "due", "responsible", "vote"} <= set(decision)
    assert {
        "association",
        "academic_year",
        "theme",
        "goal",
        "tasks",
        "expected_results",
        "approved_by",
        "approved_on",
        "events",
    } <= set(plan["properties"])
    event = plan["$defs"]["event"]["properties"]
    assert {
        "title",
        "kind",
        "when",
        "place",
        "participants",
        "responsible",
        "expected_result",
        "section",
    } <= set(event)


def test_editor_sees_a_description_for_every_top_level_field() -> None:
    for name in NAMES:
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8"))
        for field, spec in schema["properties"].items():
            described = "description" in spec or "$ref" in spec
            assert described, f"{name}.{field} has no description for the editor"


def _as_written(validator: Draft202012Validator, data: object) -> list[tuple[object, ...]]:
    return [
        (e.validator, list(e.absolute_path), list(e.relative_schema_path), e.message)
        for e in validator.iter_errors(data)
    ]


def _spoilt(data: object, rng: random.Random) -> object:
    """``data`` with a few values, at any depth, replaced by values of the wrong kind."""
    junk = [None, 1, 2.5, True, "", " ", [], {}, ["a", 1], {"a": 1}, "17.11.2021", "25:00"]
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 4)):
        parent, key, node = None, None, data
        while isinstance(node, dict | list) and node and rng.random() < 0.7:
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            parent, node = node, node[key]
        if isinstance(parent, dict | list) and key is not None:
            parent[key] = rng.choice(junk)  # type: ignore[index]
        elif isinstance(data, dict):
            data[rng.choice(["date", "events", "decisions", "agenda", "x"])] = rng.choice(junk)
    return data


def test_explaining_validators_report_what_the_schemas_as_written_report() -> None:
    """validate.validators() inline the schemas' references: the same errors come out."""
    rng = random.Random(7)
    notes = [
        read_note(path.name, path.read_bytes()).note
        for path in sorted((ROOT / "examples" / "vault").rglob("*.md"))
    ]
    for note in notes:
        if note is None:
            continue
        data = note.detailed().data
        checker = Draft202012Validator.FORMAT_CHECKER
        reference = Draft202012Validator(load_schemas()[note.type], format_checker=checker)
        inlined = validators()[note.type]
        for spoilt in [data, *(_spoilt(data, rng) for _ in range(40))]:
            assert _as_written(inlined, spoilt) == _as_written(reference, spoilt)
