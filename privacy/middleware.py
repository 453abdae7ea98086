from privacy.actor import _current


class CurrentActorMiddleware:
    """Makes request.user available to the change history without passing it through every call."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _current.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
