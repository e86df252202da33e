from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umfrage.settings")
application = get_wsgi_application()

# Never serve with the public development key: without UMFRAGE_SECRET_KEY a private key is
# created once in the data folder (umfrage.secretkey).
from umfrage.secretkey import ensure_served_key  # noqa: E402

ensure_served_key()
