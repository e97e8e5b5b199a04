"""Trainer dashboards: cohorts, the progress grid, learners at risk, exports."""
