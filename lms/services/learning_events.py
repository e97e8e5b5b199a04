"""Signals the learning services send once a result is flushed (same transaction, not yet
committed), so integrations (LTI grade passback) record what they owe without the services
knowing them."""

from blinker import Namespace

_signals = Namespace()

# sender: the QuizAttempt, graded; kwargs: user, item
quiz_submitted = _signals.signal("quiz-submitted")
# sender: the Item; kwargs: user, by ("done", "quiz", ...)
item_completed = _signals.signal("item-completed")
