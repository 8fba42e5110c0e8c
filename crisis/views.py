"""Web pages of the crisis app.

The public crisis page stays at /crisis/ (recoverycircle.views.crisis); other pages show the
same lines with `{% include "crisis/_resources.html" %}`.
"""
