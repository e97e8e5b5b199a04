"""Studying: the catalogue, course pages, lessons and their assets."""
