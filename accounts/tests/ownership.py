CASES = {
    "accounts:user_edit": lambda w: {"pk": w.outsider.pk},
    "accounts:location_edit": lambda w: {"pk": w.other_network.location_id},
    # A single-use token link for a new user, not an object page: tested in test_users.py.
    "accounts:password_reset_confirm": None,
}
