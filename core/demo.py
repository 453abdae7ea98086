"""Realistic Dutch demo data, built through the app's own services with a fixed seed.

`manage.py demo` calls the builders below in order; each app adds its own part in
<app>/demo.py with a function `build(ctx: DemoContext) -> None`.
"""

import datetime as dt
import importlib
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

DEMO_PASSWORD = "vangnet-demo-2026"  # noqa: S105 - printed for the demo on purpose  # nosec B105

# (module, required). Later issues add theirs; a missing optional module is skipped.
BUILDERS = [
    "accounts.demo",
    "networks.demo",
    "people.demo",
    "practice.demo",
    "planning.demo",
    "support.demo",
    "evaluation.demo",
    "quality.demo",
    "privacy.demo",
    "board.demo",
    "imports.demo",
]


@dataclass
class DemoContext:
    rng: random.Random
    today: dt.date
    organisation: object = None
    users: dict = field(default_factory=dict)  # key -> User
    locations: dict = field(default_factory=dict)
    networks: dict = field(default_factory=dict)  # key -> Network ("soup", "crafts", "toys")
    partners: dict = field(default_factory=dict)
    participants: dict = field(default_factory=dict)  # network key -> [Participant]
    accounts: list = field(default_factory=list)  # (role label, username, password, note)


def build_demo(
    *, seed: int = 20261125, today: dt.date | None = None, builders: list[str] | None = None
) -> DemoContext:
    """Build the demo; `builders` limits it to the first modules of BUILDERS (tests of one part)."""
    ctx = DemoContext(rng=random.Random(seed), today=today or timezone.localdate())  #  # nosec B311
    with transaction.atomic():
        for module_name in builders or BUILDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.build(ctx)
    return ctx
