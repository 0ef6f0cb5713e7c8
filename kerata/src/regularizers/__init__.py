"""(Temporary minimal version; being replaced.)"""


def get(identifier):
    if identifier is None:
        return None
    if callable(identifier):
        return identifier
    raise ValueError(identifier)
