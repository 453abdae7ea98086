CASES = {
    "networks:detail": lambda w: {"pk": w.other_network.pk},
    "networks:edit": lambda w: {"pk": w.other_network.pk},
    "networks:workers": lambda w: {"pk": w.other_network.pk},
    "networks:unassign": lambda w: {"pk": w.other_network.pk, "user_pk": w.outsider.pk},
    "networks:phase": lambda w: {"pk": w.other_network.pk},
    "networks:archive": lambda w: {"pk": w.other_network.pk},
    "networks:participants_moved": lambda w: {"pk": w.other_network.pk},
}
