"""Geometry for the overview's server-rendered SVG charts (the template only draws it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH = 640
HEIGHT = 160
PADDING_LEFT = 36
PADDING_BOTTOM = 22
FUNNEL_WIDTH = 640
FUNNEL_ROW = 34


@dataclass(frozen=True, slots=True)
class Bar:
    """One day's bar."""

    x: float
    y: float
    width: float
    height: float
    day: date
    value: int


@dataclass(frozen=True, slots=True)
class BarChart:
    """Bars for a series of days, with the top of the scale and the x labels to print."""

    bars: list[Bar]
    top: int
    labels: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PADDING_LEFT
    plot_bottom: int = HEIGHT - PADDING_BOTTOM


@dataclass(frozen=True, slots=True)
class FunnelStage:
    """One stage of the conversion funnel, with its share of the first stage."""

    label: str
    value: int
    width: float
    y: float
    share: float


def bar_chart(days: list[date], values: list[int]) -> BarChart:
    """Lay out one bar per day; the scale's top is a round number at or above the maximum."""
    top = max(1, _round_up(max(values, default=0)))
    plot_width = WIDTH - PADDING_LEFT
    plot_height = HEIGHT - PADDING_BOTTOM - 8
    slot = plot_width / max(1, len(days))
    bars = []
    for position, (day, value) in enumerate(zip(days, values, strict=True)):
        height = plot_height * value / top if top else 0.0
        bars.append(
            Bar(
                x=round(PADDING_LEFT + position * slot + slot * 0.15, 1),
                y=round(HEIGHT - PADDING_BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                day=day,
                value=value,
            )
        )
    every = max(1, len(bars) // 7)
    labels = [bar for index, bar in enumerate(bars) if index % every == 0]
    return BarChart(bars=bars, top=top, labels=labels)


def funnel(stages: list[tuple[str, int]]) -> list[FunnelStage]:
    """Lay out the funnel: each stage's bar is its share of the first stage."""
    first = stages[0][1] if stages else 0
    laid_out = []
    for index, (label, value) in enumerate(stages):
        share = value / first if first else 0.0
        laid_out.append(
            FunnelStage(
                label=label,
                value=value,
                width=round(max(share, 0.0) * (FUNNEL_WIDTH - 270), 1),
                y=index * FUNNEL_ROW,
                share=share,
            )
        )
    return laid_out


def _round_up(value: int) -> int:
    """The smallest of 1, 2, 5 times a power of ten that is at least ``value`` (0 stays 0)."""
    if value <= 0:
        return 0
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= value:
                return step * scale
        scale *= 10
