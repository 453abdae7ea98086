"""Organisation B's imports for the ownership walk in core/tests/test_ownership.py."""


def _theirs(w) -> dict:
    from imports import reading, services
    from imports.tests.conftest import fixture_bytes

    if getattr(w, "_imports_b", None):
        return w._imports_b
    sheets = reading.read_upload("groep.xlsx", fixture_bytes("groep.xlsx"))
    batch = services.batch_create(
        actor=w.outsider, network=w.other_network, file_name="groep.xlsx", sheets=sheets
    )
    w._imports_b = {"network_id": w.other_network.pk, "batch_id": batch.pk}
    return w._imports_b


def _pick(*names):
    return lambda w: {name: _theirs(w)[name] for name in names}


CASES = {
    "imports:start": _pick("network_id"),
    "imports:sample": _pick("network_id"),
    "imports:batch": _pick("network_id", "batch_id"),
    "imports:columns": _pick("network_id", "batch_id"),
    "imports:preview": _pick("network_id", "batch_id"),
    "imports:undo": _pick("network_id", "batch_id"),
}
