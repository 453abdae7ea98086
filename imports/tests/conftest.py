from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def draft(world):
    """draft(file name, network=network_a, actor=worker_a) -> an ImportBatch read from a fixture file."""
    from imports import reading, services

    def _draft(name: str, network=None, actor=None, data: bytes | None = None):
        sheets = reading.read_upload(name, data if data is not None else fixture_bytes(name))
        return services.batch_create(
            actor=actor or world.worker_a, network=network or world.network_a, file_name=name, sheets=sheets
        )

    return _draft


def with_new_activity(batch, name="Soepmiddag"):
    """The guessed mapping with the attendance going to a new activity (what the user confirms)."""
    from imports import services

    mapping = dict(batch.mapping, activity=None, activity_name=name)
    services.batch_set_mapping(actor=batch.created_by, batch=batch, mapping=mapping)
    batch.refresh_from_db()
    return batch
