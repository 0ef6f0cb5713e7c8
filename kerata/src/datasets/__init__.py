"""Data sets that `kerata.datasets.<name>.load_data()` downloads or reads."""
