from django.core.mail import send_mail
from django_tasks import task


@task()
def send_account_email(to: str, subject: str, body: str) -> None:
    """Account e-mails (verification, password reset, invitations) go out from the worker,
    so a slow mail server never slows a page; the task row commits with the event."""
    send_mail(subject, body, None, [to])
