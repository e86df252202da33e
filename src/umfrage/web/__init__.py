"""The admin web interface for Servicebüro staff: accounts and roles, the wave lifecycle, the
register, data protection and the audit log. Views stay thin; rules live on the models."""
