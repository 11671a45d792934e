"""Page segmentation: split a page into typed segments (headline, body, comments, ...) with offsets
into the stored text it builds. Entry point: `segment_page`."""

from __future__ import annotations

from warlog.model import Media, Page
from warlog.segment.blocks import SEGMENTER_VERSION
from warlog.segment.html import segment_html
from warlog.segment.parts import split_long
from warlog.segment.text import segment_text

__all__ = ["SEGMENTER_VERSION", "segment_page"]


def segment_page(content: str, media: Media, url: str | None = None) -> Page:
    """Segment `content` (plain text or HTML, per `media`) into a Page with typed segments.

    Odd input gives a page (perhaps with no segments: the caller rejects a page without extractable
    text as no_text). An exception here is a bug and is left to the caller, which records the input
    as an internal error with the exception, never as a reason of its content.
    """
    if media == Media.HTML:
        return split_long(segment_html(content, url))
    return split_long(segment_text(content, url))
