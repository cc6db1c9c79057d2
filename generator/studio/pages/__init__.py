"""What each page of the studio shows: the context its template is rendered with.

A route module resolves what the URL names (``app.period_or_404``, ``app.unit_or_404``), asks
one of these for the page's context — after a refused save, with what was typed and why — and
renders it; nothing here writes.
"""
