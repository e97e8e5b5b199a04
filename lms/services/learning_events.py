"""Signals the learning services send, so features and integrations (discussions, LTI grade
passback) act on a learner's work without the services knowing them."""

from blinker import Namespace

_signals = Namespace()

# Sent once a result is flushed (same transaction, not yet committed).
# sender: the QuizAttempt, graded; kwargs: user, item
quiz_submitted = _signals.signal("quiz-submitted")
# sender: the Item; kwargs: user, by ("done", "quiz", ...)
item_completed = _signals.signal("item-completed")

# Sent inside the sharing transaction. sender: the app, so each app has its own receivers
# (connect with sender=app, never for any sender); kwargs: reflection, space (a ShareSpace).
# A receiver creates the post and returns its URL (or None); a DomainError refuses.
reflection_shared = _signals.signal("reflection-shared")
