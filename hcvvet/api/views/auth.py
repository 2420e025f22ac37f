"""Token login (throttled) and the caller's own account."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hcvvet.accounts.services import token_issue

from ..parsers import JSONParser
from ..permissions import roles_of
from ..serializers import MeSerializer, TokenRequestSerializer, TokenSerializer
from ..throttling import LoginRateThrottle
from .base import ApiView


class TokenObtainView(ApiView, APIView):
    """Exchange a username and password for the user's API token (created on first use)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (LoginRateThrottle,)
    parser_classes = (JSONParser, FormParser)

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, auth=[])
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request, username=form.validated_data["username"], password=form.validated_data["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError({"password": ["Unknown username or wrong password."]})
        token = token_issue(user=user)
        return Response(TokenSerializer({"token": token.key, "username": user.username}).data)


class MeView(ApiView, APIView):
    """Who the token or session belongs to, and which roles it holds."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        user = request.user
        return Response(MeSerializer({"username": user.username, "roles": sorted(roles_of(user))}).data)
