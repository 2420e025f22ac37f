"""Report filters that `ReportFilterForm` refuses, as (query, the field it names, what it says). The report
page, the downloads and the API all validate their filters with that form: each is tested with every row."""

INVALID_REPORT_FILTERS = [
    ({"campaign": "nope"}, "campaign", "no campaign named 'nope'"),
    ({"group": "12x"}, "group", "Enter a whole number"),
    ({"group": "999"}, "group", "no group with GroupID 999"),
    ({"filter": "F814W"}, "filter", "INSTRUMENT_FILTER"),
    ({"filter": "not a filter"}, "filter", "INSTRUMENT_FILTER"),
    ({"auto_class": "7"}, "auto_class", "Select a valid choice"),
    ({"labelled_from": "2024-13-01"}, "labelled_from", "Enter a valid date"),
    ({"labelled_from": "2026-02-30"}, "labelled_from", "Enter a valid date"),
    (
        {"labelled_from": "2024-02-01", "labelled_to": "2024-01-01"},
        "labelled_to",
        "end date is before the start date",
    ),
    ({"blue": "ACS_F475W"}, "red", "give both colour filters"),
    ({"source": "gaia"}, "source", "Select a valid choice"),
]
