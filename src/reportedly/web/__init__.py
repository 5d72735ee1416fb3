"""The web application (``reportedly serve``): pages over a stored corpus and a JSON API.

>>> from reportedly.web import create_app
>>> app = create_app("corpus.db")
"""

from reportedly.web.app import create_app

__all__ = ["create_app"]
