"""The YAML reader: YAML 1.2 scalars, lines of every value, no surprises from YAML 1.1."""

from __future__ import annotations

import pytest

from vault_sync.notes import yaml_reader


def test_times_dates_and_norway_stay_text() -> None:
    doc = yaml_reader.load("time: 14:00\ndate: 2021-09-22\nanswer: no\nflag: true\nn: 29\n")
    assert doc.data == {
        "time": "14:00",
        "date": "2021-09-22",
        "answer": "no",
        "flag": True,
        "n": 29,
    }


def test_lines_of_nested_values_are_recorded() -> None:
    doc = yaml_reader.load("a: 1\ndecisions:\n  - text: x\n    due: y\n")
    assert doc.lines[("decisions", 0, "due")] == 3
    assert doc.lines[("a",)] == 0


def test_unquoted_numbers_remember_how_they_were_typed() -> None:
    doc = yaml_reader.load("time: 14.00\n")
    assert doc.data == {"time": 14.0} and doc.plain_text[("time",)] == "14.00"


def test_quoted_values_are_always_text() -> None:
    assert yaml_reader.load("a: '5'\nb: \"true\"\n").data == {"a": "5", "b": "true"}


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    doc = yaml_reader.load("a: 1\nb: 2\na: 3\n")
    assert doc.duplicates == [(("a",), 0, 2)] and doc.data["a"] == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x [*x]\n", "yaml.too_deep"),
        ("a: !!python/name:os.system x\n", "yaml.tag"),
        ("a: *missing\n", "yaml.alias"),
        ("<<: {a: 1}\n", "yaml.merge"),
        ("? [a]\n: 1\n", "yaml.complex_key"),
        ("a: 'open\n", "yaml.unclosed_quote"),
    ],
)
def test_dangerous_or_broken_yaml_is_refused(text: str, code: str) -> None:
    with pytest.raises(yaml_reader.YamlProblem) as caught:
        yaml_reader.load(text)
    assert caught.value.code == code


# --- the fast path (yaml_rs) must read plain frontmatter exactly like the careful one ------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_scalars = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.sampled_from(
        [
            "14:00",
            "14-00",
            "14.00",
            "2021-09-22",
            "22.09.2021г.",
            "no",
            "yes",
            "on",
            "off",
            "true",
            "false",
            "null",
            "~",
            "1",
            "-3",
            "0.5",
            "1e3",
            "октябрь",
            "декабрь - март",
            "в течение года",
            "#не комментарий",
        ]
    ),
    st.integers(-1000, 1000),
    st.booleans(),
)
_keys = st.sampled_from(["type", "date", "time", "topic", "when", "count", "names", "a", "b"])
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _values, min_size=1, max_size=6), st.booleans())
def test_fast_and_careful_parsers_agree(data: dict[str, object], flow: bool) -> None:
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    fast = yaml_reader.fast_load(text)
    careful = yaml_reader.load(text).data
    if fast is not None:  # the fast parser may decline; it must never read differently
        assert fast == careful


@pytest.mark.parametrize(
    "text",
    [
        "time: 14:00\n",
        "date: 2021-09-22\n",
        "answer: no\n",
        "n: 29\nx: ~\n",
        "t: 14.00\n",
        "a: 2021-09-22 14:00\n",
        "k: [1, two, '3']\n",
    ],
)
def test_fast_and_careful_agree_on_the_usual_traps(text: str) -> None:
    fast = yaml_reader.fast_load(text)
    assert fast is not None and fast == yaml_reader.load(text).data
