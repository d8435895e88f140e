"""Check digits of the public identifiers that appear in migration data.

- 全国地方公共団体コード (local-government code): 5 digits + 1 check digit.
- 個人番号 (My Number): 11 digits + 1 check digit (総務省令第85号 §5).
- 法人番号 (corporate number): 1 leading check digit + 12 digits.
"""

from __future__ import annotations


def lg_check_digit(code5: str) -> int:
    """Check digit of a 5-digit local-government code (weights 6,5,4,3,2; mod 11)."""
    _require_digits(code5, 5)
    total = sum(int(c) * w for c, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def is_valid_lg_code(code6: str) -> bool:
    """True when `code6` is six ASCII digits whose last digit is the local-government check digit."""
    return _is_ascii_digits(code6, 6) and lg_check_digit(code6[:5]) == int(code6[5])


def my_number_check_digit(base11: str) -> int:
    """Check digit of an 11-digit My Number base."""
    _require_digits(base11, 11)
    total = sum(int(base11[-n]) * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(number: str) -> bool:
    """True when `number` is twelve ASCII digits with a correct My Number check digit."""
    return _is_ascii_digits(number, 12) and my_number_check_digit(number[:11]) == int(number[11])


def corporate_number_check_digit(base12: str) -> int:
    """Leading check digit of a 13-digit corporate number (法人番号), from its 12-digit base.

    Weights alternate 1 and 2 from the least-significant digit; check = 9 - (sum mod 9).
    """
    _require_digits(base12, 12)
    total = sum(int(base12[-n]) * (1 if n % 2 == 1 else 2) for n in range(1, 13))
    return 9 - total % 9


def is_valid_corporate_number(number: str) -> bool:
    """True when `number` is thirteen ASCII digits whose first digit is the corporate check digit."""
    return _is_ascii_digits(number, 13) and corporate_number_check_digit(number[1:]) == int(number[0])


def _is_ascii_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def _require_digits(text: str, length: int) -> None:
    if not _is_ascii_digits(text, length):
        raise ValueError(f"expected {length} ASCII digits, got {len(text)} characters")
