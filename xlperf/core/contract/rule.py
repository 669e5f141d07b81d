"""The resolved rule of one indicator: its method, parameters and clamp, defaults applied.

Example:
    >>> IndicatorRule("ratio", cap=120).cap
    120
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorRule:
    """Everything a method needs to score one indicator, scheme defaults resolved.

    ``bands`` are ``(bound, score)`` pairs (``bands`` and ``attainment``);
    ``above[i]`` is True when band i is written ``above`` (value > bound), and
    ``above`` may be empty when every band is a ``min`` (value ≥ bound); ``points`` are ``(x, score)`` pairs
    with strictly increasing x, ``rating_map`` ``(rating, points)`` pairs.
    """

    method: str
    floor: float = 0.0
    cap: float = 150.0
    bands: tuple[tuple[float, float], ...] = ()
    points: tuple[tuple[float, float], ...] = ()
    on: str = "achievement"
    rating_map: tuple[tuple[float, float], ...] = ()
    scale_min: float = 1.0
    scale_max: float = 5.0
    per: float = 0.0
    lower: bool = False
    above: tuple[bool, ...] = ()
