"""Importers: each format's parser turns bytes into records (``formats``), the loader writes them.

Every importer module is inside this package, so this runs before any of them reads a CSV:
Python's csv module stops at 128 KB a field with ``csv.Error``, and a huge field must reach the
parser, which reports it by row and column, instead of failing the file as "not valid CSV".
"""

import csv

CSV_FIELD_LIMIT = 16 * 1024 * 1024  # beyond this a "field" is a damaged file, not a description
csv.field_size_limit(CSV_FIELD_LIMIT)
