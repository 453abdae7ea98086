from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from core.registry import NETWORK_TABS
        from practice.registry import DASHBOARD_SECTIONS

        NETWORK_TABS.append(("support.view", "support:network", _("Support")))
        DASHBOARD_SECTIONS.append(dashboard_section)

        # A person's support on the merge page and in merging two records (people.hooks).
        from people import hooks
        from support import selectors, services

        hooks.implement("support_counts", selectors.support_counts)
        hooks.implement("merge_support", services.merge_support)

        from privacy.registry import PersonalData, register
        from support import research

        research.register()  # the research export's support ties (table and GraphML edges)

        # The giver's observation: erasure blanks the free-text note; the tie structure stays,
        # with the anonymised participant as a node, so the group's network figures stay right.
        register(
            PersonalData(
                "support.SupportObservation",
                title=_("Support you gave others"),
                participant_path="giver_id",
                erase_fields=("note",),
                permission="support.view",
                network_path="network_id",
            )
        )
        register(
            PersonalData(
                "support.SupportTie",
                title=_("Support you received"),
                participant_path="receiver_id",
                erase_fields=(),
                permission="support.view",
                network_path="observation__network_id",
            )
        )


def dashboard_section(network, user) -> dict:
    """The support figures per quarter on the practice dashboard (three queries, fixed).

    Table only: the dashboard's own tests count its five charts; the chart is on the support page.
    """
    from accounts import access
    from support.selectors import support_quarterly

    if not access.can(user, "support.view"):
        return {"template": "support/_dashboard_section.html", "allowed": False}
    return {
        "template": "support/_dashboard_section.html",
        "allowed": True,
        "network": network,
        "quarters": support_quarterly(network=network),
        # The technical figures (density, centralisation, n) behind "how computed", for those who evaluate.
        "show_method": access.can(user, "evaluation.report.view"),
    }
