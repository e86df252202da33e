"""Views of the admin interface, one module per area."""
