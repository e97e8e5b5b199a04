"""Discussions: course and cohort spaces, threads, cases, posts, moderation."""
