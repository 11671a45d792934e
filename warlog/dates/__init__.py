"""Dates of events as the text states them, in EDTF (Library of Congress Extended Date/Time Format).

    >>> normalise_date("on June 5", anchor="2008-06-07").edtf
    '2008-06-05'
    >>> normalise_date("on June 5").edtf
    'XXXX-06-05'
    >>> normalise_date("late 2006").edtf
    '2006-09/2006-12'

See `warlog.dates.normalise` for the order of rules, `warlog.dates.absolute` and
`warlog.dates.relative` for what each phrase means, and `warlog.dates.edtf` for the EDTF subset.
"""

from warlog.dates.edtf import is_edtf
from warlog.dates.normalise import date_in_report, normalise_date, report_date, reported_date
from warlog.dates.value import PRECISIONS, DateValue

__all__ = ["PRECISIONS", "DateValue", "date_in_report", "is_edtf", "normalise_date", "report_date", "reported_date"]
