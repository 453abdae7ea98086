from core.testing import only_resolvable_menu_entries  # noqa: F401
