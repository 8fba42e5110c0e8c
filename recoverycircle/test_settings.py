"""Settings for the test suite: the real settings with fast hashing and inline tasks."""

import os

from recoverycircle.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_EMAIL_AT_ONCE = True

if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    # A file, not memory: tests that start real worker processes share the database with them.
    # One file per test run (pid), so runs side by side do not share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
STATIC_ROOT = BASE_DIR / "static"  # noqa: F405  (exists in a fresh clone; nothing is collected)
