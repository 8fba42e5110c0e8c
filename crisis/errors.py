"""The server error page: crisis help must survive the failure that caused the error.

Rendered from a template alone, with no request context: no session, no user, no context
processor (the site's one counts unread messages in the database), no database at all.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.get_template("500.html").render({})
    except Exception:
        # Even the template can fail (a broken deploy): the numbers still go out.
        body = FALLBACK
    return HttpResponseServerError(body)


# In English and in Spanish, the site's two languages: nothing here may depend on the
# translation machinery or on knowing the reader.
FALLBACK = (
    "<!doctype html><html lang='en'><title>Something went wrong · Algo salió mal</title>"
    "<h1>Something went wrong on our side</h1><p>Crisis help: call or text "
    "<a href='tel:988'>988</a>. Substance use help: <a href='tel:18006624357'>1-800-662-4357"
    "</a>. In danger: <a href='tel:911'>911</a>.</p>"
    "<div lang='es'><h2>Algo salió mal de nuestro lado</h2><p>Ayuda en crisis: llama o envía "
    "un mensaje de texto al <a href='tel:988'>988</a> (988 Línea de Prevención del Suicidio y "
    "Crisis). Ayuda por consumo de sustancias: Línea Nacional de Ayuda de SAMHSA, "
    "<a href='tel:18006624357'>1-800-662-4357</a>. En peligro: <a href='tel:911'>911</a>."
    "</p></div></html>"
)
