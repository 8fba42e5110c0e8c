from io import StringIO

from django.core.management import call_command

from accounts.models import User
from checkins.models import CheckIn, CheckInSchedule
from circle.models import Membership
from meetings.models import Meeting
from plans.models import PlanVersion


def run() -> str:
    out = StringIO()
    call_command("load_demo", "--first-run-only", stdout=out)
    return out.getvalue()


def test_it_creates_the_demo_once_and_prints_the_logins(db: None) -> None:
    first = run()
    second = run()
    assert "Demo data created." in first and "Demo data created." not in second
    assert "client@demo.recoverycircle.test" in second and "recovery-demo-2026" in second
    client = User.objects.get(email="client@demo.recoverycircle.test")
    assert Membership.objects.filter(client=client).count() == 4
    assert len({m.relationship for m in Membership.objects.filter(client=client)}) == 4
    assert CheckIn.objects.filter(client=client).count() == 14
    assert CheckInSchedule.objects.filter(client=client, enabled=True).exists()
    assert PlanVersion.objects.filter(plan__client=client).count() >= 2
    assert client.check_password("recovery-demo-2026")
    assert Meeting.objects.count() >= 12
