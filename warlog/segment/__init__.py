"""Page segmentation: split a page into typed segments (headline, body, comments, ...) with offsets
into the stored text it builds. Entry point: `segment_page`."""

from __future__ import annotations

import logging

from warlog.model import Media, Page
from warlog.segment.blocks import SEGMENTER_VERSION
from warlog.segment.html import segment_html
from warlog.segment.parts import split_long
from warlog.segment.text import segment_text

__all__ = ["SEGMENTER_VERSION", "segment_page"]

log = logging.getLogger(__name__)


def segment_page(content: str, media: Media, url: str | None = None) -> Page:
    """Segment `content` (plain text or HTML, per `media`) into a Page with typed segments.

    Never raises on odd input: a page that cannot be segmented comes back with no segments, and the
    caller rejects pages without extractable text.
    """
    try:
        if media == Media.HTML:
            return split_long(segment_html(content, url))
        return split_long(segment_text(content, url))
    except Exception:  # a bug here must not stop an ingest batch; the empty page gets rejected
        log.exception("segmentation failed for %s", url or "a page")
        return Page("", (), segmenter=SEGMENTER_VERSION)
