"""The scoring methods, one module each; every module holds a ``METHOD`` (see ..method)."""
