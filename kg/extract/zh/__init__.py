"""Chinese extraction: mention rules, relation rules, names and resolution of Chinese bodies."""
