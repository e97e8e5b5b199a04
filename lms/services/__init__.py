"""State changes as plain functions: they flush, raise domain errors, never read the request.

The rule for what lives here: a module belongs in lms/services/ only if it changes state
(adds, updates or deletes rows, files or outbox mail), together with the vocabulary those
changes speak (errors.py, the domain errors; learning_events.py, the signals sent after a
write). A module that only reads or builds goes elsewhere: next to its one user when a
single blueprint needs it (lms/quiz/quiz_reports.py, lms/learn/certificate_document.py),
in lms/queries/ when several blueprints or services share it (forum_access, attendance,
mentions, search). A service may read too, on its way to a write; that keeps it here.
"""
