"""Cohorts blueprint: training pages for learners, management pages for trainers, calendars."""
