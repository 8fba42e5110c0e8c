from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from audit.services import grouped_log
from circle.policy import SELF, access_rule
from recoverycircle.typing import AuthedHttpRequest


@access_rule(SELF)
@login_required
def access_log(request: AuthedHttpRequest) -> HttpResponse:
    """ "Who saw my data": every read of the client's data by someone else, by person and day,
    each visit on demand."""
    page, groups = grouped_log(request.user, request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page": page, "groups": groups})
