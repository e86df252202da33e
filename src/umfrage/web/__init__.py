"""The admin web interface for Servicebüro staff: accounts and roles, the wave lifecycle, the
register, data protection and the audit log. Views stay thin; rules live on the models and in
the library both front doors share (``umfrage.governance`` for the audit log, roles and data
protection). Nothing here is imported by ``umfrage.cli`` or by any library package."""
