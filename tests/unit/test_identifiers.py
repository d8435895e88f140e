"""Check digits of local-government codes, My Numbers and corporate numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.domain.identifiers import (
    corporate_number_check_digit,
    is_valid_corporate_number,
    is_valid_lg_code,
    is_valid_my_number,
    lg_check_digit,
    my_number_check_digit,
)


@pytest.mark.parametrize(
    ("code5", "expected"),
    [("13101", 6), ("01100", 2), ("27140", 3), ("14150", 0), ("47201", 8)],
)
def test_lg_check_digit_known_values(code5: str, expected: int) -> None:
    assert lg_check_digit(code5) == expected


def test_known_valid_my_number() -> None:
    assert is_valid_my_number("983205673214")
    assert not is_valid_my_number("983205673215")


def test_known_corporate_number() -> None:
    # 国税庁's published example corporate number 7000012050002 (国税庁).
    assert is_valid_corporate_number("7000012050002")
    assert not is_valid_corporate_number("8000012050002")


@pytest.mark.parametrize("bad", ["", "12345", "１３１０１６", "13101a", "1310166"])
def test_invalid_shapes_are_not_valid_lg_codes(bad: str) -> None:
    assert not is_valid_lg_code(bad)


def test_full_width_digits_are_rejected() -> None:
    with pytest.raises(ValueError):
        lg_check_digit("１３１０１")


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_every_my_number_base_gets_exactly_one_valid_digit(base: str) -> None:
    valid = [d for d in range(10) if is_valid_my_number(base + str(d))]
    assert valid == [my_number_check_digit(base)]


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_corporate_base_gets_exactly_one_valid_digit(base: str) -> None:
    valid = [d for d in range(1, 10) if is_valid_corporate_number(str(d) + base)]
    assert valid == [corporate_number_check_digit(base)]
