"""Built-in question types; the registry that collects them lives in lms.content.questions."""
