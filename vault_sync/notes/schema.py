"""Check a note's frontmatter against its JSON Schema and say what is wrong, for people.

jsonschema finds the errors; this module turns each into a :class:`Problem` with
the line it is on, a field path people can follow, and a message code whose text
says what to write instead. Pure: schemas come in as data.

Two validators read the same schemas: jsonschema-rs (optional, native, only says valid
or not) for the common valid note, and jsonschema (the reference) to explain an invalid
one. They must never disagree, or a note one calls valid would be published unchecked
or held back unexplained. So where the two libraries differ, both are given the same
rules here: a ``"format": "date"`` is decided by :func:`is_iso_date` in both, and the
reference validator reads a ``pattern`` as ECMA-262 does (as jsonschema-rs does):
``$`` is the end of the text, ``\\s``, ``\\d`` and ``.`` mean what they mean there.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:  # an accelerator: without it every note is checked by the reference validator
    import jsonschema_rs
except ImportError:  # pragma: no cover - tested by hiding the module
    jsonschema_rs = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from vault_sync.notes.model import Problem, problem
from vault_sync.notes.source import NOTE_TYPES, SourceNote

JsonPath = tuple[str | int, ...]

_RU_DATE = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*(?:г\.?)?\s*$")
# Fields whose pattern has a message of its own.
_PATTERN_MESSAGES = {
    "time": "schema.time",
    "academic_year": "schema.academic_year",
    "association": "schema.slug",
    "id": "schema.slug",
    "approved_on": "schema.approved_on",
}


@cache
def load_schemas() -> Mapping[str, dict[str, Any]]:
    """The schemas of ``schemas/``: beside the package in a checkout, inside it when installed."""
    folder = schema_folder()
    return {
        note_type: json.loads((folder / f"{note_type}.schema.json").read_text(encoding="utf-8"))
        for note_type in NOTE_TYPES
    }


def schema_folder() -> Path:
    package = Path(__file__).resolve().parents[1]  # vault_sync/
    installed = package / "schemas"
    return installed if installed.is_dir() else package.parent / "schemas"


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# ECMA-262's \s: WhiteSpace and LineTerminator (Python's \s adds U+001C-U+001F and U+0085
# and lacks U+FEFF); its \d and \w are ASCII; its "." stops at every line terminator.
_ECMA_SPACE = "\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_CLASSES = {
    "s": f"[{_ECMA_SPACE}]",
    "S": f"[^{_ECMA_SPACE}]",
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
}
_ECMA_IN_CLASS = {"s": _ECMA_SPACE, "d": "0-9", "w": "A-Za-z0-9_"}


def is_iso_date(value: object) -> bool:
    """The one meaning of ``"format": "date"`` for both validators: a day Python can hold.

    ``YYYY-MM-DD`` (RFC 3339 full-date) naming a real day of years 0001-9999. RFC 3339
    also allows the year 0000, which no ``datetime.date`` can hold, so it is refused here
    rather than let through to a note that could then not be built. Not text: not a date
    question (the "type" keyword answers that).
    """
    if not isinstance(value, str):
        return True
    if _ISO_DATE.fullmatch(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def has_fast_validators() -> bool:
    """Whether jsonschema-rs is installed (the ``fast`` extra)."""
    return jsonschema_rs is not None


@cache
def fast_validators() -> Mapping[str, Any]:
    """Native validators (jsonschema-rs): they only say valid or not, 400x faster.

    Empty when jsonschema-rs is not installed: then every note goes to :func:`validators`.
    """
    if jsonschema_rs is None:
        return {}
    return {
        note_type: jsonschema_rs.validator_for(
            schema, validate_formats=True, formats={"date": is_iso_date}
        )
        for note_type, schema in load_schemas().items()
    }


@cache
def validators() -> Mapping[str, Draft202012Validator]:
    """The reference validators (jsonschema): they explain, for notes that are invalid."""
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema import validators as jsonschema_validators

    formats = FormatChecker(formats=())
    formats.checks("date")(is_iso_date)
    reference = jsonschema_validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": _ecma_pattern_keyword}
    )
    return {
        note_type: reference(_inline_refs(schema, schema), format_checker=formats)
        for note_type, schema in load_schemas().items()
    }


def _ecma_pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """jsonschema's "pattern" keyword with the pattern read as ECMA-262 reads it."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` (an ECMA-262 regular expression, as JSON Schema says) for Python's ``re``.

    Translates what the two dialects read differently: ``$`` (Python's also matches
    before a final newline), the classes ``\\s \\S \\d \\D \\w \\W``, and ``.``.
    Enough for the schemas' patterns (no lookbehind or named groups, which differ too).
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if in_class and escaped in _ECMA_IN_CLASS:
                out.append(_ECMA_IN_CLASS[escaped])
            elif in_class and escaped in "SDW":
                raise ValueError(f"{pattern!r}: \\{escaped} inside a class is not translated")
            elif not in_class and escaped in _ECMA_CLASSES:
                out.append(_ECMA_CLASSES[escaped])
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a "]" first in a class is part of it in Python
                raise ValueError(f"{pattern!r}: an empty class is not translated")
        elif char == "$":
            out.append(r"\Z")
        elif char == ".":
            out.append("[^\n\r\u2028\u2029]")
        else:
            out.append(char)
        i += 1
    return re.compile("".join(out))


def _inline_refs(
    node: Any, root: Mapping[str, Any], expanding: frozenset[str] = frozenset()
) -> Any:
    """``node`` with each ``{"$ref": "#/$defs/x"}`` (beside it a description at most)
    replaced by the definition it names, unless that definition refers back to itself.

    The reference validator then gives the same errors (jsonschema adds no "$ref" to an
    error's schema path; an error's ``schema`` is the definition, here with its
    description) without resolving a reference at every step of every invalid note.
    """
    if isinstance(node, list):
        return [_inline_refs(item, root, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if (
        isinstance(ref, str)
        and ref.startswith("#/$defs/")
        and ref not in expanding
        and set(node) <= {"$ref", "description"}
    ):
        named = root["$defs"][ref.removeprefix("#/$defs/")]
        inlined = _inline_refs(named, root, expanding | {ref})
        return {**inlined, **{key: value for key, value in node.items() if key != "$ref"}}
    return {key: _inline_refs(value, root, expanding) for key, value in node.items()}


def schema_problems(note: SourceNote) -> tuple[list[Problem], dict[str, Any]]:
    """All schema problems of ``note``, and its data with unquoted numbers put back as text.

    YAML reads ``time: 14.00`` as the number 14.0; where the schema wants text, the
    value is taken as it was typed ("14.00") instead of being reported.
    """
    if is_valid_fast(note):
        return [], note.data
    note = note.detailed()
    validator = validators()[note.type]
    data = note.data
    errors = list(validator.iter_errors(data))
    fixes = dict(_text_fixes(errors, note.plain_text))
    if fixes:
        data = copy.deepcopy(data)
        for path, text in fixes.items():
            _set(data, path, text)
        errors = list(validator.iter_errors(data))
    problems: list[Problem] = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        problems.extend(_explain(error, note))
    return _unique(problems), data


def is_valid_fast(note: SourceNote) -> bool:
    """jsonschema-rs's verdict on a note it can judge; False means "ask the reference".

    False too without jsonschema-rs, and for data it cannot take (a key that is not text:
    the fast YAML parser reads ``1: x`` with the number 1 as key, the careful one with "1").
    """
    fast = fast_validators().get(note.type)
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(note.data))
    except (ValueError, TypeError, OverflowError):
        return False


def _text_fixes(
    errors: Iterable[ValidationError], plain_text: Mapping[JsonPath, str]
) -> Iterator[tuple[JsonPath, str]]:
    for error in errors:
        if error.context:
            yield from _text_fixes(error.context, plain_text)
        if error.validator != "type":
            continue
        expected: Any = error.validator_value
        wants_text = expected == "string" or (isinstance(expected, list) and "string" in expected)
        path = tuple(error.absolute_path)
        if wants_text and path in plain_text:
            yield path, plain_text[path]


def _set(data: Any, path: JsonPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _explain(error: ValidationError, note: SourceNote) -> Iterator[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    rule: Any = error.validator_value
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}

    def at(code: str, where: JsonPath = path, **params: Any) -> Problem:
        return problem(note.path, note.lines.line_of(where), dotted(where), code, **params)

    if kind in ("oneOf", "anyOf"):
        branch = _matching_branch(error)
        if branch is not None:
            for sub in branch:
                yield from _explain(sub, note)
        else:
            yield at("schema.type", expected=_branch_types(error), value=value)
    elif kind == "required":
        for name in rule:
            if isinstance(value, dict) and name not in value:
                yield at("schema.required", (*path, name) if path else (name,), name=name)
    elif kind == "additionalProperties":
        known = set(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        for name in value if isinstance(value, dict) else ():
            if name in known or any(p.search(name) for p in patterns):
                continue
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            where = (*path, name)
            if close:
                yield at("schema.unknown_field_suggest", where, name=name, suggestion=close[0])
            else:
                yield at("schema.unknown_field", where, name=name)
    elif kind == "type":
        expected = rule
        yield at(
            "schema.type",
            expected=expected if isinstance(expected, list) else [expected],
            value=value,
        )
    elif kind == "enum":
        yield at("schema.enum", value=value, allowed=list(rule))
    elif kind == "const":
        yield at("schema.const", allowed=[rule])
    elif kind == "format":
        code, iso = _date_message(value)
        yield at(code, value=value, iso=iso)
    elif kind == "pattern" or kind == "minLength":
        if isinstance(value, str) and not value.strip():
            yield at("schema.empty_text")
        else:
            field_name = next((p for p in reversed(path) if isinstance(p, str)), "")
            yield at(_PATTERN_MESSAGES.get(field_name, "schema.pattern"), value=value)
    elif kind == "minimum":
        yield at("schema.minimum", value=value, limit=rule)
    elif kind == "minProperties":
        yield at("schema.min_properties", allowed=sorted(schema.get("properties", {})))
    else:
        yield at("schema.other", detail=error.message)


def _matching_branch(error: ValidationError) -> list[ValidationError] | None:
    """The errors of the oneOf branch whose type fits the value, if one does."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    for subs in branches.values():
        if not any(s.validator == "type" and not s.relative_path for s in subs):
            return subs
    return None


def _branch_types(error: ValidationError) -> list[str]:
    found: list[str] = []
    for sub in error.context or ():
        if sub.validator == "type" and not sub.relative_path:
            rule: Any = sub.validator_value
            for t in rule if isinstance(rule, list) else [rule]:
                if t not in found:
                    found.append(t)
    return found or ["string"]


def _date_message(value: Any) -> tuple[str, str]:
    """Suggest the ISO form of a Russian-written date, or say that the date cannot exist."""
    if not isinstance(value, str):
        return "schema.date", ""
    match = _RU_DATE.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return "schema.date_suggest", date(year, month, day).isoformat()
        except ValueError:
            return "schema.date_impossible", ""
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
        year_zero = value.strip().startswith("0000")
        return ("schema.date_year_zero" if year_zero else "schema.date_impossible"), ""
    return "schema.date", ""


def dotted(path: JsonPath) -> str:
    """A field path for people: ``decisions.2.due`` (list positions counted from 1)."""
    return ".".join(str(p + 1) if isinstance(p, int) else p for p in path)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    result = []
    for found in problems:
        if found not in seen:
            seen.add(found)
            result.append(found)
    return result
