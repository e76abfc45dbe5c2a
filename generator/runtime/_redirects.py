"""Redirects, followed by the runtime itself (never by httpx) so that credentials stay with their
origin and a write is never silently turned into a read.

The policy:
- A redirect to the origin the request was sent to (same scheme, host and port) keeps every
  header. A redirect anywhere else (another host or port, or https to http) drops every header
  that can carry a credential (`Authorization`, `Proxy-Authorization`, `Cookie` and each
  credential's own headers), every credential query parameter the `Location` repeats, and the
  httpx client's own `auth`; once dropped they stay dropped for the rest of the chain.
- 303 is fetched with GET (HEAD stays HEAD) without the body; 307 and 308 resend the same
  method and body; 301 and 302 are followed for GET and HEAD only: for any other method they
  raise `RedirectError` naming the `Location` (httpx would turn a POST into a GET).
- A `Location` that is not an http(s) URL, and a 21st redirect in a row, raise `RedirectError`.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from ._errors import RedirectError

Secrets = Callable[[], "tuple[frozenset[str], frozenset[str]]"]
"""The lower-case names of the headers and of the query parameters that carry credentials
(asked for only when a redirect is followed)."""

REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 20
_DEFAULT_PORTS = {"http": 80, "https": 443}
_BODY_HEADERS = ("content-length", "content-type", "transfer-encoding")


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port (the scheme's default port when the URL has none)."""
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def _shown(url: httpx.URL | str) -> str:
    """A URL for a message: without its query, which may carry a credential."""
    try:
        return str(httpx.URL(url).copy_with(query=None, fragment=None))
    except (httpx.InvalidURL, TypeError, ValueError):
        return "<invalid URL>"


def _refuse(response: httpx.Response, location: str | None, why: str) -> RedirectError:
    request = response.request
    message = (
        f"{request.method} {_shown(request.url)} was redirected ({response.status_code})"
        f" to {_shown(location) if location is not None else 'nowhere'}: {why}"
    )
    return RedirectError(message, response=response, location=location)


def too_many_redirects(response: httpx.Response) -> RedirectError:
    location = response.headers.get("location")
    target = str(response.request.url.join(location)) if location else None
    return _refuse(response, target, f"more than {MAX_REDIRECTS} redirects in a row")


def next_request(
    response: httpx.Response,
    *,
    start: tuple[str, str, int | None],
    secret_headers: frozenset[str],
    secret_query: frozenset[str],
) -> httpx.Request | None:
    """The request a redirect response asks for, credentials removed where it leaves `start`
    (the origin the call was configured for); None when the response is not a redirect."""
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUS or location is None:
        return None
    request = response.request
    try:
        url = request.url.join(location)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise _refuse(response, location, "the Location is not a URL") from exc
    if url.scheme not in _DEFAULT_PORTS or not url.host:
        raise _refuse(response, str(url), "only http and https redirects are followed")
    method = request.method
    if response.status_code == 303 and method != "HEAD":
        method = "GET"
    elif response.status_code in (301, 302) and method not in ("GET", "HEAD"):
        raise _refuse(
            response,
            str(url),
            f"not followed, since a client following a {response.status_code} would send the"
            f" {method} again as a GET; the server should answer 307 or 308 to move a {method}",
        )
    headers = httpx.Headers(request.headers)
    headers["Host"] = url.netloc.decode("ascii")
    if origin(url) != start:
        for name in secret_headers:
            headers.pop(name, None)
        if any(name.lower() in secret_query for name in url.params):
            url = url.copy_with(
                params=[
                    (name, value)
                    for name, value in url.params.multi_items()
                    if name.lower() not in secret_query
                ]
            )
    if method != request.method:
        for name in _BODY_HEADERS:
            headers.pop(name, None)
        return httpx.Request(method, url, headers=headers, extensions=request.extensions)
    return httpx.Request(
        method, url, headers=headers, stream=request.stream, extensions=request.extensions
    )


def _hop(
    response: httpx.Response, start: tuple[str, str, int | None], secrets: Secrets
) -> httpx.Request | None:
    if response.status_code not in REDIRECT_STATUS:
        return None
    secret_headers, secret_query = secrets()
    return next_request(
        response, start=start, secret_headers=secret_headers, secret_query=secret_query
    )


def send_following(
    client: httpx.Client,
    request: httpx.Request,
    secrets: Secrets,
) -> httpx.Response:
    """Send `request` and, when the httpx client follows redirects, follow them by the policy
    above; the final response, its body not read yet."""
    start = origin(request.url)
    left = False
    for _ in range(MAX_REDIRECTS + 1):
        if left:  # the httpx client's own auth stays with the origin too
            response = client.send(request, stream=True, follow_redirects=False, auth=None)
        else:
            response = client.send(request, stream=True, follow_redirects=False)
        if not client.follow_redirects:
            return response
        try:
            hop = _hop(response, start, secrets)
        except RedirectError:
            response.close()
            raise
        if hop is None:
            return response
        response.close()
        left = left or origin(hop.url) != start
        request = hop
    raise too_many_redirects(response) from httpx.TooManyRedirects(
        "Exceeded maximum allowed redirects.", request=request
    )


async def asend_following(
    client: httpx.AsyncClient,
    request: httpx.Request,
    secrets: Secrets,
) -> httpx.Response:
    """`send_following` for an async httpx client."""
    start = origin(request.url)
    left = False
    for _ in range(MAX_REDIRECTS + 1):
        if left:
            response = await client.send(request, stream=True, follow_redirects=False, auth=None)
        else:
            response = await client.send(request, stream=True, follow_redirects=False)
        if not client.follow_redirects:
            return response
        try:
            hop = _hop(response, start, secrets)
        except RedirectError:
            await response.aclose()
            raise
        if hop is None:
            return response
        await response.aclose()
        left = left or origin(hop.url) != start
        request = hop
    raise too_many_redirects(response) from httpx.TooManyRedirects(
        "Exceeded maximum allowed redirects.", request=request
    )
