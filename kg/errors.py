"""Errors raised by kg. Only ``cli.py`` turns them into messages and exit codes.

KGError                 base: a one-line message a user can act on
 ├── ArticleError       one input file can't be read (the build skips it, exit 1)
 ├── QueryError         bad SPARQL or unknown named query (exit 2)
 ├── ConfigError        bad option, missing model or ontology file (exit 2)
 │    └── GraphFileError  (kg/rdffile.py) a graph file is missing or can't be parsed
 └── WorkerError        a forked worker process died, e.g. killed when memory ran out (exit 2)
Interrupted (a BaseException)  Ctrl-C in the ``kg`` command (exit 130, kg/interrupt.py)
"""

from __future__ import annotations


class KGError(Exception):
    """Base class: ``str(err)`` is a complete one-line message."""


class ArticleError(KGError):
    """An input file that can't be read as an article."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class QueryError(KGError):
    """A SPARQL query that can't run."""


class ConfigError(KGError):
    """A bad option or a missing resource."""


class WorkerError(KGError):
    """A worker process died before it finished (killed by the system, out of memory...)."""


class Interrupted(BaseException):  # noqa: N818 - it is not an error of kg's, it is the user's Ctrl-C
    """Ctrl-C in the ``kg`` command: raised by its SIGINT handler (kg/interrupt.py) instead of
    KeyboardInterrupt, so that no library (click prints 'Aborted!' and exits 1) makes it an error."""
