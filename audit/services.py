from django.db.models import QuerySet

from accounts.models import User
from audit.models import AccessLog


def record_access(viewer: User, client: User, what: str, channel: str) -> None:
    AccessLog.objects.create(
        viewer=viewer, viewer_name=str(viewer), client=client, what=what, channel=channel
    )


def access_log_for(client: User) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(client=client).select_related("viewer")
