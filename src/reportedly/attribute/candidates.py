"""The working record of one attribution while the rules build it (token offsets)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ViaMention:
    """An intermediary as written: its mention (token range) and its own cue tokens."""

    evidence: tuple[int, int]
    cue: tuple[int, int] | None = None


@dataclass(slots=True)
class Candidate:
    #: token range of the cue ("said", "has said", "according to")
    cue: tuple[int, int] | None
    #: token range of the source mention as written
    source: tuple[int, int] | None
    #: content as token ranges; replaced by character pieces once quotes are snapped
    content: list[tuple[int, int]] = field(default_factory=list)
    pieces: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "indirect"
    via: list[ViaMention] = field(default_factory=list)
    confidence: float = 0.7
    #: how the rule found it, for error analysis ("ccomp", "trailing", "according", ...)
    rule: str = ""
    #: for a quote with no cue of its own: the candidate whose speaker it continues
    follows: Candidate | None = None
    dropped: bool = False
    #: the cue is a verb of speech (curated lexicon), not only a learned attitude verb
    speech: bool = True
    #: lemma of the cue word ("say", "report"), empty for marks and phrases
    lemma: str = ""
    #: the source was borrowed from a coordinated verb ("X said A and added B"), not its own
    inherited: bool = False
    #: token end of the whole clause the content came from, before the rules cut a tail off
    #: it (``boundaries`` may choose to keep it); 0 when nothing was cut
    reach: int = 0

    def token_cover(self) -> tuple[int, int] | None:
        if not self.content:
            return None
        return min(s for s, _ in self.content), max(e for _, e in self.content)
