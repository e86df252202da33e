"""The questionnaire builder: sections and questions as forms, written back into the YAML file."""
