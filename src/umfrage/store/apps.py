from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreConfig(AppConfig):
    name = "umfrage.store"
    label = "store"
    verbose_name = _("Umfragedaten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.core.signals import request_started

        from umfrage import checks  # noqa: F401  (registers the system checks)
        from umfrage.store.health import skip_needless_checks

        engines = [str(db.get("ENGINE", "")) for db in settings.DATABASES.values()]
        if any(engine.endswith("postgresql") for engine in engines):
            # Connected after Django's close_old_connections (connected when django.db is
            # imported), which marks each kept connection as not yet checked for this request.
            request_started.connect(skip_needless_checks, dispatch_uid="umfrage.store.health")
