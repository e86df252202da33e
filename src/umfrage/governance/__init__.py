"""Staff governance, shared by both front doors (the admin web and the ``umfrage`` command):
the append-only audit log, the two staff roles and account creation, data protection (Auskunft,
erasure, the retention period) and the deployment checks. Neither ``umfrage.web`` nor
``umfrage.cli`` is imported here; both call this package."""
