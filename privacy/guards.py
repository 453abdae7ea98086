"""Nothing with history is deleted: networks are archived (networks.services.network_archive)."""

from django.db.models import ProtectedError


def refuse_deleting_network_with_history(sender, instance, **kwargs) -> None:
    # Participations are PROTECTed by their foreign key; phase changes and anything else that
    # other apps hang on a network (sessions, logbook) cascade, so they are checked here.
    from networks.models import PhaseChange

    history = list(PhaseChange.objects.filter(network=instance)[1:2])
    related = [
        rel
        for rel in instance._meta.related_objects
        if rel.related_model.__name__ not in ("PhaseChange", "NetworkAssignment")
        and rel.related_model._default_manager.filter(**{rel.field.name: instance}).exists()
    ]
    if history or related:
        raise ProtectedError("A network with history is archived, not deleted.", set(history))
