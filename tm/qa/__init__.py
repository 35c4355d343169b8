"""Quality checks of a finished translation before delivery (`tm qa`).

The pairs (`model.Pair`) come from a TMX, an XLIFF or two plain files (`inputs`); each check
is one small named function of `checks.CHECKS`, in the manner of the glossary extractor's
rules; `run` runs the chosen ones and renders the findings (`model.Finding`). A glossary for
the terminology check is a file (TBX, CSV, TSV) read by `termbase`, never the `glossary`
package, which sits above `tm`.
"""
