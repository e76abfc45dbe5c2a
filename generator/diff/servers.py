"""Rules for servers: added, removed, moved, and the default (the first) replaced. None is
breaking but a removal: the client takes any base URL."""

from __future__ import annotations

from .versions import Versions


def compare_servers(v: Versions) -> None:
    """Servers by name (`SERVERS["..."]`), then the default server."""
    old_servers = {s.name: s for s in v.old.servers}
    new_servers = {s.name: s for s in v.new.servers}
    for name in sorted(old_servers.keys() | new_servers.keys()):
        where = f'SERVERS["{name}"]'
        old = old_servers.get(name)
        new = new_servers.get(name)
        if old is None and new is not None:
            v.add("server-added", False, where, "server added", new=new.url)
        elif new is None and old is not None:
            v.add("server-removed", True, where, "server removed", old=old.url)
        elif old is not None and new is not None and old.url != new.url:
            v.add("server-url-changed", False, where, "server URL changed", old.url, new.url)
    # The first server is the default (the IR always has one).
    old_default = [(s.name, s.url) for s in v.old.servers[:1]]
    new_default = [(s.name, s.url) for s in v.new.servers[:1]]
    if old_default and new_default and old_default != new_default:
        v.add(
            "default-server-changed",
            False,
            "DEFAULT_SERVER",
            "default server changed",
            old="{} ({})".format(*old_default[0]),
            new="{} ({})".format(*new_default[0]),
        )
