from django.core.mail import send_mail
from django_tasks import task


@task()
def send_account_email(to: str, subject: str, body: str) -> None:
    """Kept for e-mails queued as tasks before account e-mails moved to the outbox
    (alerts.account_mail); nothing queues this task any more."""
    send_mail(subject, body, None, [to])
