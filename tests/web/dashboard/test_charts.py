"""Geometry of the overview's SVG charts: round scales, bars inside the plot, funnel shares."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from consultbot.web.dashboard.charts import (
    FUNNEL_ROW,
    FUNNEL_WIDTH,
    HEIGHT,
    PADDING_LEFT,
    WIDTH,
    bar_chart,
    funnel,
)


def days(count: int) -> list[date]:
    return [date(2026, 11, 1) + timedelta(days=offset) for offset in range(count)]


def test_bars_scale_to_a_round_top_and_an_empty_period_draws_flat() -> None:
    days = [date(2026, 11, 1) + timedelta(days=offset) for offset in range(7)]
    chart = bar_chart(days, [0, 3, 7, 0, 0, 1, 0])
    assert chart.top == 10
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.value == 7 and tallest.y + tallest.height == chart.plot_bottom
    empty = bar_chart(days, [0] * 7)
    assert empty.top == 1 and all(bar.height == 0 for bar in empty.bars)


def test_the_funnel_shows_each_stage_as_a_share_of_the_first() -> None:
    stages = funnel([("a", 10), ("b", 5), ("c", 0)])
    assert [stage.share for stage in stages] == [1.0, 0.5, 0.0]
    assert stages[1].width == stages[0].width / 2
    assert [stage.share for stage in funnel([("a", 0), ("b", 0)])] == [0.0, 0.0]


@pytest.mark.parametrize(
    ("highest", "top"),
    [(1, 1), (2, 2), (3, 5), (5, 5), (6, 10), (10, 10), (11, 20), (21, 50), (51, 100),
     (999, 1000), (1001, 2000)],
)  # fmt: skip
def test_the_scale_tops_out_at_one_two_or_five_times_a_power_of_ten(highest: int, top: int) -> None:
    assert bar_chart(days(2), [0, highest]).top == top


@pytest.mark.parametrize("count", [1, 7, 30, 90])
def test_every_bar_stays_inside_the_plot_and_the_labels_stay_few(count: int) -> None:
    values = [(n * 37) % 23 for n in range(count)]
    chart = bar_chart(days(count), values)
    assert [bar.value for bar in chart.bars] == values
    assert [bar.day for bar in chart.bars] == days(count)
    for bar in chart.bars:
        assert PADDING_LEFT <= bar.x and bar.x + bar.width <= WIDTH + 0.1
        assert 0 <= bar.y and bar.y + bar.height == pytest.approx(chart.plot_bottom, abs=0.1)
    xs = [bar.x for bar in chart.bars]
    assert xs == sorted(xs) and len(set(xs)) == count
    assert 1 <= len(chart.labels) <= 13 and chart.labels[0] is chart.bars[0]
    assert chart.plot_bottom < HEIGHT


def test_taller_bars_are_for_larger_values() -> None:
    chart = bar_chart(days(3), [2, 8, 4])
    heights = [bar.height for bar in chart.bars]
    assert heights[1] > heights[2] > heights[0] > 0
    assert heights[1] / heights[0] == pytest.approx(4, rel=0.05)


def test_no_days_draws_no_bars() -> None:
    chart = bar_chart([], [])
    assert (chart.bars, chart.labels, chart.top) == ([], [], 1)


def test_days_and_values_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        bar_chart(days(3), [1, 2])


def test_funnel_stages_keep_their_order_labels_and_rows() -> None:
    stages = funnel([("Wrote", 40), ("Started", 10), ("Completed", 4)])
    assert [(s.label, s.value) for s in stages] == [
        ("Wrote", 40),
        ("Started", 10),
        ("Completed", 4),
    ]
    assert [s.y for s in stages] == [0, FUNNEL_ROW, 2 * FUNNEL_ROW]
    assert stages[0].width < FUNNEL_WIDTH
    assert stages[2].width == pytest.approx(stages[0].width / 10, abs=0.1)
    assert funnel([]) == []
