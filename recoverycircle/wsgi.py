import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recoverycircle.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, URL patterns) lives as long as the process:
# move it out of the garbage collector's sight so collections only scan what requests make.
gc.freeze()
