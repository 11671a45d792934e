"""Actors: the knowledge base of armed groups, forces, states and persons, name matching, the generic-agent
layer and per-document resolution of actor mentions.

* `ActorKB` (`kb.py`): records from `data/curated.jsonl` (written for warlog) and `data/actors.jsonl`
  (converted from the Phoenix dictionaries, Open Event Data Alliance, MIT, by `convert.py`), a name index
  and `ruler_patterns()` for the EntityRuler.
* `names.py`: normalisation, person keys without titles, transliteration skeletons.
* `generic.py`: generic agents ("Iraqi police", "US troops", "gunmen") → per-country records.
* `ActorResolver` / `ActorCandidate` (`resolve.py`): one document's candidates → `ActorMention`s.
* `candidates.py`: a reference candidate extractor over annotated segments.
"""

from .kb import ActorKB
from .resolve import ActorCandidate, ActorResolver

__all__ = ["ActorCandidate", "ActorKB", "ActorResolver"]
