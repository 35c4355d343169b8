"""What every layer knows about the text itself: Unicode normalisation (`normalize`), Russian
morphology (`morphology`, one pymorphy3 analyzer) and number notations (`numbers`).

It sits below the document readers, so that a reader (HTML, PDF) and the aligner, the memory
and the glossary all use the same rules.
"""
