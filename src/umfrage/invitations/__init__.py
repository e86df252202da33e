"""The register, personal tokens, e-mail invitations and reminders, and the response rate.

Modules: ``register`` (import and update of organisations), ``tokens`` (links that are stored
only as hashes), ``messages`` (the German e-mail from editable templates), ``sending`` (the
none-lost/none-doubled protocol), ``tracking`` (who was invited, opened, answered), ``views``
(the opt-out page).
"""
