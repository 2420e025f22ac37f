"""The curators' team page: every account with its roles, state and labels; invite a person (a one-time link,
e-mailed and shown), deactivate or reactivate an account. The rules live in `hcvvet.accounts.invitations`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hcvvet.accounts.invitations import (
    AccountError,
    account_deactivate,
    account_reactivate,
    invitation_create,
)
from hcvvet.accounts.models import Role, User


class InvitationForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="The name they will sign in with.")
    email = forms.EmailField(help_text="Where the one-time link goes; you also see it here to pass it on.")
    role = forms.ChoiceField(
        choices=[
            (Role.EXPERT, "expert: labels candidates"),
            (Role.VIEWER, "viewer: reads reports"),
            (Role.CURATOR, "curator: runs campaigns, ingests and this page"),
        ],
        initial=Role.EXPERT,
    )


def _curator(request: HttpRequest) -> User:
    if not (request.user.is_authenticated and request.user.is_curator):
        raise PermissionDenied("Only curators manage the team.")
    return request.user


@require_http_methods(["GET", "POST"])
def team(request: HttpRequest) -> HttpResponse:
    curator = _curator(request)
    form = InvitationForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            invited, link = invitation_create(
                inviter=curator, site_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except AccountError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request, f"{invited.username} is invited; the link was e-mailed to {invited.email}."
            )
            form = InvitationForm()
    people = (
        User.objects.order_by("-is_active", "username")
        .prefetch_related("groups")
        # A label is a vote with a class: a skip or a withdrawn label (undone) keeps its row without one.
        .annotate(
            n_labels=Count("labels", filter=Q(labels__expert_class__isnull=False)),
            n_skips=Count("labels", filter=Q(labels__skipped=True)),
        )
    )
    return render(request, "team/team.html", {"form": form, "link": link, "people": people})


@require_POST
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_change(request, user_id, account_deactivate, "can no longer sign in; its labels stay")


@require_POST
def reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_change(request, user_id, account_reactivate, "may sign in again")


def _account_change(request: HttpRequest, user_id: int, change, outcome: str) -> HttpResponse:
    curator = _curator(request)
    person = get_object_or_404(User, pk=user_id)
    try:
        change(curator=curator, user=person)
    except AccountError as error:
        messages.error(request, str(error).capitalize() + ".")
    else:
        messages.success(request, f"{person.username} {outcome}.")
    return redirect("team:index")
