from django.contrib.auth.models import AnonymousUser

from board.tokens import PUBLIC_PREFIX


class BoardIsolationMiddleware:
    """The board's pages are outside the staff login: there, nobody is signed in.

    A worker who is signed in on the community centre's tablet would otherwise be sent to the second
    step or to the login page by the session middleware, and the board's actions would be written in
    the worker's name. On the board the request has no user at all, so the board link is the only
    thing that counts, and a staff session gives nothing extra there. Placed right after
    AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(PUBLIC_PREFIX):
            request.user = AnonymousUser()

            async def anonymous():
                return AnonymousUser()

            request.auser = anonymous
        return self.get_response(request)
