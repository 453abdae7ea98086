def _olga_participation(w):
    return w.olga.participations.get().pk


CASES = {
    "people:register": lambda w: {"network_pk": w.other_network.pk},
    "people:detail": lambda w: {"pk": w.olga.pk},
    "people:edit": lambda w: {"pk": w.olga.pk},
    "people:route": lambda w: {"pk": w.olga.pk, "participation_pk": _olga_participation(w)},
    "people:add_network": lambda w: {"pk": w.olga.pk},
    "people:partner_edit": lambda w: {"pk": w.other_partner.pk},
}
