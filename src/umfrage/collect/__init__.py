"""The web questionnaire: what a respondent sees behind the personal link ``/t/<token>``.

One module per question type in ``types/`` renders that type's fields and reads them back from a
form post; ``flow`` decides which pages and questions are shown; ``views`` stays thin.
"""
