"""Django-side loaders beside the store: database rows into the pure packages' inputs.

``frames``: a stored wave into the analysis frame; ``report``: a survey in the database into the
report's input. The pure packages (questionnaire, surveyfolder, analysis, reporting) never import
this package; the CLI, the web and the publication do.
"""
