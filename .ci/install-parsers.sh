#!/usr/bin/env bash
# Install the real calendar-client parsers the test suite checks .ics feeds
# with (tests/calparsers.py):
#   - ical.js (Thunderbird, Nextcloud's web calendar), pinned in
#     tests/parsers/package.json + package-lock.json, into
#     tests/parsers/node_modules, run with the machine's node;
#   - sabre/vobject 4 (Nextcloud server), from Debian's *experimental* suite,
#     downloaded with a private apt configuration (the machine's apt sources
#     and pins are not touched, nothing from experimental is installed
#     system-wide) and unpacked into tests/parsers/vendor-debian/, run with
#     Debian 12's php-cli.
# For Debian 12 as root. Idempotent: a second run only checks and exits.
set -euo pipefail

# Debian package of sabre/vobject 4; Debian 12 itself only has 2.1.7.
SABRE_VOBJECT_DEB="php-sabre-vobject"
SABRE_VOBJECT_DEB_VERSION="4.1.0-1"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_KEYRING="/usr/share/keyrings/debian-archive-keyring.gpg"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PARSERS="$ROOT/tests/parsers"
VENDOR="$PARSERS/vendor-debian"
STAMP="$VENDOR/.installed"
START=$SECONDS

export DEBIAN_FRONTEND=noninteractive

log() { printf 'install-parsers: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    log "must run as root (apt-get install)" >&2
    exit 1
fi

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        apt-get update -qq
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- node + npm ------------------------------------------------------------
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

# --- php-cli + mbstring (sabre/vobject's dependencies in Debian) -----------
if ! command -v php >/dev/null 2>&1; then
    missing+=(php-cli php-mbstring)
elif ! php -r 'exit(extension_loaded("mbstring") ? 0 : 1);' 2>/dev/null; then
    missing+=(php-mbstring)
fi
[ -r "$DEBIAN_KEYRING" ] || missing+=(debian-archive-keyring)

if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
fi

# --- ical.js ----------------------------------------------------------------
want_icaljs="$(sed -n 's/.*"ical\.js": *"\([^"]*\)".*/\1/p' "$PARSERS/package.json")"
have_icaljs="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
    "$PARSERS/node_modules/ical.js/package.json" 2>/dev/null | head -n1 || true)"
if [ "$have_icaljs" != "$want_icaljs" ]; then
    log "npm ci (ical.js $want_icaljs)"
    (cd "$PARSERS" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- sabre/vobject 4 from Debian experimental -------------------------------
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$SABRE_VOBJECT_DEB=$SABRE_VOBJECT_DEB_VERSION" ] \
    || [ ! -f "$VENDOR/usr/share/php/Sabre/VObject/Version.php" ]; then
    log "fetching $SABRE_VOBJECT_DEB $SABRE_VOBJECT_DEB_VERSION from Debian experimental"
    rm -rf "$VENDOR"
    apt_dir="$(mktemp -d)"
    trap 'rm -rf "$apt_dir"' EXIT
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
    echo "deb [signed-by=$DEBIAN_KEYRING] $DEBIAN_MIRROR experimental main" >"$apt_dir/sources.list"
    # A private apt: only the experimental index, in a throw-away directory.
    apt_opts=(
        -o "Dir::Etc::SourceList=$apt_dir/sources.list"
        -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::State::Lists=$apt_dir/lists"
        -o "Dir::Cache=$apt_dir/cache"
        -o "Dir::Etc::Preferences=/dev/null"
        -o "Dir::Etc::PreferencesParts=/dev/null"
        -o "APT::Sandbox::User=root"
    )
    apt-get "${apt_opts[@]}" update -qq
    (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download -qq \
        "$SABRE_VOBJECT_DEB=$SABRE_VOBJECT_DEB_VERSION")
    mkdir -p "$VENDOR"
    for deb in "$apt_dir"/debs/*.deb; do
        dpkg-deb -x "$deb" "$VENDOR"
    done
    echo "$SABRE_VOBJECT_DEB=$SABRE_VOBJECT_DEB_VERSION" >"$STAMP"
    rm -rf "$apt_dir"
    trap - EXIT
fi

# --- smoke check -------------------------------------------------------------
log "ical.js: $(node "$PARSERS/icaljs_check.mjs" --version)"
log "vobject: $(php "$PARSERS/vobject_check.php" --version)"
log "done in $((SECONDS - START))s"
