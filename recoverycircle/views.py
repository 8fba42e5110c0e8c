from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from circle.policy import PUBLIC, SELF, access_rule
from circle.views import home_context
from recoverycircle.typing import AuthedHttpRequest


@access_rule(SELF)
@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "home.html", home_context(request.user))


@access_rule(PUBLIC)
def crisis(request: AuthedHttpRequest) -> HttpResponse:
    """Crisis resources: public, no login, linked from every page."""
    return render(request, "crisis.html")
