"""The client address of a request: the connection's own, or, only when the connection comes from a trusted
proxy (HCVVET_TRUSTED_PROXIES), the nearest address in X-Forwarded-For that is not itself a trusted proxy.

Without trusted proxies X-Forwarded-For is never read: any client can write that header.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parsed(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address that throttles and the sign-in lockout count (a string; "unknown" without REMOTE_ADDR)."""
    remote = request.META.get("REMOTE_ADDR", "")
    address = _parsed(remote)
    if address is None:
        return remote or "unknown"
    trusted = _networks(tuple(settings.HCVVET_TRUSTED_PROXIES))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    # Each proxy appends the address it received the request from: walk back from the nearest hop while the
    # sender is a trusted proxy. An unreadable hop ends the walk at the last address a trusted proxy gave.
    for hop in reversed(forwarded):
        if not any(address in network for network in trusted):
            break
        previous = _parsed(hop)
        if previous is None:
            break
        address = previous
    return str(address)
