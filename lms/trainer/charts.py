"""The cohort's progress over time as points for a server-rendered SVG line chart."""

from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT, PAD = 640, 220, 36


@dataclass
class Chart:
    """What the SVG template draws."""

    points: str  # "x,y x,y ..." for a polyline
    area: str  # the same line closed along the x axis, for a filled area
    first: date
    last: date
    final_percent: int
    y_ticks: list[tuple[int, float]]  # (percent, y)
    width: int = WIDTH
    height: int = HEIGHT
    pad: int = PAD


def progress_chart(by_day: dict[date, int], learners: int, items: int,
                   start: date | None, today: date) -> Chart | None:
    """Cumulative share of (learner, item) pairs completed, day by day, from start to today."""
    if not learners or not items:
        return None
    first = min([d for d in (start, *by_day) if d is not None], default=today)
    last = max(today, first + timedelta(days=1))
    span = (last - first).days
    possible = learners * items
    done, coords = 0, []
    for offset in range(span + 1):
        day = first + timedelta(days=offset)
        done += by_day.get(day, 0)
        x = PAD + (WIDTH - 2 * PAD) * offset / span
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * min(done / possible, 1)
        coords.append((round(x, 1), round(y, 1)))
    points = " ".join(f"{x},{y}" for x, y in coords)
    base = HEIGHT - PAD
    area = f"{coords[0][0]},{base} {points} {coords[-1][0]},{base}"
    ticks = [(p, round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * p / 100, 1))
             for p in (0, 25, 50, 75, 100)]
    return Chart(points, area, first, last, round(100 * min(done / possible, 1)), ticks)
