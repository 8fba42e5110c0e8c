from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse

from circle.policy import PUBLIC, access_rule
from health.services import service_health


@access_rule(PUBLIC)
def health(request: HttpRequest) -> JsonResponse:
    """For monitors and load balancers: whether the background processes have run recently.
    Public, so it says nothing but yes or no and how long ago (no host names, no errors)."""
    try:
        processes = service_health()
    except DatabaseError:
        return JsonResponse({"status": "down", "database": False}, status=503)
    body: dict[str, object] = {"status": "ok", "database": True}
    for process in processes:
        body[process.process] = {
            "ok": process.ok,
            "running": process.running,
            "seconds_since_heartbeat": process.seconds_since_beat(),
        }
    if not all(process.ok for process in processes):
        body["status"] = "degraded"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
