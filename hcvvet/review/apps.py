from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """The experts' and curators' pages: the review queue and candidate page, and the adjudication page.

    It sits above vetting (whose services and selectors it calls) so that it can show what other apps at
    vetting's level or above it compute, such as triage's predictions, without an import cycle.
    """

    name = "hcvvet.review"
    label = "review"
    verbose_name = "Review"
