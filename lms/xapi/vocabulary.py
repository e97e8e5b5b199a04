"""Verbs and activity types from published xAPI vocabularies, never made up here.

ADL's vocabulary (the verbs cmi5 also uses) where it has the word, the Activity Streams
profile for "saved", and the xAPI registry's "discussion" activity type.
"""

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"

VERBS = {
    "experienced": ADL_VERB + "experienced",  # viewed a lesson
    "answered": ADL_VERB + "answered",  # one question of a quiz
    "completed": ADL_VERB + "completed",  # a lesson, a quiz (with score), a module, the course
    "passed": ADL_VERB + "passed",  # a quiz, at or above its pass mark (as cmi5 reports it)
    "failed": ADL_VERB + "failed",  # a quiz, below its pass mark
    "attended": ADL_VERB + "attended",  # an in-person session
    "commented": ADL_VERB + "commented",  # posted in a discussion
    "saved": "http://activitystrea.ms/save",  # a workbook entry
}

ACTIVITY_TYPES = {
    "course": ADL_ACTIVITY + "course",
    "module": ADL_ACTIVITY + "module",
    "lesson": ADL_ACTIVITY + "lesson",
    "assessment": ADL_ACTIVITY + "assessment",
    "question": ADL_ACTIVITY + "cmi.interaction",
    "meeting": ADL_ACTIVITY + "meeting",
    "discussion": "http://id.tincanapi.com/activitytype/discussion",
    "file": ADL_ACTIVITY + "file",
}
