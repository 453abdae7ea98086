def _olga_participation(w):
    return w.olga.participations.get().pk


def _other_contact(w):
    from conftest import TODAY
    from people.services import partner_contact_record

    return partner_contact_record(
        actor=w.outsider,
        partner=w.other_partner,
        network=w.other_network,
        date=TODAY,
        kind="first",
        summary="Kennismaking",
    ).pk


CASES = {
    "people:network_participants": lambda w: {"network_pk": w.other_network.pk},
    "people:register": lambda w: {"network_pk": w.other_network.pk},
    "people:detail": lambda w: {"pk": w.olga.pk},
    "people:edit": lambda w: {"pk": w.olga.pk},
    "people:route": lambda w: {"pk": w.olga.pk, "participation_pk": _olga_participation(w)},
    "people:add_network": lambda w: {"pk": w.olga.pk},
    "people:partner_detail": lambda w: {"pk": w.other_partner.pk},
    "people:partner_edit": lambda w: {"pk": w.other_partner.pk},
    "people:network_partners": lambda w: {"network_pk": w.other_network.pk},
    "people:network_partner_contact": lambda w: {"network_pk": w.other_network.pk},
    "people:network_partner_link": lambda w: {"network_pk": w.other_network.pk},
    "people:network_partner_done": lambda w: {
        "network_pk": w.other_network.pk,
        "contact_pk": _other_contact(w),
    },
    "people:merge_choose": lambda w: {"pk": w.olga.pk},
    # One record of the coordinator's own organisation and one of another: still a 404.
    "people:merge": lambda w: {"pk": w.anne.pk, "other_pk": w.olga.pk},
}
