"""The demo's import: the sample sheet (imports/sample.py, the shape workers keep) imported into the
Speelgoedpunt, so its Importeren tab shows an import in its history with what it created (and, for
three days after the demo was built, the undo for Mohammed, who imported it)."""

from imports import reading, sample, services

FILE_NAME = "voorbeeld-vangnetwerk.xlsx"


def build(ctx) -> None:
    network = ctx.networks["toys"]
    actor = network.assignments.get(role="lead").user
    sheets = reading.read_upload(FILE_NAME, sample.sample_workbook(ctx.today))
    batch = services.batch_create(actor=actor, network=network, file_name=FILE_NAME, sheets=sheets)
    mapping = dict(batch.mapping, activity=None, activity_name="Inloop op dinsdag")
    services.batch_set_mapping(actor=actor, batch=batch, mapping=mapping)
    services.import_run(actor=actor, batch=batch)
