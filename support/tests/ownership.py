def _other_observation(w):
    from conftest import TODAY
    from support.services import observation_record

    observation = observation_record(
        actor=w.outsider,
        network=w.other_network,
        date=TODAY,
        giver=w.olga,
        receivers=[],
        to_group=True,
        kind="practical",
    )
    return {"pk": observation.pk}


CASES = {
    "support:network": lambda w: {"network_id": w.other_network.pk},
    "support:record": lambda w: {"network_id": w.other_network.pk},
    "support:participant": lambda w: {"network_id": w.other_network.pk, "participant_id": w.olga.pk},
    "support:export_graphml": lambda w: {"network_id": w.other_network.pk},
    "support:export_csv": lambda w: {"network_id": w.other_network.pk},
    "support:delete": _other_observation,
}
