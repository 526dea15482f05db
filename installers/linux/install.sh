#!/bin/sh
# Installs Lanthorn for you (no administrator password): the app in ~/.local/lib/lanthorn, a
# `lanthorn-desktop` command in ~/.local/bin, and a menu entry with the icon. Double-click it in
# the file manager ("Run"), or run `./install.sh`. Options:
#   --prefix DIR   install under DIR instead of ~/.local (e.g. /usr/local, as root)
#   --uninstall    remove what an earlier install put there (your documents and chats stay)
set -eu

prefix="${HOME}/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) action=uninstall; shift ;;
        *) echo "usage: $0 [--prefix DIR] [--uninstall]" >&2; exit 2 ;;
    esac
done

here="$(cd "$(dirname "$0")" && pwd)"
app_dir="${prefix}/lib/lanthorn"
bin="${prefix}/bin/lanthorn-desktop"
entry="${prefix}/share/applications/lanthorn.desktop"
icon="${prefix}/share/icons/hicolor/256x256/apps/lanthorn.png"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "${prefix}/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "${prefix}/share/icons/hicolor" || true
}

if [ "$action" = uninstall ]; then
    rm -rf "$app_dir"
    rm -f "$bin" "$entry" "$icon"
    refresh_menus
    echo "Lanthorn is removed. Your documents, chats and settings were left where they are."
    exit 0
fi

if [ ! -x "${here}/Lanthorn/Lanthorn" ]; then
    echo "The Lanthorn folder is missing beside this script: unpack the whole download first." >&2
    exit 1
fi
resources="${here}/Lanthorn/_internal/resources"

mkdir -p "${prefix}/lib" "${prefix}/bin" "$(dirname "$entry")" "$(dirname "$icon")"
rm -rf "${app_dir}.new"
cp -R "${here}/Lanthorn" "${app_dir}.new"
rm -rf "$app_dir"
mv "${app_dir}.new" "$app_dir"
ln -sf "${app_dir}/Lanthorn" "$bin"
cp "${resources}/icons/lanthorn.png" "$icon"
# The menu entry names the installed program by its full path, so it starts whatever PATH is.
sed -e "s|^Exec=.*|Exec=\"${app_dir}/Lanthorn\"|" -e "s|^Icon=.*|Icon=lanthorn|" \
    "${resources}/lanthorn.desktop" > "$entry"
chmod 644 "$entry" "$icon"
refresh_menus

echo "Lanthorn is installed. Start it from your applications menu, or run: ${bin}"
echo "To check this install: ${bin} --self-test"
