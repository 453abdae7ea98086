"""The phases of the intervention as steps: what is expected before a step, which phases a step skips,
and the current phase's tasks.

What the app knows about a network lives in other apps (participants, activities, quality), so the
checks come from providers in `core.registry.PHASE_STEPS` / `PHASE_TASKS` (the quality app registers
them, see quality/phase_checks.py). This module decides the order of the phases; docs/phases.md
describes the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from networks.models import PHASE_ORDER, Network, Phase


@dataclass(frozen=True)
class Check:
    """One thing the intervention expects or asks, with what the app knows of it."""

    key: str
    text: str  # the expectation or task, in plain words
    done: bool
    detail: str = ""  # what the app knows, e.g. "13 of 15"
    url: str = ""  # where it is done or recorded


@dataclass(frozen=True)
class Step:
    phase: str
    label: str
    checks: tuple[Check, ...]

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.done]


def next_phase(current: str) -> str | None:
    """The phase after `current` in the intervention's order (None after the provision or when stopped)."""
    if current not in PHASE_ORDER or current == PHASE_ORDER[-1]:
        return None
    return PHASE_ORDER[PHASE_ORDER.index(current) + 1]


def is_forward(current: str, target: str) -> bool:
    return (
        current in PHASE_ORDER
        and target in PHASE_ORDER
        and PHASE_ORDER.index(target) > PHASE_ORDER.index(current)
    )


def phases_entered(current: str, target: str) -> list[str]:
    """The phases a forward move passes into, the target last ([] for a move back or a stop)."""
    if not is_forward(current, target):
        return []
    return list(PHASE_ORDER[PHASE_ORDER.index(current) + 1 : PHASE_ORDER.index(target) + 1])


def skipped_phases(current: str, target: str) -> list[str]:
    """The phases a forward move jumps over: a move to the next phase skips none."""
    return phases_entered(current, target)[:-1]


def steps_to(network: Network, target: str) -> list[Step]:
    """What the intervention expects before each phase the network would enter on its way to `target`."""
    from core.registry import PHASE_STEPS

    steps = []
    for phase in phases_entered(network.phase, target):
        checks: list[Check] = []
        for provider in PHASE_STEPS:
            checks.extend(provider(network, phase))
        steps.append(Step(phase, str(Phase(phase).label), tuple(checks)))
    return steps


def current_tasks(network: Network, user) -> list[Check]:
    """The current phase's tasks from the intervention, ticked where the app knows they are done."""
    from core.registry import PHASE_TASKS

    tasks: list[Check] = []
    for provider in PHASE_TASKS:
        tasks.extend(provider(network, user))
    return tasks
