"""Umfrage: a network's recurring member survey, from questionnaire to published report."""

__version__ = "0.1.0"
