"""The staffing norm on every boundary of the source's bands."""

from decimal import Decimal

import pytest

from planning.norm import staffing_norm


@pytest.mark.parametrize(
    ("participants", "size_extra", "workers", "warning"),
    [
        (0, "0", 1, False),
        (15, "0", 1, False),
        (20, "0", 1, False),  # 15-20: the base of 4 hours
        (21, "0.5", 1, True),  # 20-25: half an hour more; the cost section's "more than 20"
        (25, "0.5", 1, True),
        (26, "1", 1, True),  # 25-30: one hour more
        (30, "1", 1, True),
        (31, "1", 2, False),  # above 30: a second social worker is required
        (45, "1", 2, False),
    ],
)
def test_group_size_bands(participants, size_extra, workers, warning):
    norm = staffing_norm(participants=participants, longest_activity_minutes=120)
    assert norm.size_extra == Decimal(size_extra)
    assert norm.workers_required == workers
    assert norm.second_worker_warning is warning
    assert norm.hours == Decimal("4") + Decimal(size_extra)


@pytest.mark.parametrize(
    ("minutes", "extra"),
    [
        (None, "0"),
        (120, "0"),
        (150, "0"),  # exactly 2.5 hours: no extra hour
        (151, "0.5"),  # a started half hour longer
        (180, "0.5"),
        (181, "1"),
        (210, "1"),  # one hour longer: one extra hour
        (270, "2"),  # two hours longer: two extra hours
    ],
)
def test_longer_activity_needs_extra_hours(minutes, extra):
    norm = staffing_norm(participants=18, longest_activity_minutes=minutes)
    assert norm.activity_extra == Decimal(extra)
    assert norm.hours == Decimal("4") + Decimal(extra)


def test_extras_add_up():
    norm = staffing_norm(participants=27, longest_activity_minutes=210)
    assert norm.hours == Decimal("6")
