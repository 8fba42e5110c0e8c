"""E-mail as files, one file per e-mail (the default of `make run`, so that invitation and
alert links can be read from the mail folder).

Django's file backend names a file by the second and the backend object's id(), so two
e-mails sent within a second by short-lived backends can land in one file; here every file
name is unique."""

from __future__ import annotations

import os
import uuid
from datetime import datetime

from recoverycircle.django_private import NamedFileEmailBackend


class FileEmailBackend(NamedFileEmailBackend):
    def new_file_name(self, folder: str) -> str:
        stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
        return os.path.join(folder, f"{stamp}-{uuid.uuid4().hex[:12]}.eml")
