"""`glossary review`: term candidates and aligned pairs, decided in the browser.

terms.py holds the glossary under review and its decisions (the `import-po` semantics, the
same atomic writer), alignment.py an aligned memory's pairs, app.py the routes, the HTML
and the local server; static/ the assets (htmx, vendored from npm, with its licence).
"""
