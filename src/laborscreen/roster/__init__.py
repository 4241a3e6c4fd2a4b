"""Roster and supplier files in: CSV or XLSX rows as typed records plus structured problems.

Pipeline position: the user's side of screening. :func:`read_roster` (or the
streaming :func:`iter_roster`) turns an HR roster or a supplier/agency list into
:class:`RosterRecord` values that the matcher and the labour rules read; every
bad cell becomes a :class:`~laborscreen.errors.Problem` instead of an error.
"""

from laborscreen.roster.headers import (
    ColumnMap,
    HeaderMatch,
    MappingFile,
    canonical_fields,
    load_mapping_file,
    map_columns,
    match_header,
)
from laborscreen.roster.reader import RosterRead, detect_encoding, iter_roster, read_roster
from laborscreen.roster.records import RosterRecord

__all__ = [
    "ColumnMap",
    "HeaderMatch",
    "MappingFile",
    "RosterRead",
    "RosterRecord",
    "canonical_fields",
    "detect_encoding",
    "iter_roster",
    "load_mapping_file",
    "map_columns",
    "match_header",
    "read_roster",
]
