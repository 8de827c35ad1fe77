"""``python -m kg`` runs the command-line interface."""

from kg.entry import main

main()
