def _other_reflection(w):
    from conftest import TODAY
    from quality import catalogue
    from quality.services import reflection_record

    answers = dict.fromkeys(catalogue.CHECKLIST_KEYS, ("yes", ""))
    reflection = reflection_record(actor=w.outsider, network=w.other_network, date=TODAY, answers=answers)
    return {"pk": reflection.pk}


def _other_evaluation(w):
    from quality.services import evaluation_create
    from quality.tests.helpers import evaluation_data

    evaluation = evaluation_create(actor=w.outsider, network=w.other_network, **evaluation_data())
    return {"pk": evaluation.pk}


CASES = {
    "quality:network": lambda w: {"network_id": w.other_network.pk},
    "quality:reflection_new": lambda w: {"network_id": w.other_network.pk},
    "quality:precondition": lambda w: {"network_id": w.other_network.pk, "key": "backup"},
    "quality:evaluation_new": lambda w: {"network_id": w.other_network.pk},
    "quality:reflection": _other_reflection,
    "quality:evaluation": _other_evaluation,
    "quality:evaluation_edit": _other_evaluation,
    "quality:evaluation_docx": _other_evaluation,
}
