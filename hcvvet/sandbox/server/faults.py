"""Fault injection for the sandbox services, switchable at run time and reproducible from a seed.

A rule (service, kind) fires either on the next N eligible calls (`next_n`), or on each call with
probability `rate` drawn from its own `random.Random(seed)`, or both (rate-limited, at most N times),
or on every call when neither is given. `fire` is asked at the point where a kind applies (the
request start for most kinds, inside the handler for `reject_login` and the quick-job limits).

`quick_too_large` and `quick_limit_reworded` both refuse a quick job whose result has rows, as a CasJobs fault
worded two ways: a client must not depend on the words of one server's message.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field, fields

SERVICES = ("casjobs", "login", "fast", "output", "invoke", "fitscut", "catalogs")
GENERIC_KINDS = ("http_500", "http_503", "delay", "hang", "truncate", "malformed", "blocked_403")
SPECIAL_KINDS = {"reject_login": "login", "quick_too_large": "casjobs", "quick_limit_reworded": "casjobs"}
# The message of each quick-job limit fault.
QUICK_LIMIT_MESSAGES = {
    "quick_too_large": (
        "Query results exceed the maximum size for a quick job. "
        "Please submit a batch job to the queue instead (quick job output is limited)."
    ),
    "quick_limit_reworded": "Query results exceed quick job limit",
}
KINDS = GENERIC_KINDS + tuple(SPECIAL_KINDS)
OPTIONS = ("next_n", "rate", "seed", "seconds", "max_seconds")  # a rule's settings (``FaultRule``)


@dataclass
class FaultRule:
    service: str
    kind: str
    next_n: int | None = None
    rate: float | None = None
    seed: int = 0
    seconds: float | None = None
    max_seconds: float | None = None
    fired: int = 0
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def exhausted(self) -> bool:
        return self.next_n is not None and self.fired >= self.next_n

    def roll(self) -> bool:
        """Decide (and count) whether this eligible call gets the fault."""
        if self.exhausted():
            return False
        if self.rate is not None and self.rng.random() >= self.rate:
            return False
        self.fired += 1
        return True

    def delay_seconds(self) -> float:
        """The sleep of a `delay` fault: fixed `seconds`, else uniform in [0, max_seconds]."""
        if self.seconds is not None:
            return self.seconds
        return self.rng.uniform(0.0, self.max_seconds or 1.0)

    def as_dict(self) -> dict:
        """The rule's settings and its count of fired calls (every field but the generator)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.repr}


class FaultRegistry:
    """Thread-safe set of active fault rules plus per-service request counters."""

    def __init__(self) -> None:
        self._rules: dict[tuple[str, str], FaultRule] = {}
        self._calls: dict[str, int] = dict.fromkeys(SERVICES, 0)
        self._lock = threading.Lock()

    def set(self, service: str, kind: str, **options: float | None) -> FaultRule:
        """Install (or replace) the rule for (service, kind) with ``options`` (named in ``OPTIONS``; None or
        absent: the rule's default). Raises ValueError on bad arguments."""
        unknown = set(options) - set(OPTIONS)
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
        next_n, rate, seed, seconds, max_seconds = (options.get(name) for name in OPTIONS)
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(KINDS)}")
        if kind in SPECIAL_KINDS and SPECIAL_KINDS[kind] != service:
            raise ValueError(f"fault {kind!r} applies only to service {SPECIAL_KINDS[kind]!r}")
        if next_n is not None and (isinstance(next_n, bool) or int(next_n) != next_n or next_n < 1):
            raise ValueError("next_n must be a positive integer")
        if rate is not None and not 0.0 <= float(rate) <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        for name, value in (("seconds", seconds), ("max_seconds", max_seconds)):
            if value is not None and not 0.0 <= float(value) <= 3600.0:
                raise ValueError(f"{name} must be between 0 and 3600")
        rule = FaultRule(
            service,
            kind,
            None if next_n is None else int(next_n),
            None if rate is None else float(rate),
            int(seed or 0),
            None if seconds is None else float(seconds),
            None if max_seconds is None else float(max_seconds),
        )
        with self._lock:
            self._rules[(service, kind)] = rule
        return rule

    def clear(self, service: str | None = None) -> None:
        """Remove every rule, or only those of one service."""
        with self._lock:
            for key in [k for k in self._rules if service is None or k[0] == service]:
                del self._rules[key]

    def rules(self) -> list[dict]:
        with self._lock:
            return [r.as_dict() for r in self._rules.values()]

    def fire(self, service: str, kind: str) -> FaultRule | None:
        """The rule for (service, kind) if it fires on this call, else None."""
        with self._lock:
            rule = self._rules.get((service, kind))
            return rule if rule is not None and rule.roll() else None

    def pick(self, service: str) -> FaultRule | None:
        """The first generic rule of `service` that fires on this call, else None."""
        with self._lock:
            for kind in GENERIC_KINDS:
                rule = self._rules.get((service, kind))
                if rule is not None and rule.roll():
                    return rule
        return None

    def count_call(self, service: str) -> None:
        with self._lock:
            self._calls[service] = self._calls.get(service, 0) + 1

    def calls(self, service: str) -> int:
        with self._lock:
            return self._calls.get(service, 0)
