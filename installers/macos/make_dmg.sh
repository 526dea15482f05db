#!/bin/sh
# Makes the macOS disk image: Lanthorn.app (built by PyInstaller from installers/lanthorn.spec,
# the same spec and data as the Linux and Windows packages) beside a link to /Applications, so
# a person drags the app onto the link. Run by `python -m installers.build` on a Mac:
#   sh installers/macos/make_dmg.sh build/installer/dist/Lanthorn.app dist/Lanthorn-0.1.0-macos.dmg
# The app is signed ad hoc (`codesign -s -`), which Apple Silicon requires to run it at all; a
# release signed with a Developer ID and notarized (`xcrun notarytool`) opens without the
# "unidentified developer" prompt. Set LANTHORN_SIGN_IDENTITY to sign with one.
set -eu

app="$1"
dmg="$2"
[ -d "$app" ] || { echo "No app bundle at $app: run python -m installers.build first." >&2; exit 1; }

codesign --force --deep --sign "${LANTHORN_SIGN_IDENTITY:--}" "$app"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname Lanthorn -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
echo "$dmg"
