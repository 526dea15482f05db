#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so tests use a
# real keyring; falls back to running it directly where those tools are missing.
set -euo pipefail
if [[ -z "${LANTHORN_IN_BUS:-}" ]] && command -v dbus-run-session >/dev/null; then
    LANTHORN_IN_BUS=1 exec dbus-run-session -- "$0" "$@"
fi
if command -v gnome-keyring-daemon >/dev/null; then
    eval "$(printf '\n' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
fi
exec "$@"
