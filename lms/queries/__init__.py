"""Read-only rules and queries shared by several blueprints and services: they never write.

The read-side counterpart of lms/services/ (see its docstring for the rule); a blueprint's
own reads stay in its queries.py.
"""
