"""Reading the documents people have: one module per format, one document model.

`model` defines blocks and inline codes; `registry` names the format modules (`docx`, `odt`,
`html`, `xliff`, `pdf`, `legacy`), each with one `read(data, label)` function that returns a
`model.StructuredDocument`. `tm.text.documents` picks the format by content and hands the
blocks on to segmentation.
"""
