"""The API's OpenAPI AutoSchema: drf-spectacular's, documenting the error answers every operation can give,
decided once here by method, path and permissions rather than view by view.

Every operation: 400 (a malformed parameter, text no column can store) and 429 (the throttles). Operations
that need a sign-in: 401 (no or a bad token) and 403 (a role or the blind-review rules refuse it). A path
with parameters: 404. Writes: 409 (the current state refuses it), 413 (too large) and 415 (not a body type
the operation reads). A view's own description of a code (e.g. a 403 with its reasons) is kept.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

DETAIL = ResolvedComponent(
    name="ErrorDetail",
    type=ResolvedComponent.SCHEMA,
    object="ErrorDetail",
    schema={
        "type": "object",
        "description": "Why the request was refused.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
FIELD_ERRORS = ResolvedComponent(
    name="FieldErrors",
    type=ResolvedComponent.SCHEMA,
    object="FieldErrors",
    schema={
        "description": "What was wrong: `detail`, or for each field at fault a list of messages (an object), "
        "or messages that concern no one field (a list).",
        "oneOf": [
            {"type": "object", "additionalProperties": True},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
)
WRITES = ("POST", "PUT", "PATCH", "DELETE")
ERRORS: dict[str, tuple[ResolvedComponent, str]] = {
    "400": (FIELD_ERRORS, "The request is malformed: the body, a parameter or a field says why."),
    "401": (DETAIL, "No credentials, or a token that is unknown or expired."),
    "403": (FIELD_ERRORS, "The user's roles, or the blind-review rules, do not allow this."),
    "404": (DETAIL, "No such object (or one hidden from this user)."),
    "409": (FIELD_ERRORS, "The current state does not allow this (e.g. a closed campaign)."),
    "413": (DETAIL, "The request body is larger than any the API accepts."),
    "415": (DETAIL, "The body is not of a media type this operation reads."),
    "429": (DETAIL, "Too many requests (or failed sign-ins): try again later."),
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                component, description = ERRORS[code]
                self.registry.register_on_missing(component)
                responses[code] = {
                    "content": {"application/json": {"schema": component.ref}},
                    "description": description,
                }
        return responses

    def _error_codes(self) -> list[str]:
        codes = ["400", "429"]
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITES:
            codes += ["409", "413", "415"]
        return sorted(codes)
