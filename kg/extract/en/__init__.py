"""English extraction: mention rules, relation rules and the pieces they share."""
