"""The staffing norm of the intervention description (section 'bemensing'), as one pure function.

- 4 hours a week for 15-20 participants with one weekly activity of at most 2.5 hours;
- every hour an activity runs longer than 2.5 hours needs one extra hour (we count per started
  half hour: 2 h 45 min is half an hour extra, 3 h 30 min one hour);
- 21-25 participants: +0.5 h a week; 26-30: +1 h a week; from 31: a second social worker.
The source disagrees with itself: its cost section says two workers 'when the group grows beyond
20'. So from 21 participants the norm carries a warning, and from 31 a second worker is required.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

BASE_HOURS = Decimal("4")
ADVISED_ACTIVITY_MINUTES = 150
WARNING_ABOVE = 20  # cost section: two workers for a group larger than 20
SECOND_WORKER_ABOVE = 30  # staffing section: a second worker above 30


@dataclass(frozen=True)
class StaffingNorm:
    participants: int
    longest_activity_minutes: int
    base_hours: Decimal
    activity_extra: Decimal
    size_extra: Decimal
    workers_required: int
    second_worker_warning: bool

    @cached_property
    def hours(self) -> Decimal:
        """Hours a week the norm asks of the (first) social worker."""
        return self.base_hours + self.activity_extra + self.size_extra


def staffing_norm(*, participants: int, longest_activity_minutes: int | None) -> StaffingNorm:
    """The norm for a group of `participants` whose longest weekly activity lasts that many minutes."""
    return _norm(participants, longest_activity_minutes or 0)


@lru_cache(maxsize=4096)
def _norm(participants: int, minutes: int) -> StaffingNorm:
    # Pure and immutable, over few distinct inputs: the needs-attention view asks it for every network.
    over = max(0, minutes - ADVISED_ACTIVITY_MINUTES)
    activity_extra = Decimal(math.ceil(over / 30)) / 2
    if participants <= WARNING_ABOVE:
        size_extra = Decimal("0")
    elif participants <= 25:  # noqa: PLR2004 - the source's bands
        size_extra = Decimal("0.5")
    else:
        size_extra = Decimal("1")
    return StaffingNorm(
        participants=participants,
        longest_activity_minutes=minutes,
        base_hours=BASE_HOURS,
        activity_extra=activity_extra,
        size_extra=size_extra,
        workers_required=2 if participants > SECOND_WORKER_ABOVE else 1,
        second_worker_warning=WARNING_ABOVE < participants <= SECOND_WORKER_ABOVE,
    )
