from django.urls import reverse


class ClearSiteDataOnLogoutMiddleware:
    """Logging out removes what this site stored on the device: the session pages kept for working
    without a connection, the queue of unsent saves and the service worker (the page script asks
    first when something is still unsent)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.logout_path = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.logout_path is None:
            self.logout_path = reverse("accounts:logout")
        if request.method == "POST" and request.path == self.logout_path:
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
