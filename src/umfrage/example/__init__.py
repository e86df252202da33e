"""The synthetic example survey (``examples/buendnisumfrage/``) and its seeded generator.

Generate it with ``umfrage.example.generator.generate_example``; the package imports nothing
itself, so that ``python -m umfrage.example.generator`` runs the module only once.
"""
