"""kg: People's Daily articles -> a knowledge graph of actors, places and policies.

Stages: read (``corpus``) -> nlp -> rules (``extract``) -> resolve -> graph -> export / viz / query.
"""

__version__ = "0.1.0"
