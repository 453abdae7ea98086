from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@login_required
@require_GET
def floor(request):
    """The framework floor of the benchmark: a signed-in request through all middleware, no app work."""
    return HttpResponse("ok", content_type="text/plain")
