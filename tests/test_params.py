"""Parameter schemas: conversion, range checks and the wording of errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scalingbook import params
from scalingbook.pages.params import Param, ParameterError

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
    from scalingbook.pages.report import format_number

    assert format_number(2030.0) == "2030" and format_number(2030.7) == "2030.7"
    assert format_number(2.58e29) == "2.58e+29" and format_number(0.5) == "0.5"
    assert format_number(float("nan")) == "" and format_number(0.0) == "0"


def test_out_of_range_shows_the_value_as_given_not_rounded():
    with pytest.raises(ParameterError, match=r"got 1\.0000001$"):
        MFU.check("1.0000001")
    with pytest.raises(ParameterError, match=r"got 1\.0000001$"):
        MFU.check(1.0000001)


def test_long_values_and_names_are_cut_in_messages():
    with pytest.raises(ParameterError) as err:
        CHOICE.check("x" * 100_000)
    assert len(str(err.value)) < 300 and "100,000 characters" in str(err.value)
    with pytest.raises(ParameterError) as err:
        params.validate(params.chapter_names()[0], {"y" * 5000: 1})
    assert len(str(err.value)) < 1000 and "5,000 characters" in str(err.value)


def test_parameter_names_and_chapter_names_must_be_text():
    chapter = params.chapter_names()[0]
    for bad in ({1: 2}, {None: 1}, {(1, 2): 3}):
        with pytest.raises(ParameterError, match="parameter names must be text"):
            params.validate(chapter, bad)
    with pytest.raises(ParameterError, match="chapter names are text"):
        params.schema(3)
    with pytest.raises(ParameterError, match="must map names to values"):
        params.validate(chapter, [1, 2])


@pytest.mark.parametrize("text", ["1", "0", "2", "maybe", ""])
def test_bools_take_only_the_words_yaml_reads_as_booleans(text):
    with pytest.raises(ParameterError, match="true or false"):
        FLAG.check(text)
    for word, value in (("true", True), ("Yes", True), ("on", True), ("false", False), ("NO", False), ("off", False)):
        assert FLAG.check(word) is value


def test_choice_parameters_of_dataset_names():
    data = Param("dataset", str, "epoch", "", "which published dataset", choices=("epoch", "gadre"))
    assert data.check("gadre") == "gadre"
    with pytest.raises(ParameterError, match="one of: epoch, gadre; got '/etc/passwd'"):
        data.check("/etc/passwd")


def test_path_parameters_are_checked_up_front(tmp_path):
    path = Param("data_file", str, "", "", "a CSV of measurements", must_exist=True)
    assert path.check("") == ""
    (tmp_path / "x.csv").write_text("a\n1\n")
    assert path.check(str(tmp_path / "x.csv")) == str(tmp_path / "x.csv")
    with pytest.raises(ParameterError, match="does not exist"):
        path.check(str(tmp_path / "missing.csv"))
    assert path.allowed() == "an existing file or folder (empty: none)"


# ------------------------------------------------------------------ bounded, ASCII, ordered (adversarial input)


def _float_param() -> params.Param:
    return next(p for p in params.schema("pretraining-cost") if p.name == "train_flops")


def test_arabic_indic_digits_are_refused_as_yaml_refuses_them():
    with pytest.raises(
        params.ParameterError, match=r"must be a number; got '١٢٣' \(write numbers with the digits 0-9\)"
    ):
        _float_param().check("١٢٣")
    n = next(p for p in params.schema("test-time-compute") if p.name == "n_samples")
    with pytest.raises(params.ParameterError, match="digits 0-9"):
        n.check("١٠")


def test_a_5000_digit_integer_names_the_parameter_and_its_length_quickly():
    import time

    start = time.perf_counter()
    for value in ("9" * 5000, params.HugeInteger("9" * 5000)):
        with pytest.raises(params.ParameterError, match=r"parameter 'train_flops' .*at most 400 digits.*5,000 digits"):
            _float_param().check(value)
    assert time.perf_counter() - start < 1


def test_a_401_digit_integer_for_a_number_is_one_refusal_not_an_overflow():
    with pytest.raises(
        params.ParameterError, match=r"parameter 'train_flops' must be a finite number; .*beyond the largest"
    ):
        _float_param().check(10**400)


def test_a_huge_nested_value_is_refused_without_formatting_all_of_it():
    import time

    bomb: list = ["lol"] * 10
    for _ in range(8):
        bomb = [bomb] * 10  # 10^9 leaves, shared as YAML aliases would be
    start = time.perf_counter()
    with pytest.raises(params.ParameterError, match=r"parameter 'train_flops' must be a number; got \[\[\["):
        _float_param().check(bomb)
    assert time.perf_counter() - start < 2, "the message formatted the whole value"


def test_min_params_must_be_below_max_params():
    with pytest.raises(
        params.ParameterError,
        match=r"parameter 'min_params' of chapter 'emergence-artifacts' must be below 'max_params'; "
        r"got min_params=1e\+14 and max_params=10000$",
    ):
        params.validate("emergence-artifacts", {"min_params": 1e14, "max_params": 1e4})
    assert params.validate("emergence-artifacts", {"min_params": 1e8, "max_params": 1e9})["max_params"] == 1e9
