"""The JSON Schemas: valid 2020-12, each with an $id, generated from one description."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

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
    """PRODUCT.md section 1 lists the fields of a protocol and a plan."""
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
