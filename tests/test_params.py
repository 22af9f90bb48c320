"""Parameter schemas: conversion, range checks and the wording of errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scalingbook import params
from scalingbook.params import Param, ParameterError

MFU = Param("mfu", float, 0.4, "", "model FLOPs utilisation", low=0.0, high=1.0, low_open=True)
COUNT = Param("n", int, 8, "accelerators", "count", low=1, high=100)
CHOICE = Param("accelerator", str, "H100", "", "type", choices=("A100", "H100"))
FLAG = Param("flag", bool, False, "", "a switch")


def test_allowed_ranges_are_written_as_intervals():
    assert MFU.allowed() == "(0, 1]"
    assert COUNT.allowed() == "[1, 100]"
    assert CHOICE.allowed() == "one of: A100, H100"
    assert FLAG.allowed() == "true or false"


@pytest.mark.parametrize("text,expected", [("0.5", 0.5), ("1", 1.0), ("1e-1", 0.1), (" 0.25 ", 0.25)])
def test_float_text_is_parsed(text, expected):
    assert MFU.check(text) == expected


@pytest.mark.parametrize("value", ["abc", "", "nan", "inf", True, None, [0.4]])
def test_float_rejects_non_numbers_naming_the_parameter(value):
    with pytest.raises(ParameterError, match=r"parameter 'mfu'.*must be a"):
        MFU.check(value)


@pytest.mark.parametrize("value", [0, 0.0, -0.1, 1.5, "1.5"])
def test_out_of_range_message_names_parameter_range_and_value(value):
    with pytest.raises(ParameterError) as err:
        MFU.check(value, "pretraining-cost")
    msg = str(err.value)
    assert "'mfu'" in msg and "(0, 1]" in msg and "got" in msg and "pretraining-cost" in msg


def test_int_accepts_integral_text_and_floats_but_not_fractions():
    assert COUNT.check("12") == 12
    assert COUNT.check(12.0) == 12
    assert COUNT.check("1e1") == 10
    with pytest.raises(ParameterError, match="must be an integer"):
        COUNT.check("2.5")
    with pytest.raises(ParameterError, match="must be an integer"):
        COUNT.check(True)


def test_choices_and_bools():
    assert CHOICE.check("A100") == "A100"
    with pytest.raises(ParameterError, match="one of: A100, H100; got 'TPU'"):
        CHOICE.check("TPU")
    assert FLAG.check("yes") is True and FLAG.check("false") is False
    with pytest.raises(ParameterError):
        FLAG.check("maybe")


@given(st.floats(min_value=1e-9, max_value=1.0))
def test_every_value_in_range_round_trips_through_text(x):
    assert MFU.check(repr(x)) == x


def test_validate_fills_defaults_and_rejects_unknown_names():
    chapter = params.chapter_names()[0]
    full = params.validate(chapter, {})
    assert full == {p.name: p.default for p in params.schema(chapter)}
    with pytest.raises(ParameterError, match=r"unknown parameter 'no_such_thing' for chapter"):
        params.validate(chapter, {"no_such_thing": 1})


def test_unknown_chapter_lists_the_chapters():
    with pytest.raises(ParameterError, match="unknown chapter 'nope'; chapters are: "):
        params.schema("nope")


@pytest.mark.parametrize("chapter", params.chapter_names())
def test_every_default_satisfies_its_own_schema(chapter):
    for p in params.schema(chapter):
        assert p.check(p.default, chapter) == p.default, p.name
        assert p.meaning, f"{chapter}.{p.name} has no meaning"


def test_check_parameters_reads_a_notebook_namespace():
    chapter = params.chapter_names()[0]
    ns = {p.name: p.default for p in params.schema(chapter)}
    assert params.check_parameters(chapter, ns) == ns
    first = params.schema(chapter)[0]
    ns[first.name] = "abc" if first.kind is not str else 123
    with pytest.raises(ParameterError, match=first.name):
        params.check_parameters(chapter, ns)


def test_table_numbers_keep_years_whole_and_large_values_scientific():
    from scalingbook.report import format_number

    assert format_number(2030.0) == "2030" and format_number(2030.7) == "2030.7"
    assert format_number(2.58e29) == "2.58e+29" and format_number(0.5) == "0.5"
    assert format_number(float("nan")) == "" and format_number(0.0) == "0"
