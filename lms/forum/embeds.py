"""The discussion box under a lesson, built by the lesson view for its template to render."""

from dataclasses import dataclass

from lms.forum import queries
from lms.forum.forms import PostForm
from lms.models import Post, Thread, User


@dataclass
class DiscussionBox:
    """Under a lesson: its thread, the latest posts, the class of its empty reply form
    (rendered from a kept copy: lms/fresh_forms.py; building one per page cost a fifth of
    the box)."""

    thread: Thread | None
    posts: list[Post]
    post_form: type[PostForm]
    completes_item: bool  # posting here completes the lesson (a case)


def discussion_box(user: User, item,
                   thread: Thread | None | queries.NotRead = queries.NOT_READ) -> DiscussionBox:
    """The box for the lesson page's item (a Lesson, an Item or its translated view); its
    ``thread`` if the caller read it already (None: it has none)."""
    found = queries.item_discussion(user, item, thread=thread)
    return DiscussionBox(found["thread"], found["posts"], PostForm,
                         completes_item=item.kind_info.completed_by_post)
