"""Published results: the public report of a wave, frozen when it is published (``/ergebnisse/``)."""
