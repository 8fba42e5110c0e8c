from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from audit.services import access_log_for
from circle.policy import SELF, access_rule
from recoverycircle.typing import AuthedHttpRequest


@access_rule(SELF)
@login_required
def access_log(request: AuthedHttpRequest) -> HttpResponse:
    """ "Who saw my data": every read of the client's data by someone else."""
    page = Paginator(access_log_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page": page})
