"""Colours of the map and the heat-map grid: six completion bands, each with a text colour that
passes WCAG 2.1 AA (4.5:1) on it. Colour is never the only cue: cells also print the percentage."""

from __future__ import annotations

from dataclasses import dataclass

DARK_TEXT = "#1a1a1c"
LIGHT_TEXT = "#ffffff"


@dataclass(frozen=True, slots=True)
class Band:
    """One completion band: its lower bound (inclusive), fill colour and text colour."""

    index: int
    lower: float
    upper: float
    fill: str
    text: str


BANDS: tuple[Band, ...] = (
    Band(0, 0.0, 0.2, "#f1f5fe", DARK_TEXT),
    Band(1, 0.2, 0.4, "#c5d7fb", DARK_TEXT),
    Band(2, 0.4, 0.6, "#9db7f9", DARK_TEXT),
    Band(3, 0.6, 0.8, "#3460fb", LIGHT_TEXT),
    Band(4, 0.8, 1.0, "#0031d8", LIGHT_TEXT),
    Band(5, 1.0, 1.0, "#000060", LIGHT_TEXT),
)
NO_DATA_FILL = "#d8d8db"


def band(rate: float) -> Band:
    """The band of a completion rate in [0, 1]."""
    if rate >= 1.0:
        return BANDS[5]
    return BANDS[min(4, max(0, int(rate * 5)))]


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
