from __future__ import annotations

from django import template

from groups.models import Post
from groups.posting import milestone_text as text_of_milestone

register = template.Library()


@register.simple_tag
def milestone_text(post: Post) -> str:
    """ "River reached 30 days", for a shared milestone."""
    return text_of_milestone(post)


@register.simple_tag
def reacted(mine: set[tuple[int, str]], post: Post, kind: str) -> bool:
    """Whether the viewer gave this reaction to this post."""
    return (post.pk, kind) in mine
