"""Where a run's time goes: CPU (this process and its finished children) and wall, per step."""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def children_cpu() -> float:
    """CPU seconds of every finished child process (pool workers count once joined)."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


@dataclass
class TimedStep:
    name: str
    cpu: float  # seconds of CPU in this process, plus children that finished in the step
    wall: float
    note: str = ""


@dataclass
class Timings:
    steps: list[TimedStep] = field(default_factory=list)
    _t0: tuple[float, float, float] = field(default_factory=lambda: (
        time.process_time(), children_cpu(), time.perf_counter()))

    @contextmanager
    def step(self, name: str, note: str = "") -> Iterator[None]:
        cpu, kids, wall = time.process_time(), children_cpu(), time.perf_counter()
        try:
            yield
        finally:
            self.steps.append(TimedStep(name, time.process_time() - cpu + children_cpu() - kids,
                                   time.perf_counter() - wall, note))

    def add(self, name: str, cpu: float, wall: float, note: str = "") -> None:
        """A step measured elsewhere (e.g. tear sheets in worker processes)."""
        self.steps.append(TimedStep(name, cpu, wall, note))

    def total(self) -> TimedStep:
        cpu, kids, wall = self._t0
        return TimedStep("total", time.process_time() - cpu + children_cpu() - kids,
                    time.perf_counter() - wall)

    def as_dict(self) -> dict[str, dict[str, float | str]]:
        out: dict[str, dict[str, float | str]] = {}
        for s in [*self.steps, self.total()]:
            out[s.name] = {"cpu_s": round(s.cpu, 2), "wall_s": round(s.wall, 2),
                           **({"note": s.note} if s.note else {})}
        return out
