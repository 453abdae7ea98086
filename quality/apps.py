from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"

    def ready(self) -> None:
        from core.registry import (
            HOME_SECTIONS,
            NAVIGATION,
            NETWORK_CARD_SIGNALS,
            NETWORK_SECTIONS,
            NETWORK_TABS,
            PHASE_STEPS,
            PHASE_TASKS,
        )
        from jobs.registry import register_housekeeping
        from quality import attention, phase_checks, selectors
        from quality.selectors import home_section, network_section

        NAVIGATION.append(("quality.process", "quality:process", _("Process evaluation")))
        NETWORK_TABS.append(("quality.view", "quality:network", _("Quality")))
        HOME_SECTIONS.insert(0, attention.home_section)  # the needs-attention view comes first
        HOME_SECTIONS.append(home_section)
        NETWORK_CARD_SIGNALS.append(attention.card_signals)
        PHASE_STEPS.append(phase_checks.step_expectations)
        PHASE_TASKS.append(phase_checks.phase_tasks)
        NETWORK_SECTIONS.append(network_section)
        attention.watch_sources()  # the tables the needs-attention facts read renew the network's stamp
        register_housekeeping(attention.keep_current)  # the worker keeps the kept signals current
        selectors.watch_process_sources()  # and the process evaluation's figures per network
        register_housekeeping(selectors.keep_process_current)
