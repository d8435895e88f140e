"""Random strings that fully match a spec pattern (for the synthetic data generator).

Walks the parse tree of Python's regex parser (``re._parser``): literals, character classes and
ranges, repeats, groups and alternations — everything the specs' patterns use. Unbounded repeats
are capped at `MAX_REPEAT`.
"""

from __future__ import annotations

import random
import re
from re import _constants as sre_constants  # type: ignore[attr-defined, unused-ignore]  # the parser behind `re`
from re import _parser as sre_parse  # type: ignore[attr-defined, unused-ignore]
from typing import Any

MAX_REPEAT = 8
_DIGITS = [chr(c) for c in range(ord("0"), ord("9") + 1)]


class UnsupportedPatternError(ValueError):
    """The pattern uses a construct the sampler does not generate."""


def sample(pattern: str, rng: random.Random) -> str:
    """One random string that fully matches `pattern` (verified)."""
    for _ in range(20):
        text = _emit(sre_parse.parse(pattern), rng)
        if re.fullmatch(pattern, text, flags=re.ASCII):
            return text
    raise UnsupportedPatternError(f"could not generate a value for pattern {pattern!r}")


def _emit(tree: Any, rng: random.Random) -> str:
    return "".join(_node(op, arg, rng) for op, arg in tree)


def _node(op: Any, arg: Any, rng: random.Random) -> str:  # noqa: PLR0911
    if op is sre_constants.LITERAL:
        return chr(arg)
    if op is sre_constants.IN:
        return _choose_in(arg, rng)
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, high, body = arg
        high = min(high, max(low, MAX_REPEAT)) if high is not sre_constants.MAXREPEAT else max(low, MAX_REPEAT)
        return "".join(_emit(body, rng) for _ in range(rng.randint(low, high)))
    if op is sre_constants.SUBPATTERN:
        return _emit(arg[-1], rng)
    if op is sre_constants.BRANCH:
        return _emit(rng.choice(arg[1]), rng)
    if op is sre_constants.AT:
        return ""
    if op is sre_constants.ANY:
        return rng.choice("abcxyz")
    raise UnsupportedPatternError(f"unsupported regex construct {op}")


def _choose_in(items: Any, rng: random.Random) -> str:
    choices: list[str] = []
    for op, arg in items:
        if op is sre_constants.NEGATE:
            raise UnsupportedPatternError("negated classes are not generated")
        if op is sre_constants.LITERAL:
            choices.append(chr(arg))
        elif op is sre_constants.RANGE:
            low, high = arg
            choices.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
        elif op is sre_constants.CATEGORY and arg is sre_constants.CATEGORY_DIGIT:
            choices.extend(_DIGITS)
        else:
            raise UnsupportedPatternError(f"unsupported class item {op}")
    return rng.choice(choices)
