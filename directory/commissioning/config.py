"""The report's thresholds: bundled defaults (``thresholds.toml``), overridden per authority.

An authority changes any of them in a ``[commissioning]`` table of its configuration file; a
wrong value is a ``ConfigurationError`` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from directory.errors import ConfigurationError
from directory.localoffer import AuthorityConfig
from directory.vocab import vocabulary

FLAGS = (
    "no_provision",
    "far_below_demand_share",
    "single_sector",
    "mostly_out_of_borough",
    "mostly_stale",
)
STATUTORY_SECTORS = ("education", "health", "social_care")


@dataclass(frozen=True)
class Thresholds:
    stale_after_months: int
    far_below_ratio: float
    min_plans_for_share_flag: int
    mostly: float
    expected_sectors: tuple[str, ...]
    expected_sectors_by_need: dict[str, tuple[str, ...]]
    flag_weights: dict[str, int]
    few_results: int
    min_search_count: int
    search_window_days: int
    priority_indicators: dict[str, tuple[str, ...]]

    def sectors_expected(self, need: str) -> tuple[str, ...]:
        return self.expected_sectors_by_need.get(need, self.expected_sectors)


def default_settings() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("thresholds.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_thresholds(config: AuthorityConfig | None = None) -> Thresholds:
    """The defaults, with the authority's ``[commissioning]`` table laid over them."""
    merged = default_settings()
    where = "thresholds.toml"
    if config is not None and "commissioning" in config.raw:
        where = f"{config.path} [commissioning]"
        overrides = config.raw["commissioning"]
        if not isinstance(overrides, dict):
            raise ConfigurationError(f"{where}: must be a table", file=str(config.path))
        merged = _merge(merged, overrides)
    return _read(merged, where)


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            result[key] = {**base[key], **value}
        else:
            result[key] = value
    return result


def _read(data: dict[str, Any], where: str) -> Thresholds:
    def number(key: str, kind: type, low: float, high: float, table: dict[str, Any] = data) -> Any:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigurationError(f"{where}: {key} must be a number")
        if kind is int and not isinstance(value, int):
            raise ConfigurationError(f"{where}: {key} must be a whole number")
        if not low <= value <= high:
            raise ConfigurationError(f"{where}: {key} must be between {low} and {high}")
        return kind(value)

    searches = data.get("searches", {})
    weights = data.get("flag_weights", {})
    unknown = set(weights) - set(FLAGS)
    if unknown:
        raise ConfigurationError(f"{where}: flag_weights has unknown flags {sorted(unknown)}")
    return Thresholds(
        stale_after_months=number("stale_after_months", int, 1, 120),
        far_below_ratio=number("far_below_ratio", float, 0, 1),
        min_plans_for_share_flag=number("min_plans_for_share_flag", int, 0, 100_000),
        mostly=number("mostly", float, 0, 1),
        expected_sectors=_sectors(data.get("expected_sectors"), "expected_sectors", where),
        expected_sectors_by_need=_by_need(data.get("expected_sectors_by_need", {}), where),
        flag_weights={f: number(f, int, 0, 100, weights) for f in FLAGS},
        few_results=number("few_results", int, 0, 1000, searches),
        min_search_count=number("min_count", int, 1, 1000, searches),
        search_window_days=number("window_days", int, 1, 3660, searches),
        priority_indicators=_indicators(data.get("priority_indicators", {}), where),
    )


def _sectors(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ConfigurationError(f"{where}: {key} must be a list of sectors")
    for sector in value:
        if sector not in STATUTORY_SECTORS:
            raise ConfigurationError(
                f"{where}: {key}: {sector!r} is not one of {', '.join(STATUTORY_SECTORS)}"
            )
    return tuple(value)


def _by_need(table: Any, where: str) -> dict[str, tuple[str, ...]]:
    needs = vocabulary("send-need")
    result = {}
    for need, sectors in dict(table).items():
        if need not in needs:
            raise ConfigurationError(f"{where}: expected_sectors_by_need: unknown need {need!r}")
        result[need] = _sectors(sectors, f"expected_sectors_by_need.{need}", where)
    return result


def _indicators(table: Any, where: str) -> dict[str, tuple[str, ...]]:
    from directory.commissioning.indicators import INDICATORS

    result = {}
    for priority, codes in dict(table).items():
        if not isinstance(codes, list) or not all(c in INDICATORS for c in codes):
            raise ConfigurationError(
                f"{where}: priority_indicators.{priority} must list indicator codes from: "
                + ", ".join(INDICATORS)
            )
        result[priority] = tuple(codes)
    return result
