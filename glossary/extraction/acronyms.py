"""Whether an acronym is read off a phrase (ЕАЭС ← Евразийский экономический союз): used
where candidates pair a bracketed acronym with the phrase before it, and where equivalents
are chosen (glossary/equivalents/choose.py)."""

from __future__ import annotations

_FUNCTION_WORDS = {"и", "о", "по", "в", "на", "для", "с", "за"}


def exact_initials(acronym: str, phrase: str) -> bool:
    """Whether the acronym is the first letters of the phrase's words, one letter a word,
    function words skipped or not (МВД ← Министерство внутренних дел)."""
    letters = acronym.lower().rstrip("+")
    words = phrase.lower().replace("-", " ").split()
    content = "".join(w[0] for w in words if w not in _FUNCTION_WORDS)
    return letters in (content, "".join(w[0] for w in words))


def initials_match(acronym: str, phrase: str) -> bool:
    """Whether an acronym can be read off a phrase: each word gives its first letter and
    perhaps more letters of itself, in order (ЕАЭС ← ЕвrАзийский Экономический Союз).
    Short function words may be skipped."""
    letters = acronym.lower().rstrip("+")
    words = phrase.lower().replace("-", " ").split()

    def match(li: int, wi: int) -> bool:
        if li == len(letters):
            return wi == len(words) or all(w in _FUNCTION_WORDS for w in words[wi:])
        if wi == len(words):
            return False
        word = words[wi]
        if word in _FUNCTION_WORDS and match(li, wi + 1):
            return True
        if word[0] != letters[li]:
            return False
        # Take the first letter, then as many further acronym letters as appear in this word.
        li_end, pos = li + 1, 1
        ends = [li_end]
        while li_end < len(letters):
            found = word.find(letters[li_end], pos)
            if found < 0:
                break
            li_end, pos = li_end + 1, found + 1
            ends.append(li_end)
        return any(match(end, wi + 1) for end in ends)

    return len(words) >= 2 and match(0, 0)
