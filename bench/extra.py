"""Data for pages that features add to the benchmark (the long discussion thread)."""


def build_extra(app, cohort, learner, trainer) -> dict[str, str]:
    """Create extra data; returns page name to URL (and `pair` names for ratio targets)."""
    return {}
