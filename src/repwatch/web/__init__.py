"""The review page (`repwatch serve`): Starlette on uvicorn, Jinja2 templates, htmx.

Imported only by the `serve` command, so `repwatch --help` and every other command start without
the web stack. The static files are served from this package's ``static`` folder: ``app.css``
(no inline styles anywhere), and htmx 2.0.11 vendored unchanged from its npm package
(``npm pack htmx.org@2.0.11``, ``dist/htmx.min.js``, SHA-256
d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717) with its licence
(``htmx-LICENSE.txt``, Zero-Clause BSD): no CDN and no build step, so the page works offline.
"""
