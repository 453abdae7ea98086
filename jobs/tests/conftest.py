import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Stored downloads go to a fresh private folder per test."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
