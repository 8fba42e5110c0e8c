from django.http import HttpRequest

from health.services import problems


def service_health(request: HttpRequest) -> dict[str, object]:
    """Staff see on every page when the alert loop or the task worker is not working."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    return {"service_problems": problems()}
