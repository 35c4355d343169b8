"""Decoding that puts a glossary's approved English terms into the translation.

CTranslate2 has no constrained decoding (its feature request #739), so the terms are got in
with what it has, in steps, each only for the sentences the one before left without every
required term (so a glossary costs little where the model already uses the terms):

1. A sentence without an approved term: the ordinary decoding, as without a glossary (the
   same beam and settings), with the glossary's known wrong renderings banned
   (`suppress_sequences`; on every step below too).
2. A sentence with one: n-best (`num_hypotheses=N`, `return_scores`); the best hypothesis
   with every required term is the translation, `ok`.
3. Otherwise constrained candidates: the target prefix forced up to and through a missing
   term (`target_prefix`: a hypothesis's tokens before the term's expected place, the
   position of its Russian in the source scaled to the hypothesis, cut at a word start; the
   term at the very start where that place is the start) and the rest decoded (beam
   `FORCED_BEAM`), all the batch's candidates in one call per round; repeated for the next
   missing term after the forced part. The best hypothesis is forced first; the second best
   joins the next round only where the model's continuation after the forced term is, per
   token, more than `SECOND_MARGIN` less likely than its own best hypothesis
   (`return_scores` of the forced call: CTranslate2 scores only the tokens after a prefix).
   Where a sentence ends with two candidates with every term, the one the model scores best
   (`score_batch`, mean log-probability per token, one call for the batch) is the
   translation; where it has one, that one, unscored. Either way `forced`. With none, the
   ordinary translation stays and the outcome is `missing`.

The cost (bench/terms_mt.py, where a random model forces every sentence): the n-best call
costs about the plain one; each forced round is a full decoding of its candidates, the
forced prefix included (CTranslate2's beam search walks a prefix step by step; its
`return_alternatives` mode runs the prefix in one pass but decodes sentence by sentence,
slower here, and `prefix_bias_beta` only biases, so neither is used).

A term is present when its English words' lemmas occur in a row, case-insensitively
(tm/mt/terms.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tm.mt.terms import (
    FORCED,
    JOIN,
    MISSING,
    MISSING_PROP,
    OK,
    OUTCOMES,
    REQUIRED_PROP,
    TERMS_PROP,
    TermGlossary,
    TermHit,
    has_term,
    missing_terms,
)

if TYPE_CHECKING:
    from tm.mt.translator import DecodingOptions

N_BEST = 4  # hypotheses of step 2 (beam at least as wide)
CANDIDATES = 2  # n-best hypotheses a term may be forced into (step 3): the best, then the second
# Nats per token by which the continuation after the forced term may fall below the best
# hypothesis's mean log-probability before the second hypothesis is forced too.
SECOND_MARGIN = 1.0
# Beam of a forced continuation: the prefix already fixes the sentence up to the term, and a
# narrower beam halves the cost of a round (bench/terms_mt.py); never wider than the plain one.
FORCED_BEAM = 2
WORD_START = "▁"  # SentencePiece's mark of a token that begins a word


@dataclass(frozen=True)
class TermOutcome:
    """What the glossary did to one sentence's translation."""

    status: str  # ok | forced | missing
    terms: tuple[str, ...]  # the required English terms
    missing: tuple[str, ...] = ()

    def props(self) -> list[tuple[str, str]]:
        """The TMX props of a unit: `x-terms`, `x-terms-required`, `x-terms-missing`."""
        props = [(TERMS_PROP, self.status), (REQUIRED_PROP, JOIN.join(self.terms))]
        if self.missing:
            props.append((MISSING_PROP, JOIN.join(self.missing)))
        return props

    def to_text(self) -> str:
        """One line for the translation cache (beside the translation, tm/mt/cache.py)."""
        return "\t".join([self.status, JOIN.join(self.terms), JOIN.join(self.missing)])

    @classmethod
    def from_text(cls, text: str) -> TermOutcome | None:
        parts = text.split("\t")
        if len(parts) != 3 or parts[0] not in OUTCOMES:
            return None
        terms, missing = (tuple(p.split(JOIN)) if p else () for p in parts[1:])
        return cls(parts[0], terms, missing)

    @classmethod
    def of(cls, glossary: TermGlossary, source: str, translation: str) -> TermOutcome | None:
        """The outcome a finished translation shows: ok or missing (forcing leaves no trace
        in the text; the cache keeps the outcome for that)."""
        hits = glossary.find(source)
        if not hits:
            return None
        lacking = tuple(t.en for t in missing_terms(translation, [h.term for h in hits]))
        return cls(MISSING if lacking else OK, tuple(h.term.en for h in hits), lacking)


@dataclass(frozen=True)
class Decoded:
    text: str
    outcome: TermOutcome | None  # None: no approved term in the source
    tokens: int = 0  # the translation's target tokens (the package's target prefix included), for tokens/s


@dataclass
class _Candidate:
    sentence: int  # index into the batch
    tokens: list[str]  # the whole hypothesis, the package's target prefix included
    locked: int  # tokens forced so far, which a later round keeps


def _word_after(tokens: list[str], end: int) -> list[str]:
    """The tokens with a word break after the forced term (at `end`) where the model went on
    inside the word («Mutual trade» + «казал»): the term stays a word of its own."""
    if end < len(tokens) and not tokens[end].startswith(WORD_START) and tokens[end][:1].isalnum():
        return [*tokens[:end], WORD_START, *tokens[end:]]
    return tokens


class TermDecoder:
    """Runs the three steps over one batch with a loaded CTranslate2 model."""

    def __init__(
        self,
        model: Any,
        glossary: TermGlossary,
        encode: Callable[[str], list[str]],
        detokenize: Callable[[list[str]], str],
        decoding: DecodingOptions,
        batch_size: int,
        target_prefix: str | None = None,
        known: Callable[[list[str]], bool] | None = None,
    ) -> None:
        self.model, self.glossary, self.encode, self.detokenize = model, glossary, encode, detokenize
        # Whether the model's vocabulary has every token: a forced unknown token would come
        # out replaced by a source token (`replace_unknowns`), not as the term.
        self.known = known or (lambda tokens: True)
        self.decoding, self.batch_size, self.target_prefix = decoding, batch_size, target_prefix
        self.suppress = self._suppressed(glossary.wrong)
        self.calls = 0
        self._lengths: list[int] = []  # target tokens of each sentence's translation so far
        self._best_mean: dict[int, float] = {}  # mean log-probability per token of each best hypothesis

    def _suppressed(self, wrong: Sequence[str]) -> list[list[str]] | None:
        """The wrong renderings as token sequences, as written and capitalised."""
        sequences: dict[tuple[str, ...], None] = {}
        for text in wrong:
            for form in dict.fromkeys([text, text[:1].upper() + text[1:], text.lower()]):
                tokens = tuple(self.encode(form))
                if tokens and self.known(list(tokens)):
                    sequences[tokens] = None
        return [list(s) for s in sequences] or None

    def _options(self, beam_size: int | None = None, hypotheses: int = 1) -> dict[str, Any]:
        return {
            "replace_unknowns": True,
            "max_batch_size": self.batch_size,
            "beam_size": beam_size or self.decoding.beam_size,
            "num_hypotheses": hypotheses,
            "length_penalty": self.decoding.length_penalty,
            "max_decoding_length": self.decoding.max_decoding_length,
            "suppress_sequences": self.suppress,
        }

    def _prefixes(self, count: int) -> list[list[str]] | None:
        return [[self.target_prefix]] * count if self.target_prefix else None

    def translate(self, sources: Sequence[str], tokens: list[list[str]]) -> list[Decoded]:
        hits = [self.glossary.find(s) for s in sources]
        texts = [""] * len(sources)
        self._lengths = [0] * len(sources)
        outcomes: list[TermOutcome | None] = [None] * len(sources)
        plain = [i for i, found in enumerate(hits) if not found]
        if plain:  # step 1
            results = self.model.translate_batch(
                [tokens[i] for i in plain], target_prefix=self._prefixes(len(plain)), **self._options()
            )
            self.calls += 1
            for i, result in zip(plain, results, strict=True):
                texts[i], self._lengths[i] = self.detokenize(result.hypotheses[0]), len(result.hypotheses[0])
        todo = [i for i, found in enumerate(hits) if found]
        if todo:
            todo, nbest = self._n_best(todo, tokens, hits, texts, outcomes)
        if todo:
            self._force(todo, sources, tokens, hits, nbest, texts, outcomes)
        return [Decoded(*decoded) for decoded in zip(texts, outcomes, self._lengths, strict=True)]

    def _n_best(
        self,
        todo: list[int],
        tokens: list[list[str]],
        hits: list[list[TermHit]],
        texts: list[str],
        outcomes: list[TermOutcome | None],
    ) -> tuple[list[int], dict[int, list[list[str]]]]:
        """Step 2: the sentences still without every term, and their n-best hypotheses
        (each sentence's text is its best hypothesis meanwhile)."""
        beam = max(self.decoding.beam_size, N_BEST)
        results = self.model.translate_batch(
            [tokens[i] for i in todo],
            target_prefix=self._prefixes(len(todo)),
            return_scores=True,
            **self._options(beam, N_BEST),
        )
        self.calls += 1
        left, nbest = [], {}
        for i, result in zip(todo, results, strict=True):
            terms = [h.term for h in hits[i]]
            texts[i], self._lengths[i] = self.detokenize(result.hypotheses[0]), len(result.hypotheses[0])
            best = result.hypotheses[0]
            # CTranslate2's score is the sum of log-probabilities (end of sentence included)
            # over length ** length_penalty: back to a mean per token.
            self._best_mean[i] = self._mean(result.scores[0], len(best), len(best) + 1)
            for hypothesis in result.hypotheses:
                text = self.detokenize(hypothesis)
                if not missing_terms(text, terms):
                    texts[i], outcomes[i] = text, TermOutcome(OK, tuple(t.en for t in terms))
                    self._lengths[i] = len(hypothesis)
                    break
            else:
                left.append(i)
                nbest[i] = [list(h) for h in result.hypotheses]
        return left, nbest

    def _force(
        self,
        todo: list[int],
        sources: Sequence[str],
        tokens: list[list[str]],
        hits: list[list[TermHit]],
        nbest: dict[int, list[list[str]]],
        texts: list[str],
        outcomes: list[TermOutcome | None],
    ) -> None:
        """Step 3: forced prefixes, round by round, then the best-scored complete candidate."""
        start = 1 if self.target_prefix else 0
        # The best hypothesis first (the term at the start of an empty one); the second only
        # where forcing the first went badly (below).
        candidates = [_Candidate(i, nbest[i][0], start) for i in todo]
        complete: list[_Candidate] = []
        rounds = max(len(hits[i]) for i in todo) + 1  # one more for a second hypothesis joining late
        for round_ in range(rounds):
            prefixes: list[list[str]] = []
            pending: list[_Candidate] = []
            for candidate in candidates:
                hit = self._next_missing(candidate, hits[candidate.sentence])
                if hit is None:
                    complete.append(candidate)
                    continue
                prefix = self._prefix_for(candidate, hit, sources[candidate.sentence])
                if prefix is None or any(
                    prefix == p for p, c in zip(prefixes, pending, strict=True) if c.sentence == candidate.sentence
                ):
                    continue
                prefixes.append(prefix)
                pending.append(candidate)
            if not pending:
                candidates = []
                break
            results = self.model.translate_batch(
                [tokens[c.sentence] for c in pending],
                target_prefix=prefixes,
                return_scores=True,
                **self._options(min(self.decoding.beam_size, FORCED_BEAM)),
            )
            self.calls += 1
            candidates = []
            for candidate, prefix, result in zip(pending, prefixes, results, strict=True):
                hypothesis = list(result.hypotheses[0])
                candidate.tokens, candidate.locked = _word_after(hypothesis, len(prefix)), len(prefix)
                candidates.append(candidate)
                if round_ == 0 and self._worth_a_second(result.scores[0], len(hypothesis), len(prefix), candidate.sentence):
                    second = self._second(candidate.sentence, nbest, hits, sources, prefix)
                    if second is not None:
                        candidates.append(second)
        complete.extend(c for c in candidates if self._next_missing(c, hits[c.sentence]) is None)
        by_sentence: dict[int, list[_Candidate]] = {}
        for candidate in complete:
            by_sentence.setdefault(candidate.sentence, []).append(candidate)
        # Scored only where there is a choice, all such sentences of the batch in one call.
        contested = [c for group in by_sentence.values() if len(group) > 1 for c in group]
        scores = dict(zip(map(id, contested), self._scores(contested, tokens), strict=True))
        chosen = {i: max(group, key=lambda c: scores.get(id(c), 0.0)) for i, group in by_sentence.items()}
        for i in todo:
            terms = tuple(h.term.en for h in hits[i])
            if i in chosen:
                texts[i], outcomes[i] = self.detokenize(chosen[i].tokens), TermOutcome(FORCED, terms)
                self._lengths[i] = len(chosen[i].tokens)
            else:
                lacking = tuple(t.en for t in missing_terms(texts[i], [h.term for h in hits[i]]))
                outcomes[i] = TermOutcome(MISSING, terms, lacking)

    def _worth_a_second(self, score: float, length: int, forced: int, sentence: int) -> bool:
        """Whether the model goes on after the forced term more than `SECOND_MARGIN` nats per
        token worse than in its best hypothesis. The score covers only the tokens after the
        prefix (CTranslate2 restarts the sum there), the end of sentence included."""
        rest = self._mean(score, length, length - forced + 1)
        return rest < self._best_mean[sentence] - SECOND_MARGIN

    def _second(
        self,
        sentence: int,
        nbest: dict[int, list[list[str]]],
        hits: list[list[TermHit]],
        sources: Sequence[str],
        first_prefix: list[str],
    ) -> _Candidate | None:
        """The second-best hypothesis as a candidate, unless there is none or its forced
        prefix would be the first's (the same decoding again)."""
        if len(nbest[sentence]) < 2 or CANDIDATES < 2:
            return None
        candidate = _Candidate(sentence, nbest[sentence][1], 1 if self.target_prefix else 0)
        hit = self._next_missing(candidate, hits[sentence])
        if hit is None or self._prefix_for(candidate, hit, sources[sentence]) == first_prefix:
            return None
        return candidate

    def _mean(self, score: float, length: int, counted: int) -> float:
        """Mean log-probability per token of a CTranslate2 score of a hypothesis of `length`
        tokens whose sum covers `counted` tokens."""
        return float(score * max(1, length) ** self.decoding.length_penalty / max(1, counted))

    def _next_missing(self, candidate: _Candidate, hits: list[TermHit]) -> TermHit | None:
        text = self.detokenize(candidate.tokens)
        return next((h for h in hits if not has_term(text, h.term)), None)

    def _prefix_for(self, candidate: _Candidate, hit: TermHit, source: str) -> list[str] | None:
        """The candidate's tokens up to the term's expected place (a word start, never
        inside the forced part), then the term's tokens."""
        hypothesis, locked = candidate.tokens, candidate.locked
        ratio = hit.start / max(1, len(source))
        cut = max(locked, min(len(hypothesis), round(locked + ratio * (len(hypothesis) - locked))))
        while cut > locked and cut < len(hypothesis) and not hypothesis[cut].startswith(WORD_START):
            cut -= 1
        forced = self.encode(hit.term.en)
        if cut == (1 if self.target_prefix else 0):
            capital = self.encode(hit.term.en[:1].upper() + hit.term.en[1:])  # the sentence starts with it
            forced = capital if self.known(capital) else forced
        if not forced or not self.known(forced):
            return None  # a term the model cannot write: left missing
        return hypothesis[:cut] + forced

    def _scores(self, candidates: list[_Candidate], tokens: list[list[str]]) -> list[float]:
        """Mean log-probability per token of each candidate given its source."""
        if not candidates:
            return []
        start = 1 if self.target_prefix else 0
        results = self.model.score_batch(
            [tokens[c.sentence] for c in candidates], [c.tokens[start:] for c in candidates], max_batch_size=self.batch_size
        )
        self.calls += 1
        return [sum(r.log_probs) / max(1, len(r.log_probs)) for r in results]
