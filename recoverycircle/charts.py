"""The parts of a server-drawn SVG line chart that every trend chart shares (check-ins,
questionnaires): the figure's shape, and the one template that draws it
(templates/chart.html), accessible by a title and a description in words.

Coordinates are plain strings formatted here, so the page's language never changes "12.5".
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 400, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 14, 10, 24


@dataclass(frozen=True)
class Tick:
    x: str
    y: str
    label: str
    anchor: str = "end"


@dataclass(frozen=True)
class Dot:
    x: str
    y: str
    label: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    desc: str
    paths: list[str]  # one SVG path per unbroken run of points
    dots: list[Dot]
    grid: list[Tick]  # horizontal lines with their labels
    dates: list[Tick]  # labels along the bottom
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT


def fmt(number: float) -> str:
    return f"{number:.1f}"
