"""The declarative questionnaire of a wave: spec objects, loading, checks. Pure Python."""
